#!/usr/bin/env python3
"""Writes the Word (.docx) samples and test fixtures from text, with nothing but the standard
library: each file is a ZIP of hand-written Office Open XML parts, so every feature the `docx`
decoder reads (styles, numbering, tables with merged cells, tracked changes, notes, comments,
headers, images, core properties) is present on purpose.

Run from the repository root:  python3 Tests/SluiceDocumentFormatTests/Fixtures/make_docx.py
It rewrites:
  Samples/documents/grouped-minutes-part.docx   the first MINUTES_LINES lines of the grouped-minutes seed
  Samples/documents/plain-article.docx          Samples/documents/plain-article.txt
  Tests/SluiceDocumentFormatTests/Fixtures/features.docx   every feature, for the decoder's tests
The output is byte-stable (fixed timestamps in the archive)."""
import re
import sys
import zipfile
from xml.sax.saxutils import escape

MINUTES_LINES = 16
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' \
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ' \
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" ' \
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ' \
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"'
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def run(text):
    """Runs for text with tabs and line breaks."""
    out = []
    for k, line in enumerate(text.split("\n")):
        if k:
            out.append("<w:br/>")
        for j, piece in enumerate(line.split("\t")):
            if j:
                out.append("<w:tab/>")
            if piece:
                out.append('<w:t xml:space="preserve">%s</w:t>' % escape(piece))
    return "<w:r>%s</w:r>" % "".join(out)


def para(text="", style=None, num=None, extra=""):
    ppr = ""
    if style or num:
        ppr = "<w:pPr>"
        if style:
            ppr += '<w:pStyle w:val="%s"/>' % style
        if num:
            ppr += '<w:numPr><w:ilvl w:val="%d"/><w:numId w:val="%d"/></w:numPr>' % (num[1], num[0])
        ppr += "</w:pPr>"
    return "<w:p>%s%s%s</w:p>" % (ppr, run(text) if text else "", extra)


STYLES = HEAD + '<w:styles %s>' % W + \
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>' + \
    '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>' + \
    ''.join('<w:style w:type="paragraph" w:styleId="Heading%d"><w:name w:val="heading %d"/><w:basedOn w:val="Normal"/></w:style>' % (n, n) for n in range(1, 4)) + \
    '<w:style w:type="paragraph" w:styleId="2"><w:name w:val="标题 2"/></w:style>' + \
    '<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/></w:style>' + \
    '</w:styles>'

# Abstract lists: 1 = （1）, 2 = 1、 / nested a), 3 = bullets, 4 = 一、
ABSTRACT = [
    (1, [("decimal", "（%1）")]),
    (2, [("decimal", "%1、"), ("lowerLetter", "%2)")]),
    (3, [("bullet", "\uf0b7"), ("bullet", "o")]),
    (4, [("chineseCounting", "%1、")]),
]


def numbering(instances):
    """instances: list of (numId, abstractId, start override or None)."""
    xml = HEAD + '<w:numbering %s>' % W
    for aid, levels in ABSTRACT:
        xml += '<w:abstractNum w:abstractNumId="%d">' % aid
        for ilvl, (fmt, text) in enumerate(levels):
            xml += '<w:lvl w:ilvl="%d"><w:start w:val="1"/><w:numFmt w:val="%s"/><w:lvlText w:val="%s"/></w:lvl>' % (ilvl, fmt, escape(text))
        xml += '</w:abstractNum>'
    for num_id, aid, start in instances:
        xml += '<w:num w:numId="%d"><w:abstractNumId w:val="%d"/>' % (num_id, aid)
        if start is not None:
            xml += '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="%d"/></w:lvlOverride>' % start
        xml += '</w:num>'
    return xml + '</w:numbering>'


def core(title, creator):
    return HEAD + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' \
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' \
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' \
        '<dc:title>%s</dc:title><dc:creator>%s</dc:creator>' \
        '<dcterms:created xsi:type="dcterms:W3CDTF">2023-07-20T09:00:00Z</dcterms:created>' \
        '<dcterms:modified xsi:type="dcterms:W3CDTF">2023-07-21T18:30:00Z</dcterms:modified>' \
        '</cp:coreProperties>' % (escape(title), escape(creator))


def write_docx(path, body, title, creator, numbering_xml=None, extra_parts=None, rels=""):
    parts = {
        "[Content_Types].xml": HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        '</Types>',
        "_rels/.rels": HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        '</Relationships>',
        "word/document.xml": HEAD + '<w:document %s><w:body>%s<w:sectPr/></w:body></w:document>' % (W, body),
        "word/styles.xml": STYLES,
        "word/_rels/document.xml.rels": HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">%s</Relationships>' % rels,
        "docProps/core.xml": core(title, creator),
    }
    if numbering_xml:
        parts["word/numbering.xml"] = numbering_xml
    parts.update(extra_parts or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name in sorted(parts):
            info = zipfile.ZipInfo(name, date_time=(2023, 7, 21, 18, 30, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            data = parts[name] if isinstance(parts[name], bytes) else parts[name].encode("utf-8")
            z.writestr(info, data)


def minutes_sample(root):
    """The seed's first lines, one paragraph per line; a line opening with （N） becomes an item of
    a Word numbered list that renders that marker, so the decoder's numbering is exercised."""
    lines = open(root + "/Samples/documents/grouped-minutes.txt", encoding="utf-8").read().split("\n")[:MINUTES_LINES]
    body, instances = [], []
    for line in lines:
        m = re.match(r"（(\d+)）(.*)", line)
        if m:
            num_id = len(instances) + 1
            instances.append((num_id, 1, int(m.group(1))))
            body.append(para(m.group(2), style="ListParagraph", num=(num_id, 0)))
        else:
            body.append(para(line))
    write_docx(root + "/Samples/documents/grouped-minutes-part.docx", "".join(body),
               "分组讨论书面汇报材料", "Sluice samples", numbering(instances) if instances else None)


def article_sample(root):
    """The plain article; its short section titles (初次接触) become Heading 2 paragraphs."""
    lines = open(root + "/Samples/documents/plain-article.txt", encoding="utf-8").read().rstrip("\n").split("\n")
    body = []
    for line in lines:
        short = 0 < len(line) <= 12 and not re.search(r"[，。,.!！?？:：]$", line)
        body.append(para(line, style="Heading2" if short else None))
    write_docx(root + "/Samples/documents/plain-article.docx", "".join(body), "蒋红扬获“骏马奖”工作嘉奖", "Sluice samples")


def features_fixture(root):
    image = ('<w:r><w:drawing><wp:inline><wp:docPr id="1" name="Picture 1" descr="组织结构图 Org chart"/>'
             '<a:graphic><a:graphicData><pic:pic><pic:blipFill><a:blip r:embed="rIdImg"/></pic:blipFill></pic:pic>'
             '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>')
    cell = lambda text, props="": "<w:tc>%s%s</w:tc>" % ("<w:tcPr>%s</w:tcPr>" % props if props else "", para(text))
    table = ("<w:tbl>"
             "<w:tr>%s%s%s</w:tr>" % (cell("组别"), cell("组长"), cell("议题")) +
             "<w:tr>%s%s%s</w:tr>" % (cell("第一组", '<w:vMerge w:val="restart"/>'), cell("李飞"), cell("部门职责")) +
             "<w:tr>%s%s</w:tr>" % (cell("", "<w:vMerge/>"), cell("合并两列 spans two", '<w:gridSpan w:val="2"/>')) +
             "</w:tbl>")
    tracked = ('<w:p><w:r><w:t xml:space="preserve">修订：</w:t></w:r>'
               '<w:ins w:id="1" w:author="A"><w:r><w:t>保留插入</w:t></w:r></w:ins>'
               '<w:del w:id="2" w:author="A"><w:r><w:delText>删除的文字</w:delText></w:r></w:del>'
               '<w:r><w:t xml:space="preserve">。</w:t></w:r>'
               '<w:commentRangeStart w:id="0"/><w:r><w:t>有批注</w:t></w:r><w:commentRangeEnd w:id="0"/>'
               '<w:r><w:commentReference w:id="0"/></w:r>'
               '<w:r><w:footnoteReference w:id="1"/></w:r><w:r><w:endnoteReference w:id="1"/></w:r></w:p>')
    body = "".join([
        para("功能样例 Feature sample", style="Title"),
        para("第一部分 Part one", style="Heading1"),
        para("中文样式名的二级标题", style="2"),
        para("明确目标", num=(1, 0)), para("分解到人", num=(1, 0)),
        para("加强复盘", num=(2, 0)), para("每周一次", num=(2, 1)), para("每月总结", num=(2, 1)), para("形成制度", num=(2, 0)),
        para("要点", num=(3, 0)), para("组织", num=(4, 0)), para("落实", num=(4, 0)),
        para("第一行\n第二行\t制表符后"),
        table, tracked,
        "<w:p>%s</w:p>" % image,
        para("第三级 Level three", style="Heading3"),
    ])
    notes = lambda kind, text: HEAD + ('<w:%ss %s><w:%s w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:%s>'
                                        '<w:%s w:id="1"><w:p><w:r><w:%sRef/></w:r>%s</w:p></w:%s></w:%ss>') % (
        kind, W, kind, kind, kind, kind, run(" " + text), kind, kind)
    extra = {
        "word/footnotes.xml": notes("footnote", "脚注：资料来源于会议记录。"),
        "word/endnotes.xml": notes("endnote", "尾注：仅供内部参考。"),
        "word/comments.xml": HEAD + '<w:comments %s><w:comment w:id="0" w:author="B"><w:p>%s</w:p></w:comment></w:comments>' % (W, run("批注内容不应出现")),
        "word/header1.xml": HEAD + '<w:hdr %s>%s</w:hdr>' % (W, para("页眉内容不应出现")),
        "word/media/image1.png": bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4e90000000049454e44ae426082"),
    }
    rels = '<Relationship Id="rIdImg" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/>'
    write_docx(root + "/Tests/SluiceDocumentFormatTests/Fixtures/features.docx", body, "功能样例", "测试作者",
               numbering([(1, 1, None), (2, 2, None), (3, 3, None), (4, 4, None)]), extra, rels)


if __name__ == "__main__":
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    minutes_sample(root)
    article_sample(root)
    features_fixture(root)
