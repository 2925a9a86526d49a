import Foundation
import SluiceCore
import Testing

@testable import SluiceNewsReader

/// The article, title, date and people out of realistic pages: the seed articles in three site
/// templates, test pages in several encodings and languages, and the flattened text seeds.
@Suite struct NewsPageTests {
    static let portalChrome = [
        "最新内容", "热点推荐", "夏季养生", "慎重声明", "京ICP备", "分享到", "上一篇", "下一篇", "您当前的位置", "设为首页", "关于我们",
        "责任编辑", "2020-07-20 14:05", "来源", "QQ空间",
    ]

    @Test func gbkTablePortal() throws {
        let (doc, warnings) = try Fixture.read(Fixture.sample("portal-gbk-table.html"))
        #expect(doc.kind == "news")
        #expect(doc.source.encoding == "GB18030")
        #expect(doc.title == "蓝盟故事:找回初心,一起开始下一段旅行")
        #expect(doc.published == "2020-07-20T14:05:00+08:00")
        #expect(doc.metadata["outlet"] == "互联网")
        #expect(doc.metadata["editor"] == "fafa")
        #expect(doc.metadata["site"] == "中国健康资讯网")
        #expect(doc.text.contains("乌镇来过,未曾离开。"))
        #expect(doc.text.contains("路还很长,相信,我们能找回;今天,我们已找到。"))
        #expect(doc.text.contains("蓝盟于2002年成立于上海"))
        for chrome in Self.portalChrome { #expect(!doc.text.contains(chrome), "chrome '\(chrome)' in body") }
        // File names shown under images are not text; each image appears once.
        #expect(!doc.text.contains(".jpg"))
        let images = doc.blocks.filter { $0.type == .image }
        #expect(images.count == 9)
        #expect(images.first?.src == "/uploads/allimg/200720/微信截图_20200720091155.jpg")
        #expect(warnings.isEmpty)
    }

    @Test func modernArticlePage() throws {
        let (doc, _) = try Fixture.read(Fixture.sample("modern-article-utf8.html"))
        #expect(doc.title == "“有人用它触达,有人用它实现数字化” | 封面人物")
        #expect(doc.published == "2021-01-19")
        #expect(doc.metadata["author"] == "张明萌")
        #expect(doc.metadata["editor"] == "慕陶")
        #expect(doc.metadata["outlet"] == "南方人物周刊")
        #expect(doc.metadata["site"] == "荆州市华联科技有限公司")
        #expect(doc.metadata["url"] == "https://www.hualian-jz.com/news/hyzx/2021/0119/312.html")
        #expect(doc.metadata["language"] == "zh-CN")
        #expect(doc.text.contains("苏敏踩着铃声出现"))
        #expect(doc.text.contains("原来是被动用,现在是主动用。浙政钉是我们政务协同的总平台,会继续带给大家更大的改变。"))
        for chrome in ["联系人", "15607213000", "ontact us", "公众号二维码", "客服头部", "您当前的位置", "分享到", "上一篇", "ICP",
            "全文约6525字", "hj2000@163.com", "1周前", "本文首发于", "更新时间"]
        {
            #expect(!doc.text.contains(chrome), "chrome '\(chrome)' in body")
        }
        let headings = doc.blocks.filter { $0.type == .heading }.map(\.text)
        #expect(headings == ["平凡的细节", "便民、善政、兴业", "八万人在线", "政务协同总平台"])
        let captions = doc.blocks.filter { $0.type == .image }.map(\.text)
        #expect(captions.contains("制图/陈志彤"))
        #expect(captions.contains("利川市智慧城市中心总工程师刘锋"))
        // Order: the lead comes before the first section.
        let lead = doc.blocks.firstIndex { $0.text == "一场疫情,间接将多个行业的数字化进程推进了数年" }
        let section = doc.blocks.firstIndex { $0.text == "平凡的细节" }
        #expect(lead != nil && section != nil && lead! < section!)
    }

    @Test func messyCMSPage() throws {
        let (doc, _) = try Fixture.read(Fixture.sample("messy-cms.html"))
        #expect(doc.title == "新征程新奋斗|探索“现代服务业”援疆援滇 他与国家发展同频共振")
        #expect(doc.published?.hasPrefix("2023-11-27") == true)
        #expect(doc.metadata["author"] == "黄丽春")
        #expect(doc.metadata["editor"] == "陈晨")
        #expect(doc.metadata["outlet"] == "东方网")
        #expect(doc.blocks.first?.text.hasPrefix("他是一家以产业数据为生产要素的产业互联网企业老总") == true)
        #expect(doc.text.contains("在“一带一路”的道路上走得越来越远。"))
        for chrome in ["为吴军点赞", "喀什老李", "网友评论", "cnzz", "点击查看更多精彩内容", "广告", "长三角一体化示范区", "冬季用电高峰",
            "东方网版权所有", "违法和不良信息举报", "上一篇", "分享到", "您的浏览器版本过低", "责任编辑", "pageConfig"]
        {
            #expect(!doc.text.contains(chrome), "chrome '\(chrome)' in body")
        }
        #expect(doc.blocks.contains { $0.type == .heading && $0.text == "企业发展壮大的“法宝”是党建引领" })
    }

    @Test func governmentPageUTF8() throws {
        let (doc, _) = try Fixture.read(Fixture.fixture("gov-utf8.html"))
        #expect(doc.title == "十三届全国人大四次会议在京开幕")
        #expect(doc.published == "2021-03-05T10:30:00+08:00")
        #expect(doc.metadata["outlet"] == "新华社")
        #expect(doc.metadata["editor"] == "王五")
        #expect(doc.metadata["site"] == "中国政府网")
        #expect(doc.blocks.count == 4)
        for chrome in ["字体", "打印", "相关稿件", "政府工作报告全文", "我要纠错", "京ICP备", "当前位置"] { #expect(!doc.text.contains(chrome)) }
    }

    @Test func gb2312LabelWithGBKOnlyCharacters() throws {
        let (doc, _) = try Fixture.read(Fixture.fixture("gb2312-label-gbk-chars.html"))
        #expect(doc.source.encoding == "GB18030")
        #expect(doc.title == "我市基层医疗卫生服务能力持续提升")
        #expect(doc.published == "2019-06-12T09:08:00+08:00")
        #expect(doc.metadata["author"] == "李喆")
        #expect(doc.metadata["editor"] == "张堃")
        #expect(doc.metadata["outlet"] == "江城日报")
        // GBK-only characters decode (no mojibake, no replacement characters).
        #expect(doc.text.contains("朱镕基同志"))
        #expect(doc.text.contains("市民王堃说"))
        #expect(!doc.text.contains("\u{FFFD}"))
        // The by-line prefix is metadata, not body.
        #expect(doc.blocks.first?.text.hasPrefix("近日，市卫健委召开新闻发布会") == true)
        for chrome in ["夏季饮食注意事项", "打印本页", "关闭窗口", "版权所有", "解放路100号"] { #expect(!doc.text.contains(chrome)) }
    }

    @Test func big5Page() throws {
        let (doc, _) = try Fixture.read(Fixture.fixture("big5.html"))
        #expect(doc.source.encoding == "Big5")
        #expect(doc.title == "東北季風增強 北部明起轉涼")
        #expect(doc.published == "2022-11-14T16:20:00+08:00")
        #expect(doc.metadata["author"] == "陳怡君")
        #expect(doc.blocks.count == 3)
        #expect(doc.text.contains("中央氣象局今天表示"))
        for chrome in ["颱風動態最新消息", "標籤", "首頁", "All rights reserved"] { #expect(!doc.text.contains(chrome)) }
    }

    @Test func pageThatSaysUTF8ButIsGBK() throws {
        let (doc, warnings) = try Fixture.read(Fixture.fixture("utf8-label-actually-gbk.html"))
        #expect(doc.source.encoding == "GB18030")
        #expect(warnings.contains { $0.contains("declares charset 'utf-8'") })
        #expect(doc.title == "全省高校招生录取工作圆满结束")
        #expect(doc.published == "2020-08-25")
        #expect(doc.metadata["outlet"] == "省教育厅")
        #expect(doc.text.contains("记者从省教育厅获悉，今年全省普通高校招生录取工作已全面结束"))
        #expect(!doc.text.contains("教师资格考试报名开始"))
    }

    @Test func englishPage() throws {
        let (doc, _) = try Fixture.read(Fixture.fixture("english.html"))
        #expect(doc.title == "Council approves 40 km of new protected bike lanes")
        #expect(doc.published == "2023-05-16T09:30:00-04:00")
        #expect(doc.metadata["author"] == "Jane Doe")
        #expect(doc.metadata["site"] == "Riverside Daily News")
        #expect(doc.metadata["language"] == "en")
        #expect(doc.text.contains("City officials on Tuesday approved a plan"))
        #expect(doc.text.contains("expected to open by the end of next year."))
        #expect(doc.blocks.contains { $0.type == .heading && $0.text == "Concerns from businesses" })
        #expect(doc.blocks.contains { $0.type == .image && $0.src == "/img/bike-lane.jpg" && $0.text.hasPrefix("A cyclist rides") })
        for chrome in ["Advertisement", "Share on Facebook", "Related stories", "Transit fares", "bikefan22", "Finally!", "Privacy", "Skip to content", "By Jane Doe"] {
            #expect(!doc.text.contains(chrome), "chrome '\(chrome)' in body")
        }
    }

    // MARK: Flattened text

    @Test func flattenedHealthPortalPage() throws {
        let (doc, _) = try Fixture.read(Fixture.document("news-page-text-1.txt"))
        #expect(doc.kind == "news")
        #expect(doc.title == "蓝盟故事:找回初心,一起开始下一段旅行")
        #expect(doc.published == "2020-07-20T14:05:00+08:00")
        #expect(doc.metadata["outlet"] == "互联网")
        #expect(doc.metadata["editor"] == "fafa")
        #expect(doc.metadata["site"] == "中国健康资讯网")
        #expect(doc.blocks.first?.text == "乌镇来过,未曾离开。乌镇之美,美在朦朦的烟雨,美在月光如瀑的静夜,美在江南水乡温软如水般的柔润,流进心里,萦绕在心头。")
        #expect(doc.text.contains("蓝盟于2002年成立于上海"))
        for chrome in ["中国健康资讯网", ".jpg", "责任编辑", "分享到", "慎重声明", "来源"] { #expect(!doc.text.contains(chrome), "'\(chrome)' in body") }
        let images = doc.blocks.filter { $0.type == .image }.compactMap(\.src)
        #expect(images.count == 9)
        #expect(images.contains("微信截图_20200720091408.jpg") && images.contains("微信截图_20200720091258.jpg"))
    }

    @Test func flattenedCompanySitePage() throws {
        let (doc, _) = try Fixture.read(Fixture.document("news-page-text-2.txt"))
        #expect(doc.title == "“有人用它触达,有人用它实现数字化” | 封面人物")
        #expect(doc.published == "2021-01-19")
        #expect(doc.metadata["author"] == "张明萌")
        #expect(doc.metadata["editor"] == "慕陶")
        #expect(doc.metadata["outlet"] == "南方人物周刊")
        #expect(doc.text.contains("苏敏踩着铃声出现,将我们带进了会议室"))
        #expect(doc.text.contains("浙政钉是我们政务协同的总平台,会继续带给大家更大的改变。"))
        for chrome in ["新闻动态", "NEWS", "ontact us", "联系人", "15607213000", "您当前的位置", "更新时间", "(图", "1周前", "本文首发于",
            "全文约", "hj2000", "客服头部", "公众号二维码", "0716-8131682"]
        {
            #expect(!doc.text.contains(chrome), "'\(chrome)' in body")
        }
        #expect(doc.blocks.contains { $0.type == .image && $0.text == "制图/陈志彤" })
        #expect(doc.blocks.contains { $0.type == .heading && $0.text == "八万人在线" })
    }

    @Test func flattenedReportWithBrokenEntities() throws {
        let (doc, _) = try Fixture.read(Fixture.document("news-article-3.txt"))
        #expect(doc.title == "新征程新奋斗|探索“现代服务业”援疆援滇 他与国家发展同频共振")
        #expect(doc.metadata["author"] == "黄丽春")
        #expect(doc.metadata["outlet"] == "东方网")
        // No year on the page: the date is kept without one rather than guessed.
        #expect(doc.published == nil)
        #expect(doc.metadata["published_month_day"] == "11-27")
        #expect(doc.blocks.first?.text.hasPrefix("他是一家以产业数据为生产要素") == true)
        #expect(!doc.text.contains("最新内容"))
        #expect(!doc.text.contains("?"))
        #expect(!doc.text.contains("xA0;"))
        #expect(doc.blocks.contains { $0.type == .heading && $0.text == "把呼叫中心建在“一带一路”桥头堡" })
    }
}

/// Pages flattened to text by a generic HTML-to-text conversion (menus on one line, sidebars
/// and teasers after the article).
@Suite struct FlattenedVariantTests {
    @Test func articleEndsAtTheEditorLine() throws {
        let (doc, _) = try Fixture.read(Fixture.fixture("flattened-short-article.txt"))
        #expect(doc.title == "市区部分路段今晚起临时交通管制")
        #expect(doc.published == "2021-08-30T16:45:00+08:00")
        #expect(doc.metadata["author"] == "周涛")
        #expect(doc.metadata["editor"] == "何敏")
        #expect(doc.metadata["outlet"] == "江城在线")
        #expect(doc.blocks.count == 2)
        #expect(!doc.text.contains("老旧小区改造"))
        #expect(!doc.text.contains("本地要闻"))
    }

    @Test func menuLinesAreNotArticleText() throws {
        let (doc, _) = try Fixture.read(Fixture.fixture("flattened-portal.txt"))
        #expect(doc.title == "蓝盟故事:找回初心,一起开始下一段旅行")
        #expect(doc.published == "2020-07-20T14:05:00+08:00")
        #expect(doc.metadata["outlet"] == "互联网")
        #expect(!doc.text.contains("健康新闻"))
        #expect(!doc.text.contains("夏季养生"))
        #expect(doc.text.hasPrefix("乌镇来过,未曾离开。"))
    }

    @Test func englishArticleStopsAtMoreFrom() throws {
        let (doc, _) = try Fixture.read(Fixture.fixture("flattened-english.txt"))
        #expect(doc.title == "Researchers map ancient river channels beneath the desert")
        #expect(doc.metadata["author"] == "Sam Okoye")
        #expect(doc.blocks.count == 4)
        #expect(doc.text.hasSuffix("which could reveal when the rivers last carried water."))
        #expect(!doc.text.contains("Glacier"))
    }

    @Test func headlineAboveAnUnlabelledDateLine() throws {
        let (doc, _) = try Fixture.read(Fixture.fixture("flattened-wechat.txt"))
        #expect(doc.title == "田间地头的“数字新农人”")
        #expect(doc.published == "2023-06-15T07:30:00+08:00")
        #expect(doc.metadata["author"] == "陈晓")
        #expect(doc.metadata["editor"] == "刘洋")
        #expect(doc.text.contains("夕阳西下，老周扛起锄头往家走。"))
    }
}

@Suite struct TitleTests {
    @Test func headlineWinsOverAnSEOTitle() throws {
        let html = """
            <html><head><meta charset="utf-8"><title>北京租房攻略 北京哪里租房便宜 2023租房指南</title></head><body>
            <div class="logo"><a href="/">生活网</a></div>
            <div class="art"><h1>年轻人在北京租房的真实开销</h1><p class="info">2023-04-02 来源：生活网</p>
            <div class="body"><p>对于刚毕业的年轻人来说，在北京租房是一笔不小的开销。记者走访了几个热门租房片区，发现一居室的月租金普遍在四千元以上。</p>
            <p>不少年轻人选择合租来降低成本。在通州、昌平等地，合租一个次卧的价格在两千元左右，通勤时间则普遍超过一个小时。</p></div></div>
            </body></html>
            """
        let (doc, _) = try Fixture.read(bytes: Array(html.utf8), path: "seo.html")
        #expect(doc.title == "年轻人在北京租房的真实开销")
        #expect(doc.published == "2023-04-02")
        #expect(doc.metadata["outlet"] == "生活网")
        #expect(doc.blocks.count == 2)
    }
}

@Suite struct LayoutHintTests {
    @Test func articleInALeftColumnAndAnOpinionClass() throws {
        let html = """
            <html><head><meta charset="utf-8"><title>专家解读新政策_评论频道</title></head><body>
            <div class="left"><div class="commentary-body"><h1>专家解读新政策</h1><p>2022-05-06 10:00 来源：评论频道</p>
            <p>新政策出台后，引发社会广泛关注。多位专家表示，这一政策着眼长远，有利于稳定市场预期，增强各方信心，推动行业健康发展。</p>
            <p>专家同时提醒，政策落地还需要配套措施跟进，各地应结合实际抓好落实，及时回应群众关切，确保政策红利真正惠及百姓。</p></div></div>
            <div class="right"><h3>热门文章</h3><ul><li><a href="/1">今日要闻一</a></li><li><a href="/2">今日要闻二</a></li></ul></div>
            </body></html>
            """
        let (doc, _) = try Fixture.read(bytes: Array(html.utf8), path: "left.html")
        #expect(doc.title == "专家解读新政策")
        #expect(doc.blocks.count == 2)
        #expect(doc.text.hasPrefix("新政策出台后"))
        #expect(!doc.text.contains("今日要闻"))
    }
}

@Suite struct DateChoiceTests {
    @Test func headerClockAndCommentTimesAreNotThePublicationDate() throws {
        let html = """
            <html><head><meta charset="utf-8"><title>全市推进老旧小区改造_城市新闻网</title></head><body>
            <div class="topbar">今天是 <time datetime="2024-01-01">2024年1月1日 星期一</time> 欢迎访问城市新闻网</div>
            <div class="main"><h1>全市推进老旧小区改造</h1><div class="info">发布时间：2023-09-12 08:30 来源：城市新闻网</div>
            <div class="content"><p>今年以来，全市加快推进老旧小区改造工作，共有一百二十个小区纳入改造计划，惠及居民三万余户，改造内容涵盖管网、外墙和公共空间。</p>
            <p>市住建局表示，改造过程中将充分听取居民意见，坚持先民生后提升，确保改造工程质量，让群众住得更舒心。</p></div>
            <div class="comment-list"><div class="item"><span>网友甲</span><span>2024-01-01 09:00</span><p>希望我们小区也能早点改造。</p></div></div></div>
            <div class="footer">Copyright 2008-2024 城市新闻网</div></body></html>
            """
        let (doc, _) = try Fixture.read(bytes: Array(html.utf8), path: "dates.html")
        #expect(doc.published == "2023-09-12T08:30:00+08:00")
        #expect(doc.title == "全市推进老旧小区改造")
        #expect(!doc.text.contains("希望我们小区"))
    }
}
