#!/usr/bin/env python3
"""Builds the HTML news pages Sluice's samples, tests and benchmark use, and their gold
annotations (title, date, body paragraphs).

  Samples/news/*.html          the seed articles wrapped in three site templates
  Tests/SluiceNewsReaderTests/Fixtures/*.html   varied test pages (encodings, layouts, languages)
  Benchmarks/news/gold/*.json  {"file", "title", "date", "body": [paragraphs], "author", "editor", "source"}

Run from the repository root: python3 Benchmarks/news/make_pages.py
"""
import html, json, os, re, sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SEEDS = os.environ.get("SLUICE_SEEDS", "/work/shared/seeds")
SAMPLES = os.path.join(ROOT, "Samples", "news")
FIXTURES = os.path.join(ROOT, "Tests", "SluiceNewsReaderTests", "Fixtures")
GOLD = os.path.join(ROOT, "Benchmarks", "news", "gold")
e = html.escape


def write(path, text, encoding="utf-8"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(text.encode(encoding))


def gold(name, path, title, date, body, **extra):
    record = {"file": os.path.relpath(path, ROOT), "title": title, "date": date, "body": body}
    record.update(extra)
    write(os.path.join(GOLD, name + ".json"), json.dumps(record, ensure_ascii=False, indent=1))


def seed(name):
    with open(os.path.join(SEEDS, name), encoding="utf-8") as f:
        return f.read()


SIDEBAR_ZH = """
<div class="side-box"><h3>最新内容</h3><ul>
<li><a href="/n/1.html">夏季养生：多喝水少熬夜</a><span>07-19</span></li>
<li><a href="/n/2.html">专家提醒：高温天气谨防中暑</a><span>07-18</span></li>
<li><a href="/n/3.html">社区医院开展义诊活动</a><span>07-17</span></li>
<li><a href="/n/4.html">儿童近视防控进入新阶段</a><span>07-16</span></li>
</ul></div>
<div class="side-box"><h3>热点推荐</h3><ul>
<li><a href="/n/5.html">秋冬季流感疫苗接种指南发布</a></li>
<li><a href="/n/6.html">医保报销新政策解读</a></li>
<li><a href="/n/7.html">全民健身日活动精彩回顾</a></li>
</ul></div>"""


# ---------------------------------------------------------------------------------------------
# Seed 1: 中国健康资讯网, GBK old table-layout portal.
def seed1_portal():
    lines = [l.strip() for l in seed("news-page-text-1.txt").splitlines()]
    start = next(i for i, l in enumerate(lines) if l.startswith("2020-07-20 14:05")) + 1
    end = next(i for i, l in enumerate(lines) if l.startswith("责任编辑"))
    body_html, paras = [], []
    for l in lines[start:end]:
        if not l:
            continue
        l = l.replace("\u00a0", " ").strip()
        if l.endswith(".jpg"):
            for name in re.findall(r"\S+?\.jpg", l):
                body_html.append(f'<p align="center"><img src="/uploads/allimg/200720/{e(name)}" alt="{e(name)}" width="600" /></p>')
                body_html.append(f"<p align=\"center\">{e(name)}</p>")
        else:
            body_html.append(f"<p>&nbsp;&nbsp;&nbsp;&nbsp;{e(l)}</p>")
            paras.append(l)
    title = "蓝盟故事:找回初心,一起开始下一段旅行"
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<title>{title}_中国健康资讯网</title>
<meta name="keywords" content="蓝盟,团建,乌镇" />
<meta name="description" content="乌镇来过,未曾离开。乌镇之美,美在朦朦的烟雨" />
<link href="/templets/style/dedecms.css" rel="stylesheet" media="screen" type="text/css" />
<script language="javascript" type="text/javascript" src="/include/dedeajax2.js"></script>
<script type="text/javascript">var _hmt = _hmt || []; (function() {{ var hm = document.createElement("script"); hm.src = "//hm.baidu.com/hm.js?abc"; }})();</script>
</head>
<body>
<table width="960" border="0" align="center" cellpadding="0" cellspacing="0" class="top">
  <tr><td width="300"><a href="/"><img src="/images/logo.gif" width="280" height="60" alt="中国健康资讯网" /></a></td>
      <td align="right"><a href="/">设为首页</a> | <a href="/">加入收藏</a> | <a href="/about/">关于我们</a></td></tr>
</table>
<table width="960" border="0" align="center" cellpadding="0" cellspacing="0" class="nav">
  <tr><td><a href="/">首页</a> | <a href="/news/">健康新闻</a> | <a href="/yangsheng/">养生保健</a> | <a href="/jibing/">疾病防治</a> | <a href="/yiyao/">医药资讯</a> | <a href="/meirong/">美容减肥</a> | <a href="/muying/">母婴育儿</a> | <a href="/zixun/">行业资讯</a></td></tr>
</table>
<table width="960" border="0" align="center" cellpadding="0" cellspacing="0">
<tr>
<td width="680" valign="top">
  <table width="100%" border="0" cellspacing="0" cellpadding="0">
    <tr><td class="position">您当前的位置: <a href="/">首页</a> &gt; <a href="/zixun/">行业资讯</a> &gt; 正文</td></tr>
    <tr><td align="center"><h1 class="title">{title}</h1></td></tr>
    <tr><td align="center" class="info">2020-07-20 14:05&nbsp;&nbsp;&nbsp;来源: 互联网&nbsp;&nbsp;&nbsp;点击:<script src="/plus/count.php?aid=1234&mid=1"></script>次</td></tr>
    <tr><td class="content">
{chr(10).join(body_html)}
    </td></tr>
    <tr><td class="editor">责任编辑:fafa</td></tr>
    <tr><td class="share">分享到: <a href="#" class="bds_qzone">QQ空间</a> <a href="#" class="bds_tsina">新浪微博</a> <a href="#">微信</a> 0</td></tr>
    <tr><td class="shengming">【慎重声明】凡本站未注明来源为"中国健康资讯网"的所有作品,均转载、编译或摘编自其它媒体,转载、编译或摘编的目的在于传递更多信息,并不代表本站赞同其观点和对其真实性负责。如因作品内容、版权和其他问题需要同本网联系的,请在30日内进行!</td></tr>
    <tr><td class="prenext">上一篇：<a href="/zixun/1233.html">医疗器械展会在沪开幕</a><br />下一篇：<a href="/zixun/1235.html">健康中国行动推进会召开</a></td></tr>
  </table>
</td>
<td width="20"></td>
<td width="260" valign="top">{SIDEBAR_ZH}</td>
</tr>
</table>
<table width="960" border="0" align="center" cellpadding="0" cellspacing="0" class="footer">
  <tr><td align="center"><a href="/about/">关于我们</a> | <a href="/contact/">联系我们</a> | <a href="/ad/">广告服务</a> | <a href="/sitemap/">网站地图</a></td></tr>
  <tr><td align="center">Copyright &copy; 2008-2020 中国健康资讯网 版权所有 京ICP备08012345号</td></tr>
</table>
</body>
</html>
"""
    path = os.path.join(SAMPLES, "portal-gbk-table.html")
    write(path, page, "gbk")
    gold("sample-portal-gbk-table", path, title, "2020-07-20", paras, source="互联网", editor="fafa", site="中国健康资讯网")


# Seed 2: 南方人物周刊 article on a company site, modern <article> page in UTF-8.
def seed2_modern():
    lines = [l.rstrip() for l in seed("news-page-text-2.txt").splitlines()]
    title = "“有人用它触达,有人用它实现数字化” | 封面人物"
    start = lines.index("平凡的细节")
    end = next(i for i, l in enumerate(lines) if l.startswith("客服头部"))
    parts, paras = [], []
    i = start
    fig = 1
    while i < end:
        l = lines[i].strip()
        i += 1
        if not l:
            continue
        if re.search(r"\(图\d+\)$", l):
            # the caption, if the next line is short
            cap = ""
            if i < end and 0 < len(lines[i].strip()) <= 40 and not lines[i].strip().endswith("。"):
                cap = lines[i].strip()
                i += 1
            fig += 1
            if cap:
                parts.append(f'<figure class="wp-block-image"><img src="/wp-content/uploads/2021/01/fig{fig}.jpg" alt="{e(l)}"><figcaption>{e(cap)}</figcaption></figure>')
                paras.append(cap)
            else:
                parts.append(f'<figure class="wp-block-image"><img src="/wp-content/uploads/2021/01/fig{fig}.jpg" alt="{e(l)}"></figure>')
        elif len(l) <= 20 and not re.search(r"[。，,！？]", l):
            parts.append(f"<h2>{e(l)}</h2>")
            paras.append(l)
        else:
            parts.append(f"<p>{e(l)}</p>")
            paras.append(l)
    lead = ["一场疫情,间接将多个行业的数字化进程推进了数年", "对于钉钉而言,2020年是充满变化的现象之年"]
    page = f"""<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)}-行业资讯-荆州市华联科技有限公司</title>
<meta property="og:type" content="article">
<meta property="og:title" content="{e(title)}">
<meta property="og:site_name" content="荆州市华联科技有限公司">
<meta property="og:url" content="https://www.hualian-jz.com/news/hyzx/2021/0119/312.html">
<meta property="article:modified_time" content="2021-01-19T09:12:44+08:00">
<link rel="canonical" href="https://www.hualian-jz.com/news/hyzx/2021/0119/312.html">
<link rel="stylesheet" href="/static/css/site.min.css">
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"BreadcrumbList","itemListElement":[{{"@type":"ListItem","position":1,"name":"首页"}},{{"@type":"ListItem","position":2,"name":"新闻动态"}}]}}</script>
</head>
<body class="single-post">
<header class="site-header">
  <div class="logo"><a href="/"><img src="/static/img/logo.png" alt="华联科技"></a></div>
  <nav class="main-nav"><ul><li><a href="/">网站首页</a></li><li><a href="/about/">关于我们</a></li><li><a href="/product/">产品中心</a></li><li><a href="/news/">新闻动态</a></li><li><a href="/case/">成功案例</a></li><li><a href="/contact/">联系我们</a></li></ul></nav>
</header>
<div class="banner"><img src="/static/img/banner-news.jpg" alt="新闻动态"><h2>新闻动态 <span>NEWS</span></h2></div>
<div class="container">
<aside class="sidebar">
  <div class="widget"><h3>新闻动态</h3><ul><li><a href="/news/gsxw/">公司新闻</a></li><li><a href="/news/hyzx/">行业资讯</a></li></ul></div>
  <div class="widget contact"><h3><span>C</span>联系方式</h3><p class="en">ontact us</p>
    <p>联系人:刘经理</p><p>手机:15607213000</p><p>电话:0716-8131682</p><p>传真:</p><p>E-mail:308255391@qq.com</p><p>Q Q:2108118533</p><p>地址:湖北省荆州市沙市区人信汇4栋24楼2404</p></div>
</aside>
<main class="main">
  <div class="breadcrumb">您当前的位置: <a href="/">首页</a> &gt; <a href="/news/">新闻动态</a> &gt; <a href="/news/hyzx/">行业资讯</a></div>
  <article class="post">
    <header class="entry-header">
      <h1 class="entry-title">{e(title)}</h1>
      <div class="entry-meta"><span class="date">更新时间:2021-01-19</span></div>
    </header>
    <div class="entry-content">
      <p class="wx-meta"><span>张明萌</span> <span>南方人物周刊</span> <span>1周前</span></p>
      <figure><img src="/wp-content/uploads/2021/01/fig1.jpg" alt="{e(title)}(图1)"><figcaption>制图/陈志彤</figcaption></figure>
      <p><strong>{e(lead[0])}</strong></p>
      <p><strong>{e(lead[1])}</strong></p>
      <p>本文首发于南方人物周刊</p>
      <p>文 | 本刊记者 张明萌</p>
      <p>发自武汉、利川、长兴、杭州</p>
      <p>编辑 | 慕陶 hj2000@163.com</p>
      <p>全文约6525字,细读约需15分钟</p>
      {chr(10).join(parts)}
    </div>
    <footer class="entry-footer"><div class="share-bar">分享到: <a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ</a></div>
      <div class="post-nav"><a href="/news/hyzx/311.html" rel="prev">上一篇:工业互联网平台建设指南发布</a> <a href="/news/hyzx/313.html" rel="next">下一篇:数字乡村建设提速</a></div></footer>
  </article>
</main>
</div>
<footer class="site-footer"><div class="kefu">客服头部 <b>0716-8131682</b></div><div class="qr"><img src="/static/img/qrcode.jpg" alt="公众号二维码">公众号二维码</div>
<p>Copyright © 2021 荆州市华联科技有限公司 All Rights Reserved. 鄂ICP备12345678号</p></footer>
<script src="/static/js/jquery.min.js"></script><script>$(function(){{ $('.main-nav').slicknav(); }});</script>
</body>
</html>
"""
    path = os.path.join(SAMPLES, "modern-article-utf8.html")
    write(path, page)
    gold("sample-modern-article-utf8", path, title, "2021-01-19", ["制图/陈志彤"] + lead + paras,
         author="张明萌", editor="慕陶", source="南方人物周刊")


# Seed 3: 东方网 report in a messy CMS page.
def seed3_messy():
    lines = [l.strip() for l in seed("news-article-3.txt").splitlines()]
    title = "新征程新奋斗|探索“现代服务业”援疆援滇 他与国家发展同频共振"
    body = []
    for l in lines[1:]:
        l = l.rstrip("?").strip()
        if l in ("", "-", "最新内容"):
            continue
        body.append(l)
    paras_html = []
    first = body[0].split(":", 1)
    for j, l in enumerate(body):
        if len(l) <= 25 and not re.search(r"[。，,]", l):
            paras_html.append(f'<p style="text-align:center"><strong>{e(l)}</strong></p>')
        else:
            paras_html.append(f"<p>　　{e(l)}</p>")
        if j == 3:
            paras_html.append('<!-- ad slot --><div class="ad-inline"><script>document.write("<a href=/ad>广告</a>")</script><a href="/ad/1">点击查看更多精彩内容</a></div>')
        if j == 8:
            paras_html.append('<div style="display:none">本页隐藏统计代码 cnzz 998877</div>')
    gold_body = [first[1]] + body[1:]
    page = f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="viewport" content="width=device-width">
<title>{e(title)}_东方网</title>
<meta name="keywords" content="援疆,援滇,吴军,新跃">
<meta name="description" content="他是一家以产业数据为生产要素的产业互联网企业老总">
<meta name="publishdate" content="2023-11-27 10:21:35">
<meta name="source" content="东方网">
<style>.hd{{height:60px}} .l{{float:left}} .r{{float:right}} #comments .c{{color:#999}}</style>
<script>
  var pageConfig = {{ id: "n1234567", channel: "shanghai", pubtime: "2023-11-27 10:21:35", comments: true }};
  if (window.innerWidth < 640) {{ document.write('<link rel="stylesheet" href="/m.css">'); }}
</script>
</head>
<body>
<!--[if lt IE 9]><div class="ie-warning">您的浏览器版本过低，请升级</div><![endif]-->
<div id="top"><div class="hd"><a href="//www.eastday.com">东方网首页</a> <a href="//news.eastday.com">新闻</a> <a href="//sh.eastday.com">上海</a> <a href="//finance.eastday.com">财经</a> <a href="//ent.eastday.com">娱乐</a> <a href="/login">登录</a> <a href="/reg">注册</a></div></div>
<div id="wrap" class="clearfix">
 <div class="l" id="left">
  <div class="crumb"><a href="/">东方网</a> &gt; <a href="/sh">上海频道</a> &gt; 正文</div>
  <div class="article-hd">
   <h1>{e(title)}</h1>
   <div class="time-source"><span class="time">2023-11-27 10:21</span> <span class="source">来源：东方网</span> <span class="author">作者：黄丽春</span>
     <a href="javascript:void(0)" onclick="fontsize(16)">大</a> <a href="javascript:void(0)">中</a> <a href="javascript:void(0)">小</a></div>
  </div>
  <div id="zw" class="article-body">
   <p>　　东方网记者黄丽春11月27日报道：{e(first[1])}</p>
   {chr(10).join(paras_html[1:])}
   <p class="editor">（责任编辑：陈晨）</p>
  </div>
  <div class="share"><span>分享到：</span><a class="wx">微信</a><a class="wb">微博</a></div>
  <div class="prev-next"><p>上一篇：<a href="/a/1.html">金山区召开民营经济发展大会</a></p><p>下一篇：<a href="/a/2.html">上海物流行业协会年会举行</a></p></div>
  <div id="comments">
   <h3>网友评论（3）</h3>
   <div class="c"><a href="/u/88">上海市民小张</a> <span>2023-11-28 08:15</span><p>为吴军点赞！企业家就该有这样的担当和情怀，希望更多的企业参与到东西部协作中来。</p></div>
   <div class="c"><a href="/u/89">喀什老李</a> <span>2023-11-28 09:40</span><p>呼叫中心确实解决了我们这里很多年轻人的就业问题，感谢新跃公司。</p></div>
   <div class="c"><a href="/u/90">网友7731</a> <span>2023-11-29 12:02</span><p>写得很好，数字化帮扶是方向。</p></div>
   <form action="/comment" method="post"><textarea name="c"></textarea><button>发表评论</button></form>
  </div>
 </div>
 <div class="r" id="right">
  <div class="box"><h3>最新内容</h3><ul><li><a href="/a/3.html">上海加快建设国际航运中心</a></li><li><a href="/a/4.html">长三角一体化示范区建设提速</a></li><li><a href="/a/5.html">进博会溢出效应持续释放</a></li><li><a href="/a/6.html">沪滇协作再结硕果</a></li></ul></div>
  <div class="box"><h3>热点推荐</h3><ul><li><a href="/a/7.html">冬季用电高峰来临 电网全力保供</a></li><li><a href="/a/8.html">金山区新增三个产业园区</a></li></ul></div>
  <script>(function(){{ var s = document.createElement('script'); s.src = '//ad.example.com/slot.js?id=33'; document.body.appendChild(s); }})();</script>
 </div>
</div>
<div id="footer"><p><a href="/about">关于我们</a> | <a href="/contact">联系我们</a> | <a href="/jobs">招聘信息</a></p>
<p>东方网版权所有 Copyright &copy; 2000-2023 沪ICP证：沪B2-20050050 违法和不良信息举报电话：021-12345678</p></div>
<script>window._bd_share_config = {{ common: {{ bdText: "" }} }};</script>
</body>
</html>
"""
    path = os.path.join(SAMPLES, "messy-cms.html")
    write(path, page)
    gold("sample-messy-cms", path, title, "2023-11-27", gold_body, author="黄丽春", editor="陈晨", source="东方网")


# ---------------------------------------------------------------------------------------------
# Test pages written for Sluice (not from the seeds).

ARTICLE_GOV = [
    "3月5日上午，第十三届全国人民代表大会第四次会议在人民大会堂开幕。会议听取了政府工作报告，报告回顾了过去一年的工作，提出了今年经济社会发展的主要预期目标。",
    "报告指出，今年发展主要预期目标是：国内生产总值增长6%以上；城镇新增就业1100万人以上，城镇调查失业率5.5%左右；居民消费价格涨幅3%左右。",
    "报告强调，要坚持扩大内需这个战略基点，稳定和扩大消费，扩大有效投资，加快培育完整内需体系。要深入实施创新驱动发展战略，推动产业结构优化升级。",
    "与会代表表示，报告实事求是、催人奋进，对做好今年工作作出了全面部署，将认真贯彻落实，为开好局、起好步贡献力量。",
]

ARTICLE_GBK = [
    "本报讯（记者 李喆）近日，市卫健委召开新闻发布会，通报今年以来全市基层医疗卫生服务能力提升工作进展情况。",
    "据介绍，全市已有一百二十六家社区卫生服务中心完成标准化建设，家庭医生签约服务覆盖率达到百分之四十五，重点人群签约率超过百分之七十。",
    "朱镕基同志当年提出的“看病难、看病贵”问题，如今在基层正逐步得到缓解。市民王堃说，现在在家门口就能看专家门诊，再也不用一大早去大医院排队了。",
    "下一步，市卫健委将继续加大投入力度，推动优质医疗资源下沉，力争到年底实现每个街道都有一家达标的社区卫生服务中心。",
]

ARTICLE_BIG5 = [
    "中央氣象局今天表示，受東北季風增強影響，明天起北部及東北部地區氣溫明顯下降，各地早晚溫差大，民眾外出應注意保暖。",
    "氣象局預報員指出，這波冷空氣將持續到週末，北部地區最低氣溫可能降至攝氏十二度左右，山區可能出現更低溫度，請民眾多加留意。",
    "此外，東北季風也將帶來降雨，基隆北海岸、宜蘭地區及大台北山區有局部大雨發生的機率，民眾前往山區活動時應注意安全。",
]

ARTICLE_EN = [
    "City officials on Tuesday approved a plan to add forty kilometres of protected bike lanes over the next three years, the largest expansion of the network since it was first built.",
    "The plan, which passed the council by a vote of eleven to two, will connect the eastern suburbs with the downtown core and several university campuses, according to the transport department.",
    "\u201cThis is about giving people a safe and reliable choice,\u201d said councillor Maria Santos, who has championed the project for years. \u201cWe know that when we build it, people use it.\u201d",
    "Critics argued that the removal of some on-street parking would hurt small businesses along the route. The department said it would consult shop owners before construction begins next spring.",
    "The first segment, a six-kilometre stretch along River Road, is expected to open by the end of next year.",
]

ARTICLE_UTF8_GBK = [
    "记者从省教育厅获悉，今年全省普通高校招生录取工作已全面结束，共录取新生三十八万余人，比去年增加一万二千人。",
    "今年录取工作坚持公平公正原则，严格执行招生政策，录取全过程在网上进行，接受社会监督，未发生违规违纪事件。",
    "省教育厅相关负责人表示，将继续深化考试招生制度改革，完善多元录取机制，为学生提供更多成长成才的机会。",
]


def gov_page():
    title = "十三届全国人大四次会议在京开幕"
    page = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{title}_滚动新闻_中国政府网</title>
<meta name="ArticleTitle" content="{title}">
<meta name="PubDate" content="2021-03-05 10:30">
<meta name="ContentSource" content="新华社">
</head>
<body>
<div class="header"><div class="nav"><a href="/">首页</a><a href="/zhengce/">政策</a><a href="/xinwen/">新闻</a><a href="/hudong/">互动</a><a href="/fuwu/">服务</a></div></div>
<div class="BreadcrumbNav">当前位置：<a href="/">首页</a> &gt; <a href="/xinwen/">新闻</a> &gt; 滚动新闻</div>
<div class="article oneColumn pub_border">
 <h1>{title}</h1>
 <div class="pages-date">2021-03-05 10:30 <span class="font">来源： 新华社</span> <span class="font index_switchsize">【字体：<a>大</a> <a>中</a> <a>小</a>】</span> <span class="font"><a href="javascript:window.print()">打印</a></span></div>
 <div class="pages_content" id="UCAP-CONTENT">
  {''.join(f'<p style="text-indent: 2em;">{e(p)}</p>' for p in ARTICLE_GOV)}
 </div>
 <div class="editor">【我要纠错】 责任编辑：王五</div>
 <div class="related"><h3>相关稿件</h3><ul><li><a href="/1">政府工作报告全文</a></li><li><a href="/2">图解政府工作报告</a></li></ul></div>
</div>
<div class="footer"><p>主办单位：国务院办公厅 运行维护单位：中国政府网运行中心</p><p>版权所有：中国政府网 京ICP备05070218号 京公网安备11010202000001号</p></div>
</body>
</html>
"""
    path = os.path.join(FIXTURES, "gov-utf8.html")
    write(path, page)
    gold("fixture-gov-utf8", path, title, "2021-03-05", ARTICLE_GOV, source="新华社", editor="王五")


def gbk_label_gb2312():
    # Labelled gb2312 but uses GBK-only characters (喆, 镕, 堃).
    title = "我市基层医疗卫生服务能力持续提升"
    page = f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{title}-健康频道-江城日报</title>
</head>
<body bgcolor="#FFFFFF">
<table width="778" border="0" cellspacing="0" cellpadding="0" align="center">
<tr><td colspan="2"><img src="/images/top.gif" width="778" height="80"></td></tr>
<tr><td colspan="2" bgcolor="#0055AA"><font color="#FFFFFF"><a href="/"><font color="#FFFFFF">首页</font></a>｜<a href="/news"><font color="#FFFFFF">要闻</font></a>｜<a href="/health"><font color="#FFFFFF">健康</font></a>｜<a href="/edu"><font color="#FFFFFF">教育</font></a>｜<a href="/bbs"><font color="#FFFFFF">论坛</font></a></font></td></tr>
<tr>
<td width="180" valign="top" bgcolor="#EEF3FA">
 <table width="100%"><tr><td><b>健康频道</b></td></tr>
 <tr><td><a href="/h/1.htm">·夏季饮食注意事项</a></td></tr>
 <tr><td><a href="/h/2.htm">·专家谈儿童用药安全</a></td></tr>
 <tr><td><a href="/h/3.htm">·社区义诊活动走进老旧小区</a></td></tr>
 <tr><td><a href="/h/4.htm">·医保政策问答</a></td></tr></table>
</td>
<td width="598" valign="top">
 <table width="96%" align="center">
 <tr><td align="center"><font size="5"><b>{title}</b></font></td></tr>
 <tr><td align="center"><font color="#666666">发布时间：2019年6月12日 09:08　来源：江城日报　作者：李喆</font></td></tr>
 <tr><td><hr size="1"></td></tr>
 <tr><td style="font-size:14px;line-height:24px">
 {'<br><br>'.join('　　' + e(p) for p in ARTICLE_GBK)}
 </td></tr>
 <tr><td align="right">（编辑：张堃）</td></tr>
 <tr><td align="center">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</td></tr>
 </table>
</td></tr>
<tr><td colspan="2" align="center"><font size="2">江城日报社版权所有 未经授权不得转载<br>地址：江城市解放路100号 电话：027-88886666</font></td></tr>
</table>
</body>
</html>
"""
    path = os.path.join(FIXTURES, "gb2312-label-gbk-chars.html")
    write(path, page, "gbk")
    gold("fixture-gb2312-label-gbk-chars", path, title, "2019-06-12", [ARTICLE_GBK[0].split("）", 1)[1]] + ARTICLE_GBK[1:], source="江城日报", author="李喆", editor="张堃")


def big5_page():
    title = "東北季風增強 北部明起轉涼"
    page = f"""<!DOCTYPE html>
<html lang="zh-Hant-TW">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=big5">
<title>{title} | 生活 | 寶島新聞網</title>
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="2022-11-14T16:20:00+08:00">
</head>
<body>
<div id="header"><ul class="menu"><li><a href="/">首頁</a></li><li><a href="/politics">政治</a></li><li><a href="/life">生活</a></li><li><a href="/world">國際</a></li></ul></div>
<div id="main">
<div class="story">
 <h1>{title}</h1>
 <div class="byline">記者 陳怡君／台北報導 2022/11/14 16:20</div>
 <div class="story-body">{''.join(f'<p>{e(p)}</p>' for p in ARTICLE_BIG5)}</div>
 <div class="tags">標籤：<a href="/t/1">天氣</a> <a href="/t/2">東北季風</a></div>
</div>
<div class="related-news"><h3>相關新聞</h3><ul><li><a href="/n/1">颱風動態最新消息</a></li><li><a href="/n/2">週末天氣預報</a></li></ul></div>
</div>
<div id="footer">Copyright &copy; 2022 寶島新聞網 All rights reserved.</div>
</body>
</html>
"""
    path = os.path.join(FIXTURES, "big5.html")
    write(path, page, "big5")
    gold("fixture-big5", path, title, "2022-11-14", ARTICLE_BIG5, author="陳怡君")


def english_page():
    title = "Council approves 40 km of new protected bike lanes"
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title} | Riverside Daily News</title>
<meta property="og:site_name" content="Riverside Daily News">
<meta property="og:title" content="{title}">
<meta name="author" content="Jane Doe">
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle","headline":"{title}","datePublished":"2023-05-16T09:30:00-04:00","author":{{"@type":"Person","name":"Jane Doe"}},"publisher":{{"@type":"Organization","name":"Riverside Daily News"}}}}</script>
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header><nav class="site-nav"><a href="/">Home</a> <a href="/local">Local</a> <a href="/politics">Politics</a> <a href="/sports">Sports</a> <a href="/opinion">Opinion</a> <a href="/subscribe">Subscribe</a></nav></header>
<main id="main">
<article>
 <h1>{title}</h1>
 <p class="byline">By Jane Doe | <time datetime="2023-05-16T09:30:00-04:00">May 16, 2023</time></p>
 <figure><img src="/img/bike-lane.jpg" alt="A cyclist on River Road"><figcaption>A cyclist rides along River Road, where the first segment will be built.</figcaption></figure>
 {''.join(f'<p>{e(p)}</p>' for p in ARTICLE_EN[:3])}
 <div class="ad-container"><p>Advertisement</p></div>
 <h2>Concerns from businesses</h2>
 {''.join(f'<p>{e(p)}</p>' for p in ARTICLE_EN[3:])}
 <div class="share-tools"><a href="#">Share on Facebook</a> <a href="#">Tweet</a> <a href="#">Email</a></div>
</article>
<section class="related"><h2>Related stories</h2><ul><li><a href="/1">Transit fares to rise in July</a></li><li><a href="/2">New bridge opens to traffic</a></li><li><a href="/3">Mayor outlines budget priorities</a></li></ul></section>
<section class="comments"><h2>Comments</h2><div class="comment"><span class="user">bikefan22</span> <time datetime="2023-05-17T08:00:00Z">May 17, 2023</time><p>Finally! This has been a long time coming and I cannot wait to ride it every single day.</p></div></section>
</main>
<footer><p>&copy; 2023 Riverside Daily News. All rights reserved.</p><p><a href="/privacy">Privacy</a> <a href="/terms">Terms</a></p></footer>
</body>
</html>
"""
    path = os.path.join(FIXTURES, "english.html")
    write(path, page)
    gold("fixture-english", path, title, "2023-05-16",
         ["A cyclist rides along River Road, where the first segment will be built."] + ARTICLE_EN[:3] + ["Concerns from businesses"] + ARTICLE_EN[3:],
         author="Jane Doe")


def utf8_label_gbk():
    title = "全省高校招生录取工作圆满结束"
    page = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="UTF-8">
<title>{title} - 教育新闻 - 省教育信息网</title>
</head>
<body>
<div class="top"><a href="/">首页</a> | <a href="/news">教育新闻</a> | <a href="/notice">通知公告</a></div>
<div class="wrap">
<div class="left-list"><ul><li><a href="/1">关于做好秋季开学工作的通知</a></li><li><a href="/2">教师资格考试报名开始</a></li></ul></div>
<div class="detail">
<div class="d-title">{title}</div>
<div class="d-info">日期：2020-08-25　来源：省教育厅</div>
<div class="d-content">{''.join(f'<p>{e(p)}</p>' for p in ARTICLE_UTF8_GBK)}</div>
</div>
</div>
<div class="foot">省教育信息网 版权所有</div>
</body>
</html>
"""
    path = os.path.join(FIXTURES, "utf8-label-actually-gbk.html")
    write(path, page, "gbk")
    gold("fixture-utf8-label-actually-gbk", path, title, "2020-08-25", ARTICLE_UTF8_GBK, source="省教育厅")


def no_article():
    page = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>网站导航</title></head><body>
<div class="nav"><a href="/">首页</a> <a href="/news">新闻</a> <a href="/about">关于</a></div>
<ul><li><a href="/a">栏目一</a></li><li><a href="/b">栏目二</a></li><li><a href="/c">栏目三</a></li></ul>
<div class="footer">Copyright 2020 示例网站</div></body></html>
"""
    write(os.path.join(FIXTURES, "no-article.html"), page)


def bad_inputs():
    body = "".join(f"<p>{e(p)}</p>" for p in ARTICLE_GOV)
    full = f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>截断的页面</title></head><body><div class='content'><h1>截断的页面</h1>{body}</div></body></html>"
    cut = full.encode("utf-8")
    cut = cut[: int(len(cut) * 0.8)]
    with open(os.path.join(FIXTURES, "truncated.html"), "wb") as f:
        f.write(cut)
    import random
    rng = random.Random(42)
    data = bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D]) + bytes(rng.randrange(256) for _ in range(4096))
    with open(os.path.join(FIXTURES, "binary.html"), "wb") as f:
        f.write(data)
    xxe = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html [
  <!ENTITY xxe SYSTEM "file:///etc/passwd">
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<html xmlns="http://www.w3.org/1999/xhtml">
<head><title>实体测试页面</title></head>
<body>
<div class="content">
<h1>实体测试页面</h1>
<p>这一段正文用来检验解析器是否会读取本地文件：&xxe;。解析器不应该展开任何外部实体，也不应该读取任何本地文件。</p>
<p>这一段正文用来检验解析器是否会展开实体炸弹：&lol9;。解析器不应该展开任何实体，页面应当在很短的时间内处理完毕。</p>
</div>
</body>
</html>
"""
    write(os.path.join(FIXTURES, "entities.xhtml"), xxe)


def large_pages():
    """~100 KB pages like real portals: big inline scripts and styles, mega menus, sidebars,
    comments around the article (for the speed benchmark and the comparison)."""
    import random
    rng = random.Random(7)
    words = "新闻 经济 社会 体育 娱乐 科技 汽车 房产 教育 健康 旅游 文化 军事 国际 财经 股票 基金 理财 时尚 美食".split()
    js = "".join(f"function f{i}(a,b){{var x=a*{i}+b;if(x>{i*7}){{return document.getElementById('n{i}')}}else{{return [x,'{rng.choice(words)}',{i}]}}}}\n" for i in range(420))
    css = "".join(f".c{i}{{margin:{i%9}px {i%5}px;color:#{i*37%4096:03x};font-size:{12+i%6}px}}\n" for i in range(700))
    menu = "".join(f'<li><a href="/c/{i}.html">{rng.choice(words)}{rng.choice(words)}</a></li>' for i in range(260))
    side = "".join(f'<li><a href="/n/{i}.html">{rng.choice(words)}：{rng.choice(words)}{rng.choice(words)}{rng.choice(words)}最新消息发布</a><span>11-{i%28+1:02d}</span></li>' for i in range(90))
    comments = "".join(f'<div class="comment-item"><a class="user" href="/u/{i}">网友{rng.randrange(10000)}</a><span class="time">2021-01-{i%28+1:02d} 1{i%10}:2{i%6}</span><p>说得很好，支持！{rng.choice(words)}方面的工作确实需要大家共同努力。</p><a href="#">回复</a> <a href="#">赞({i})</a></div>' for i in range(40))
    for name, gold_name in [("modern-article-utf8.html", "sample-modern-article-utf8"), ("messy-cms.html", "sample-messy-cms")]:
        with open(os.path.join(SAMPLES, name), encoding="utf-8") as f:
            page = f.read()
        page = page.replace("</head>", f"<style>{css}</style><script>{js}</script></head>", 1)
        page = page.replace("<body", f"<body", 1)
        idx = page.index(">", page.index("<body")) + 1
        page = page[:idx] + f'<div class="mega-menu"><ul>{menu}</ul></div><div class="hot-list"><ul>{side}</ul></div>' + page[idx:]
        page = page.replace("</body>", f'<div class="comment-list">{comments}</div><div class="footer-links"><ul>{menu}</ul></div><script>{js[:20000]}</script></body>', 1)
        out = os.path.join(ROOT, "Benchmarks", "news", "pages", "large-" + name)
        write(out, page)
        with open(os.path.join(GOLD, gold_name + ".json"), encoding="utf-8") as f:
            record = json.load(f)
        record["file"] = os.path.relpath(out, ROOT)
        write(os.path.join(GOLD, "large-" + gold_name.replace("sample-", "") + ".json"), json.dumps(record, ensure_ascii=False, indent=1))


def main():
    seed1_portal()
    seed2_modern()
    seed3_messy()
    gov_page()
    gbk_label_gb2312()
    big5_page()
    english_page()
    utf8_label_gbk()
    no_article()
    bad_inputs()
    large_pages()
    hard_pages()
    hard_pages_2()
    hard_hidden_until_script()
    # Flattened text seeds: gold for the benchmark too.
    print("pages written to", SAMPLES, "and", FIXTURES)



# ---------------------------------------------------------------------------------------------
# Harder layouts, modelled on common real-world templates (written for Sluice; no real page
# copied). Gold in Benchmarks/news/gold/hard-*.json.
HARD = os.path.join(ROOT, "Benchmarks", "news", "pages")

PARAS_A = [
    "新华社北京3月8日电（记者 王晓明 刘芳）记者8日从国家统计局获悉，今年前两个月，全国规模以上工业增加值同比增长百分之七点一，比去年全年加快二点五个百分点。",
    "分行业看，四十一个大类行业中有三十五个行业增加值保持同比增长。其中，电子行业增长百分之十二点三，汽车制造业增长百分之九点八，电气机械和器材制造业增长百分之八点六。",
    "国家统计局新闻发言人表示，前两个月国民经济延续回升向好态势，但外部环境复杂性、严峻性、不确定性上升，国内有效需求仍显不足，经济持续回升向好的基础还需进一步巩固。",
    "从市场销售看，前两个月社会消费品零售总额同比增长百分之五点五。其中，餐饮收入增长百分之十点八，升级类商品销售较快增长。",
]
PARAS_B = [
    "清晨六点，老周已经站在了菜地边。他弯下腰，仔细查看每一株刚冒出新芽的菜苗，不时用手拨开表层的泥土。",
    "“今年雨水多，得勤看着点。”老周说。他种了一辈子地，去年开始跟着合作社学习用手机查看土壤湿度和天气预报，“以前靠经验，现在靠数据，心里更有底了。”",
    "合作社负责人介绍，目前全村已有八十多户村民加入合作社，统一采购种子化肥、统一技术指导、统一对接销售渠道，户均年增收一万多元。",
    "夕阳西下，老周扛起锄头往家走。远处的大棚里，灯光一盏盏亮了起来。",
]
PARAS_C = [
    "The city's main library will reopen on Saturday after an eighteen-month renovation that added a rooftop reading garden, a children's wing and a digital media lab.",
    "Library director Anne Whitfield said the project came in under budget despite supply delays. \u201cWe kept the historic reading room exactly as it was, but everything around it is new,\u201d she said.",
    "The renovation was funded by a bond measure approved by voters in 2021, along with private donations from more than two thousand residents.",
    "Opening-day events include author readings, guided tours of the restored building and a concert on the front steps in the evening.",
]


def hard_sina_like():
    title = "前两个月全国规模以上工业增加值同比增长7.1%"
    imgs = '<div class="img_wrapper"><img src="//n.sinaimg.cn/news/2024/0308/chart.jpg" alt="图表"><span class="img_descr">图为某汽车制造企业生产车间。新华社记者 张三 摄</span></div>'
    body = "".join(f"<p>　　{e(p)}</p>" + (imgs if i == 1 else "") for i, p in enumerate(PARAS_A))
    page = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}|工业|增加值_新浪新闻</title>
<meta property="og:title" content="{title}"><meta name="weibo: article:create_at" content="2024-03-08 10:12:33">
<meta property="article:published_time" content="2024-03-08T10:12:33+08:00"><meta name="mediaid" content="新华网">
</head><body>
<div class="top-nav"><div class="tn-bg"><a href="//www.sina.com.cn">新浪首页</a><a href="//news.sina.com.cn">新闻</a><a href="//sports.sina.com.cn">体育</a><a href="//finance.sina.com.cn">财经</a><a href="//ent.sina.com.cn">娱乐</a><a href="//tech.sina.com.cn">科技</a><a href="//blog.sina.com.cn">博客</a><a href="//video.sina.com.cn">视频</a></div></div>
<div class="main-content w1240">
 <h1 class="main-title">{title}</h1>
 <div class="top-bar-wrap"><div class="date-source"><span class="date">2024年03月08日 10:12</span><a href="http://www.news.cn" class="source" target="_blank">新华网</a></div>
 <div class="share-wrap"><a href="#">微博</a><a href="#">微信</a><a href="#">收藏</a></div></div>
 <div class="article" id="artibody">{body}
 <p class="show_author">责任编辑：李伟 </p></div>
 <div class="article-bottom"><div class="keywords">文章关键词：<a href="/k/1">工业</a><a href="/k/2">增加值</a></div></div>
 <div class="blk-related"><h3>相关新闻</h3><ul>
 <li><a href="/r/1">国家统计局：2月份CPI同比上涨0.7%</a><span>03-09 09:30</span></li>
 <li><a href="/r/2">前两个月社会消费品零售总额增长5.5%</a><span>03-08 11:02</span></li>
 <li><a href="/r/3">1-2月份全国固定资产投资增长4.2%</a><span>03-08 10:40</span></li></ul></div>
 <div id="comment_wrap"><div class="comment-header">评论</div><div class="list"><div class="item"><span class="name">新浪网友</span><p>数据不错，希望继续保持！这说明经济在稳步恢复，制造业尤其亮眼，值得期待下一阶段的表现。</p><span class="time">03-08 12:01</span></div></div></div>
</div>
<div class="side-bar"><div class="side-box"><h3>热门推荐</h3><ul><li><a href="/h/1">多地出台措施提振消费 家电以旧换新补贴加码，专家：政策效果将逐步显现，消费潜力有望进一步释放</a></li><li><a href="/h/2">两会现场直击：代表委员热议新质生产力发展路径与实践探索</a></li></ul></div></div>
<div class="footer"><p>新浪公司 版权所有 Copyright © 1996-2024 SINA Corporation</p></div>
</body></html>"""
    path = os.path.join(HARD, "hard-sina-like.html")
    write(path, page)
    gold("hard-sina-like", path, title, "2024-03-08",
         [PARAS_A[0].split("）", 1)[1], PARAS_A[1], "图为某汽车制造企业生产车间。新华社记者 张三 摄"] + PARAS_A[2:],
         author="王晓明", editor="李伟", source="新华网")


def hard_wechat_like():
    title = "田间地头的“数字新农人”"
    sections = "".join(f'<section style="margin:0 8px"><section><p style="line-height:1.75em"><span style="font-size:15px;letter-spacing:1px">{e(p)}</span></p></section></section>' for p in PARAS_B[:2])
    sections += '<section style="text-align:center"><img data-src="https://mmbiz.qpic.cn/mmbiz_jpg/abc/640?wx_fmt=jpeg" class="rich_pages wxw-img" data-ratio="0.66"></section><p style="text-align:center"><span style="color:#888;font-size:12px">合作社的智能大棚</span></p>'
    sections += "".join(f'<section><p><span>{e(p)}</span></p></section>' for p in PARAS_B[2:])
    page = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><meta property="og:title" content="{title}"><title>{title}</title></head>
<body id="activity-detail" class="zh_CN wx_wap_page">
<div class="rich_media_wrp"><div class="rich_media_inner"><div id="page-content" class="rich_media_area_primary">
<h1 class="rich_media_title" id="activity-name">{title}</h1>
<div id="meta_content" class="rich_media_meta_list"><span class="rich_media_meta rich_media_meta_text">原创</span> <span class="rich_media_meta rich_media_meta_text">乡村振兴观察</span> <span class="rich_media_meta rich_media_meta_nickname" id="profileBt"><a href="javascript:void(0);" id="js_name">乡村振兴观察</a></span> <em id="publish_time" class="rich_media_meta rich_media_meta_text">2023-06-15 07:30</em></div>
<div class="rich_media_content js_underline_content" id="js_content">{sections}
<p style="text-align:right"><span style="font-size:12px">文字：陈晓 | 编辑：刘洋</span></p></div>
<div class="rich_media_tool" id="js_toobar3"><a id="js_view_source" href="#">阅读原文</a><span>阅读 3241</span><span>赞 56</span><span>在看 12</span></div>
<div class="qr_code_pc"><img class="qr_code_pc_img" src="/mp/qrcode?x=1"><p>微信扫一扫<br>关注该公众号</p></div>
</div></div></div></body></html>"""
    path = os.path.join(HARD, "hard-wechat-like.html")
    write(path, page)
    gold("hard-wechat-like", path, title, "2023-06-15", PARAS_B[:2] + ["合作社的智能大棚"] + PARAS_B[2:], author="陈晓", editor="刘洋")


def hard_people_like():
    title = "守护好一江碧水"
    page = f"""<html><head><meta http-equiv="content-type" content="text/html;charset=GB2312"><title>{title}--观点--人民网</title>
<meta name="keywords" content="长江 生态"><meta name="publishdate" content="2022-09-19"><meta name="author" content="人民网">
<meta name="source" content="来源：人民网－人民日报"></head><body>
<div class="header"><a href="/">人民网首页</a> | <a href="/opinion">观点</a> | <a href="/society">社会</a> | <a href="/world">国际</a></div>
<div class="main"><div class="layout rm_txt no-aside"><div class="col col-1 fl">
<div class="route"><a href="/">人民网</a>&gt;&gt;<a href="/opinion">观点</a></div>
<h1>{title}</h1>
<div class="col-1-1 fl">张华&nbsp;&nbsp;2022年09月19日04:55 | 来源：<a href="http://paper.people.com.cn">人民网－人民日报</a></div>
<div class="edit cf"><a href="#">分享到：</a></div>
<div class="rm_txt_con cf">
<p style="text-indent: 2em;">长江是中华民族的母亲河，也是中华民族发展的重要支撑。推动长江经济带发展，必须坚持生态优先、绿色发展，共抓大保护、不搞大开发。</p>
<p style="text-indent: 2em;">近年来，沿江各地持续推进生态环境整治，长江干流水质连续多年保持二类，江豚等珍稀物种出现频率明显增加，一江碧水向东流的美好景象正在重现。</p>
<p style="text-indent: 2em;">守护好一江碧水，需要久久为功。要坚持系统观念，统筹上下游、左右岸、干支流，推动形成全流域协同治理格局，让母亲河永葆生机活力。</p>
<p style="text-indent: 2em;">《 人民日报 》（ 2022年09月19日 05 版）</p>
<div class="edit cf">(责编：赵欣悦、孙爽)</div>
</div>
<div class="box_ad"><a href="/ad"><img src="/img/ad.gif" width="300" height="40"></a></div>
<div class="rm_relevant"><h2>相关新闻</h2><ul><li><a href="/1">长江十年禁渔成效显著</a></li><li><a href="/2">江豚回来了</a></li></ul></div>
</div></div></div>
<div class="footer"><p>人民日报社概况 | 关于人民网 | 报社招聘 | 招聘英才 | 广告服务 | 合作加盟 | 供稿服务 | 网站声明 | 网站律师 | 信息保护 | 联系我们</p><p>人民网版权所有，未经书面授权禁止使用 Copyright &copy; 1997-2022 by www.people.com.cn. all rights reserved</p></div>
</body></html>"""
    path = os.path.join(HARD, "hard-people-like.html")
    write(path, page, "gbk")
    paras = re.findall(r'<p style="text-indent: 2em;">(.*?)</p>', page)
    # The print-edition citation line is source metadata (like 来源), not body.
    gold("hard-people-like", path, title, "2022-09-19", paras[:3], author="张华", editor="赵欣悦、孙爽", source="人民网－人民日报")


def hard_english_wire():
    title = "City library reopens after 18-month renovation"
    page = f"""<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{title} - The Northern Courier</title>
<meta property="og:site_name" content="The Northern Courier"><meta property="og:title" content="{title}">
<link rel="canonical" href="https://www.northerncourier.example/news/local/2022/04/08/library-reopens"></head>
<body><header class="masthead"><a href="/">The Northern Courier</a><nav><ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li><li><a href="/business">Business</a></li><li><a href="/culture">Culture</a></li></ul></nav></header>
<div class="layout"><main>
<div class="headline-block"><h1>{title}</h1><div class="byline">By <a href="/staff/tom-hargreaves">Tom Hargreaves</a>, Local Democracy Reporter</div><div class="dateline">Published 8 April 2022</div></div>
<div class="story-body">
<p class="lede">{e(PARAS_C[0])}</p>
<div class="inline-promo"><a href="/newsletter">Sign up for our daily newsletter</a></div>
{''.join(f'<p>{e(p)}</p>' for p in PARAS_C[1:3])}
<blockquote class="pull-quote"><p>\u201cEverything around it is new.\u201d</p></blockquote>
<p>{e(PARAS_C[3])}</p>
</div>
<div class="story-footer"><p>Have a story? Email newsdesk@northerncourier.example</p></div>
</main>
<aside class="rail"><h3>Most read</h3><ol><li><a href="/1">Council tax to rise by 3 per cent</a></li><li><a href="/2">Road closures planned for marathon weekend</a></li><li><a href="/3">New cafe opens in the old station building</a></li></ol></aside></div>
<footer><p>&copy; 2022 The Northern Courier Ltd. All rights reserved.</p></footer></body></html>"""
    path = os.path.join(HARD, "hard-english-wire.html")
    write(path, page)
    gold("hard-english-wire", path, title, "2022-04-08", PARAS_C[:3] + ["\u201cEverything around it is new.\u201d", PARAS_C[3]], author="Tom Hargreaves")


def hard_short_article_long_sidebar():
    title = "市区部分路段今晚起临时交通管制"
    paras = ["因道路施工需要，今晚二十二时至明日六时，人民路与解放路交叉口至火车站段将实施临时交通管制，禁止机动车通行。",
             "交警部门提醒，请过往车辆提前绕行中山路或建设路，给您带来不便，敬请谅解。"]
    side = "".join(f'<div class="news-item"><h4><a href="/n/{i}">{t}</a></h4><p>{s}</p></div>' for i, (t, s) in enumerate([
        ("我市启动城市更新三年行动", "记者从市住建局了解到，我市将用三年时间完成一百个老旧小区改造，涉及居民四万余户，改造内容包括水电气管网、外立面和公共空间等多个方面。"),
        ("全市中小学秋季开学准备就绪", "市教育局表示，今年秋季全市新增学位一万两千个，新建改扩建学校十八所，各校均已完成校舍安全排查和开学物资准备工作。"),
        ("夜间经济点亮城市消费新场景", "随着夏季到来，我市各大商圈夜间客流明显增加，夜市、露天音乐会、深夜食堂等新业态受到市民欢迎，带动消费持续回暖。"),
    ]))
    page = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}_本地新闻_江城在线</title></head><body>
<div class="nav"><a href="/">首页</a><a href="/local">本地</a><a href="/traffic">交通</a></div>
<div class="container"><div class="content-left">
<div class="article-title"><h1>{title}</h1><p class="info">时间：2021-08-30 16:45　来源：江城在线　作者：周涛</p></div>
<div class="article-content">{''.join(f'<p>{e(p)}</p>' for p in paras)}</div>
<p class="article-editor">责任编辑：何敏</p>
</div>
<div class="content-right"><h3>本地要闻</h3>{side}</div></div>
<div class="footer">江城在线 版权所有</div></body></html>"""
    path = os.path.join(HARD, "hard-short-article.html")
    write(path, page)
    gold("hard-short-article", path, title, "2021-08-30", paras, author="周涛", editor="何敏", source="江城在线")


def hard_pages():
    hard_sina_like()
    hard_wechat_like()
    hard_people_like()
    hard_english_wire()
    hard_short_article_long_sidebar()



PARAS_D = [
    "昨天下午，市政府召开常务会议，研究部署今冬明春城市供暖保障工作。会议要求，各相关部门要提前做好热源、管网检修维护，确保按时供暖、稳定供暖。",
    "会议指出，今年全市新增供暖面积约三百万平方米，主要集中在新建住宅小区和部分老旧小区改造项目。供热企业要加快施工进度，确保新建管网在十一月十日前具备供热条件。",
    "会议强调，要加强对困难群众的供暖保障，落实好供暖补贴政策，畅通供暖投诉渠道，对群众反映的问题做到件件有回应、事事有着落。",
]


def hard_comment_heavy():
    title = "今冬供暖保障工作部署会召开"
    comments = "".join(
        f'<div class="floor"><div class="u">用户{i:04d}</div><div class="c">{t}</div><div class="t">2020-10-2{i % 9} 2{i % 4}:1{i % 6}</div></div>'
        for i, t in enumerate([
            "我们小区去年暖气就不热，希望今年能重视一下，老人孩子冬天在家真的受不了，多次打电话反映都没有结果。",
            "支持！供暖是民生大事，希望各部门真正落实到位，不要开完会就完了，年年都说保障，年年都有问题。",
            "新建小区的管网能按时通吗？我们这边到现在路还挖着，物业说不清楚什么时候能通暖气，真让人着急。",
            "困难群众的补贴怎么申请？去哪个部门办理？希望能公布一下具体流程和需要准备的材料，方便大家办理。",
            "去年投诉热线一直占线，今年希望多安排点人手接电话，有问题能及时找到人解决，别让老百姓跑断腿。",
            "建议供热企业提前试水试压，别等到供暖当天才发现问题，到时候再抢修就晚了，影响一大片住户过冬。",
        ]) for _ in [0])
    page = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}-民生-城市论坛</title></head><body>
<div id="hd"><a href="/">论坛首页</a> <a href="/f/1">民生</a> <a href="/f/2">交通</a> <a href="/f/3">教育</a></div>
<div id="postlist">
 <div id="post_1"><table class="plhin"><tr><td class="pls"><a href="/u/admin">城市论坛编辑</a></td>
 <td class="plc"><h1 id="thread_subject">{title}</h1><div class="authi">发表于 2020-10-20 09:15</div>
 <div class="t_fsz"><div class="t_f" id="postmessage_1">{'<br /><br />'.join(e(p) for p in PARAS_D)}</div></div></td></tr></table></div>
 <div id="replies">{comments}</div>
</div>
<div id="ft">城市论坛 Powered by Discuz!</div></body></html>"""
    path = os.path.join(HARD, "hard-comment-heavy.html")
    write(path, page)
    gold("hard-comment-heavy", path, title, "2020-10-20", PARAS_D)


def hard_old_portal_no_h1():
    title = "我县召开秋季农业生产现场推进会"
    paras = [
        "九月二十五日，我县秋季农业生产现场推进会在城关镇召开。与会人员实地观摩了城关镇高标准农田建设项目和现代农业产业园，听取了各乡镇秋收秋种工作进展情况汇报。",
        "会议要求，各乡镇要抢抓当前有利天气，组织群众及时收获晾晒，做到颗粒归仓；同时要科学安排秋种，确保小麦播种面积稳定在五十万亩以上。",
        "县农业农村局将组织技术人员深入田间地头，开展秋种技术指导服务，推广小麦宽幅精播、种子包衣等先进实用技术。",
    ]
    page = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"><title>{title}——某某县人民政府</title></head>
<body><table width="1000" align="center"><tr><td><img src="/images/banner.jpg" width="1000" height="150"></td></tr>
<tr><td class="daohang"><a href="/">首页</a> <a href="/zwgk">政务公开</a> <a href="/xwzx">新闻中心</a> <a href="/bsfw">办事服务</a> <a href="/hdjl">互动交流</a></td></tr></table>
<table width="1000" align="center"><tr><td width="230" valign="top"><table><tr><td class="lm">新闻中心</td></tr><tr><td><a href="/xwzx/jryw">今日要闻</a></td></tr><tr><td><a href="/xwzx/bmdt">部门动态</a></td></tr><tr><td><a href="/xwzx/xzdt">乡镇动态</a></td></tr></table></td>
<td width="770" valign="top"><table width="100%"><tr><td class="weizhi">当前位置：<a href="/">首页</a> &gt;&gt; <a href="/xwzx">新闻中心</a> &gt;&gt; 乡镇动态</td></tr>
<tr><td align="center" height="50"><strong><font size="4" color="#C00000">{title}</font></strong></td></tr>
<tr><td align="center"><font color="#999999">[2019-09-26]</font>　　浏览次数：<span id="hits">1288</span>　　信息来源：县农业农村局</td></tr>
<tr><td class="zw">{''.join(f'<p>　　{e(p)}</p>' for p in paras)}</td></tr>
<tr><td align="right">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</td></tr></table></td></tr></table>
<table width="1000" align="center"><tr><td align="center">主办：某某县人民政府办公室 地址：某某县人民路1号 网站标识码：1234567890 某ICP备05001234号</td></tr></table></body></html>"""
    path = os.path.join(HARD, "hard-old-portal-no-h1.html")
    write(path, page, "gbk")
    gold("hard-old-portal-no-h1", path, title, "2019-09-26", paras, source="县农业农村局")


def hard_english_linky():
    title = "Researchers map ancient river channels beneath the desert"
    paras = [
        'Scientists using <a href="/t/radar">satellite radar</a> have mapped a network of ancient river channels buried beneath the sands of the eastern desert, according to a study published on Monday in <a href="/j/geo">the journal Geology</a>.',
        "The channels, some more than ten kilometres long, were carved by rivers that flowed during wetter periods thousands of years ago, when the region was covered with grassland and shallow lakes.",
        'Lead author Dr. Priya Raman of the <a href="/o/uni">University of Westbridge</a> said the findings could help explain how early human populations moved across the region.',
        "The team now plans to visit several of the sites to collect sediment samples, which could reveal when the rivers last carried water.",
    ]
    teasers = "".join(f'<li class="card"><a href="/s/{i}"><h3>{h}</h3></a><p>{p}</p></li>' for i, (h, p) in enumerate([
        ("Glacier loss speeds up in the Alps", "New measurements show glaciers lost a record share of their volume last summer, continuing a trend that has accelerated over two decades."),
        ("Rare bird spotted for first time in decades", "Birdwatchers were stunned when a species thought to be locally extinct appeared at a wetland reserve on the coast last weekend."),
        ("How cities are preparing for hotter summers", "From shaded bus stops to cooling centres, urban planners are trying new ways to protect residents during prolonged heatwaves."),
    ]))
    page = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | Science | Daily Planet</title>
<meta name="description" content="Scientists have mapped buried river channels."><meta property="article:published_time" content="2021-11-22T06:00:00Z">
<meta name="author" content="Sam Okoye"></head><body>
<div class="site-header"><a href="/">Daily Planet</a><ul class="menu"><li><a href="/world">World</a></li><li><a href="/science">Science</a></li><li><a href="/tech">Tech</a></li></ul></div>
<div class="page"><div class="article-wrapper">
<h1 class="article-headline">{title}</h1><div class="meta">By <a href="/a/sam">Sam Okoye</a> · Science correspondent</div>
<div class="article-body">{''.join(f'<p>{p}</p>' for p in paras)}</div></div>
<section class="more-stories"><h2>More from Science</h2><ul>{teasers}</ul></section></div>
<div class="site-footer">&copy; 2021 Daily Planet Media</div></body></html>"""
    path = os.path.join(HARD, "hard-english-linky.html")
    write(path, page)
    gold("hard-english-linky", path, title, "2021-11-22", [re.sub(r"<[^>]+>", "", p) for p in paras], author="Sam Okoye")


def hard_pages_2():
    hard_comment_heavy()
    hard_old_portal_no_h1()
    hard_english_linky()



def hard_hidden_until_script():
    """Bodies that scripts reveal: WeChat's js_content starts with visibility:hidden, and mobile
    sites fold the second half of an article behind "展开全文" with display:none."""
    title = "小城书店的二十年"
    first = [
        "在县城老街的拐角处，有一家开了二十年的书店。店面不大，书架却从地面一直顶到天花板，空气里总是弥漫着纸张和咖啡混合的味道。",
        "店主老陈原本是一名中学语文老师，二零零四年辞职开了这家书店。他说，当时只是想给县城的孩子们找一个安静读书的地方。",
    ]
    second = [
        "二十年间，书店经历过网购冲击，也熬过了最冷清的几年。最难的时候，老陈靠着举办读书会和免费自习室，留住了一批老读者。",
        "如今，书店每周都会举办一次读书分享会，参加的有退休教师、返乡青年，也有刚上初中的学生。老陈说，只要还有人来读书，书店就会一直开下去。",
    ]
    page = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title><meta property="og:title" content="{title}"></head>
<body class="zh_CN"><div class="rich_media_area_primary"><h1 class="rich_media_title">{title}</h1>
<div class="rich_media_meta_list"><span>县城日报</span> <em id="publish_time">2022-04-23</em></div>
<div class="rich_media_content" id="js_content" style="visibility: hidden;">
{''.join(f'<p><span>{e(p)}</span></p>' for p in first)}
<div class="fold-content" style="display:none">{''.join(f'<p><span>{e(p)}</span></p>' for p in second)}</div>
<div class="unfold-btn" style="display: none"><a href="javascript:;">展开全文</a></div>
</div>
<div class="share_notice" style="display:none">分享给朋友 分享到朋友圈 分享到微博</div>
</div></body></html>"""
    path = os.path.join(HARD, "hard-hidden-until-script.html")
    write(path, page)
    gold("hard-hidden-until-script", path, title, "2022-04-23", first + second)


if __name__ == "__main__":
    main()
