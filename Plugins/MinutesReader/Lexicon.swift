// Word lists the minutes parser relies on: Chinese surnames (to accept a speaker who is not on
// the roster), common words that look like names, section headings, roster field keywords and
// Chinese numerals. Written from general knowledge of Chinese naming; no external data.

enum Lexicon {
    /// Common single-character Chinese surnames (the few hundred that cover nearly everyone).
    static let surnames: Set<Character> = Set(
        "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由扆折代"
    )

    /// Two-character surnames.
    static let compoundSurnames: Set<String> = [
        "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
        "夏侯", "轩辕", "令狐", "独孤", "端木", "南宫", "西门", "百里", "呼延", "万俟", "司空", "澹台",
    ]

    /// Words of two or three characters that begin with a surname character but are not names; a
    /// candidate speaker spelled like one of these is never accepted unless it is on the roster.
    static let notNames: Set<String> = [
        "方案", "方面", "方向", "方法", "方式", "方针", "高层", "高效", "高质量", "于是", "明确", "金融", "安全",
        "安排", "程序", "文化", "文档", "向上", "常规", "时间", "时代", "成本", "成果", "成效", "原则",
        "包装", "管理", "管控", "全面", "全员", "全局", "毛利", "应用", "应对", "任务", "计划", "路径",
        "项目", "关键", "关于", "能力", "宁可", "林业", "黄金", "司法", "杨柳", "周期", "周边", "周报",
        "周会", "经验", "经济", "经营", "康养", "史料", "石油", "水利", "平台", "平时", "国产化", "国家",
        "国际", "国内", "信息", "信创", "信心", "元宇宙", "通用", "通过", "单位", "单体", "单点", "万物",
        "阳光", "和谐", "江湖", "海外", "海量", "花费", "云平台", "云网", "云计算", "车辆", "车联网",
        "商务", "商业", "商机", "商飞", "展示", "展厅", "展望", "宣传", "宣讲", "相关", "初期", "初步",
        "门户", "门槛", "容量", "敬请", "来源", "普及", "章程", "党建", "宫格", "席位", "宗旨", "边界",
        "边缘", "师徒", "和而", "沙盘", "荣誉", "封装", "谈判", "原厂", "南区", "西区", "东区", "北区",
        "中区", "班组", "储备", "楼宇", "满意度", "闻讯", "位置", "区域", "区县", "海关", "权限", "强化",
        "屠宰", "井下", "祖国", "支撑", "支持", "支付", "国企", "平衡", "计算", "索引", "宣贯", "晋升",
        "云端", "都市", "普惠", "戈壁", "雍容", "修订", "修改", "战略", "战区", "战时", "危化品", "利用",
        "利润", "居民", "干部", "但是", "元素", "富余", "由于", "施工", "文本", "文件", "乐观",
        "时效", "明天", "明年", "何时", "何处", "于都", "向量", "万元", "鲁棒", "丁点", "江西", "江苏",
        "武汉", "洪水", "汤包", "柏林", "桂林", "成都", "苏州", "连接", "连续", "连通", "解决", "解析",
        "解读", "卫星", "冯氏", "郑州", "严格", "严控", "米级", "梅花", "白皮书", "白天", "任何", "齐全",
        "易用性", "易用", "庞大", "颜值", "聂氏", "章节", "孔径", "关注", "关系", "甘肃", "祝贺", "包括",
        "宁夏", "尚未", "符合", "舒适", "阮氏", "纪律", "纪检", "单独", "季度", "曲线", "盛会", "谷歌",
        "路线", "路标", "管道", "柴油", "蒙古", "华为", "华三", "华智", "喻义", "房地产", "房屋", "屈指",
        "艾滋", "尤其", "阳台", "时刻", "时机", "时限", "司机", "古代", "吉林", "简单", "简化", "车间",
        "项目组", "连续性", "景区", "党委", "宫殿", "费用", "卜算", "冷链", "席卷", "卫生", "米面", "宗教",
        "全流程", "全国", "佟氏", "应急", "应该", "臧否", "边防", "卞氏", "师资", "和平", "沙龙", "荣获",
        "商城", "商品", "刁难", "桑拿", "郎中", "甄别", "丛书", "仲裁", "虞美", "巩固", "明显", "池化",
        "查询", "查找", "麻烦", "苑囿", "迟到", "官网", "官方", "封闭", "谈话", "匡正", "鞠躬", "惠民",
        "荆州", "乐意", "冀望", "胥吏", "南京", "班长", "储能", "原有", "原来", "栗子", "燕赵", "楚国",
        "劳动", "皮肤", "盘点", "满足", "闻名", "位于", "厉害", "伊始", "区分", "区块链", "海南", "花园",
        "权益", "强调", "强度", "帅气", "豆腐", "朴素", "盖章", "练习", "廉价", "禹州", "井然", "祖籍",
        "漆黑", "巴西", "丰富", "支部", "卿相", "国网", "狄更斯", "平均", "计划书", "索取", "宣布", "晋级",
        "相应", "初验", "初始", "门店", "云上", "容器", "容错", "敬业", "来自", "扈从", "都是", "普遍",
        "浦东", "伏案", "鹿晗", "薄弱", "羊群", "阿里", "乌鲁", "母公司", "修复", "赫兹", "杭州", "况且",
        "那么", "宿舍", "鲜明", "印象", "印刷", "隆重", "诸如", "战斗", "慕课", "危机", "玉米", "银行",
        "公安", "公司", "公共", "公众号", "湛江", "宾馆", "戎装", "勾选", "茅台", "於是", "呼叫", "呼和",
        "居然", "揭示", "干活", "斯坦", "束缚", "檀香", "衣服", "信任", "展开", "阴影", "智慧", "智能",
        "智算", "幸福", "奉献", "植入", "衡量", "富有", "尧舜", "闭环", "由此", "代表", "代表处", "代码",
        "代理", "折扣", "折算", "扆氏", "黎明", "贺电", "顾客", "顾问", "龚氏", "邵阳", "钱款", "严重",
        "戴帽", "温度", "温州", "施行", "葛根", "邢台", "安平", "安防", "安装", "齐心", "乔迁", "伍佰",
        "庄严", "聂拉", "鲁南", "岳阳", "翟氏", "殷切", "詹氏", "申请", "申报", "欧洲", "耿直", "关联",
        "兰州", "焦点", "俞氏", "左右", "柳州", "甘于", "祝愿", "包含", "包袱", "宁波", "尚可", "符号",
        "舒服", "柯氏", "纪要", "梅州", "童年", "凌晨", "毕竟", "单一", "季节", "裴氏", "霍乱", "涂料",
        "成立", "成熟", "成为", "苗头", "谷物", "盛大", "曲折", "翁氏", "冉冉", "骆驼", "蓝军", "蓝图",
        "路演", "靳氏", "管网", "柴氏", "蒙受", "鲍鱼", "华南", "华北", "华东", "华中", "祁连", "蒲公英",
        "房间", "滕州", "屈服", "饶恕", "解答", "牟利", "艾草", "尤为", "阳性", "时候", "时长", "穆斯林",
        "农业", "农村", "司令", "卓越", "古老", "吉祥", "缪斯", "简报", "车载", "项目经理", "连带", "芦苇",
        "麦克", "褚氏", "娄底", "窦氏", "戚氏", "岑氏", "景观", "党员", "宫廷", "费时", "卜卦", "冷静",
        "晏氏", "席位数", "卫健", "米兰", "柏油", "宗族", "瞿氏", "桂花", "全部", "全体", "佟家", "应收",
        "臧氏", "闵行", "苟且", "邬氏", "边际", "卞和", "姬氏", "师生", "和谐度", "仇恨", "栾氏", "隋唐",
        "商量", "刁氏", "沙特", "荣辱", "巫山", "寇氏", "桑田", "郎氏", "甄选", "丛林", "仲夏", "虞氏",
        "敖包", "巩义", "明白", "佘山", "池塘", "查看", "麻醉", "苑氏", "迟缓", "邝氏", "官员", "封顶",
        "谈论", "匡氏", "鞠氏", "惠州", "荆门", "乐于", "冀州", "郁闷", "胥氏", "南方", "班车", "储存",
        "原因", "栗色", "燕子", "楚雄", "鄢陵", "劳务", "谌氏", "奚落", "皮革", "粟米", "冼氏", "蔺氏",
        "楼层", "盘子", "满分", "闻到", "位数", "厉行", "伊朗", "仝氏", "区别", "郜氏", "海量数据", "阚氏",
        "花钱", "权重", "强势", "帅才", "屠夫", "豆瓣", "朴实", "盖子", "练兵", "廉洁性", "禹氏", "井口",
        "祖先", "漆器", "巴黎", "丰收", "支出", "卿氏", "国外", "狄氏", "平安", "计费", "索要", "宣讲会",
        "晋城", "相同", "初心", "门类", "云南", "容易", "敬礼", "来看", "扈氏", "晁氏", "芮氏", "都会",
        "普通", "阙氏", "浦发", "戈氏", "伏笔", "鹿城", "薄膜", "邸氏", "雍正", "辜负", "羊毛", "阿拉",
        "乌兰", "母亲", "裘皮", "亓氏", "修正", "邰氏", "赫然", "杭氏", "况氏", "那些", "宿迁", "鲜花",
        "印发", "逯氏", "隆起", "茹氏", "诸多", "战役", "慕名", "危险", "玉石", "银川", "亢奋", "嵇氏",
        "公开", "哈尔滨", "湛蓝", "宾客", "戎氏", "勾结", "茅草", "利益", "於氏", "呼应", "居住", "揭开",
        "干扰", "但愿", "尉氏", "冶炼", "斯氏", "元年", "束氏", "檀氏", "衣食", "信号", "展现", "阴天",
        "昝氏", "智库", "幸运", "奉行", "植物", "衡水", "富裕", "尧氏", "闭门", "由来",
    ]

    /// Words that introduce a point or a sub-topic inside a statement and must never be read as a
    /// speaker, whatever their spelling looks like.
    static let neverSpeakers: Set<String> = [
        "总结", "小结", "问题", "目标", "要点", "体会", "感受", "解析", "讨论", "建议", "措施", "思路",
        "背景", "现状", "结论", "备注", "说明", "其他", "其它", "补充", "例如", "比如", "注意", "重点",
        "核心", "主题", "议题", "内容", "时间", "地点", "主持", "记录", "纪要", "组长", "组员", "成员",
    ]

    /// Section headings recognised at a statement boundary, with or without a colon.
    static let headings: [String] = [
        "讨论核心要点", "核心要点", "发言小结", "核心目标", "核心主题", "专题问题讨论", "会议内容", "讨论内容",
        "主要内容", "会议记录", "发言记录", "讨论记录", "发言摘要", "会议决议", "决议事项", "会议结论",
        "后续行动", "行动项", "待办事项", "下一步工作", "下一步计划", "讨论要点", "主要观点", "发言要点",
        "Key points", "Key Points", "KEY POINTS", "Discussion", "Summary", "Action items", "Action Items",
        "Next steps", "Next Steps", "Decisions", "Notes", "Highlights", "Takeaways", "Key takeaways",
        "Key Takeaways", "Discussion notes", "Discussion Notes",
    ]

    /// ``headings`` as a set.
    static let headingSet: Set<String> = Set(headings)

    /// Roster and header field keywords, by the field they fill.
    enum FieldKind: Equatable, Sendable {
        case leader, members, recorders, absent
        case meta(String)
    }

    /// Keywords introducing a field (matched at a boundary and followed by a colon).
    static let fieldKeywords: [(String, FieldKind)] = [
        ("组长", .leader), ("主持人", .leader), ("主持", .leader), ("召集人", .leader), ("小组长", .leader),
        ("组员", .members), ("成员", .members), ("小组成员", .members), ("参会人员", .members), ("参会人", .members),
        ("与会人员", .members), ("出席人员", .members), ("参加人员", .members), ("参会者", .members), ("参与人员", .members), ("出席", .members),
        ("记录员", .recorders), ("记录人", .recorders), ("纪要", .recorders), ("纪要人", .recorders),
        ("记录", .recorders), ("整理人", .recorders), ("整理", .recorders), ("汇报人", .recorders), ("报告人", .recorders),
        ("缺席人员", .absent), ("缺席", .absent), ("请假人员", .absent), ("请假", .absent),
        ("时间", .meta("time")), ("会议时间", .meta("time")), ("日期", .meta("time")),
        ("地点", .meta("place")), ("会议地点", .meta("place")),
        ("会议主题", .meta("topic")), ("讨论主题", .meta("topic")), ("讨论议题", .meta("topic")), ("主题", .meta("topic")),
        ("Facilitator", .leader), ("Group leader", .leader), ("Group Leader", .leader), ("Leader", .leader),
        ("Chair", .leader), ("Moderator", .leader), ("Lead", .leader),
        ("Members", .members), ("Participants", .members), ("Attendees", .members), ("Present", .members),
        ("Note-taker", .recorders), ("Note taker", .recorders), ("Notetaker", .recorders), ("Recorder", .recorders),
        ("Rapporteur", .recorders), ("Scribe", .recorders), ("Minutes by", .recorders), ("Note-takers", .recorders),
        ("Absent", .absent), ("Apologies", .absent),
        ("Date", .meta("time")), ("Time", .meta("time")), ("Location", .meta("place")), ("Venue", .meta("place")),
        ("Room", .meta("place")), ("Topic", .meta("topic")), ("Theme", .meta("topic")),
    ]

    /// Honorifics that turn a name fragment into a nickname (`飞总` for 李飞, `淑英老师`).
    static let honorifics: [String] = ["老师", "经理", "主任", "总", "工", "哥", "姐"]

    /// Markers of a report title (`分组讨论书面汇报材料`, `第三小组会议纪要`, `Breakout Group 3`).
    static let titleMarkers: [String] = [
        "书面汇报", "汇报材料", "会议纪要", "讨论纪要", "小组纪要", "讨论记录", "会议记录", "分组讨论汇报",
        "Breakout", "Break-out", "BREAKOUT", "Break-Out",
    ]

    /// The value of a Chinese numeral of up to four digits (`十八` is 18, `二十三` 23, `一〇二` 102).
    static func chineseNumber(_ text: Substring) -> Int? {
        let digits: [Character: Int] = [
            "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
        ]
        let units: [Character: Int] = ["十": 10, "百": 100, "千": 1000]
        guard !text.isEmpty else { return nil }
        if text.allSatisfy({ digits[$0] != nil }) && text.count > 1 {
            return text.reduce(0) { $0 * 10 + digits[$1]! }
        }
        var total = 0
        var current = 0
        var sawAny = false
        for ch in text {
            if let d = digits[ch] {
                current = d
                sawAny = true
            } else if let u = units[ch] {
                total += (current == 0 && !sawAny ? 1 : current) * u
                current = 0
                sawAny = true
            } else {
                return nil
            }
        }
        return total + current
    }

    /// Whether `c` is a Chinese numeral character.
    static func isChineseNumeral(_ c: Character) -> Bool { "零〇一二三四五六七八九十百千两".contains(c) }
}
