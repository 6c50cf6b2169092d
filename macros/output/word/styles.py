"""Page setup and styles of the Word file: A4 and the Party margins, fonts, every named style, list numbering, page
numbers."""
from __future__ import annotations

from dataclasses import dataclass

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

from .xml import insert_in_order, set_font, set_numbering


@dataclass(frozen=True)
class Layout:
    """Page and type of the Party document; the same values as docs/assets/print.css."""
    font: str = "Times New Roman"
    page_width_mm: float = 210
    page_height_mm: float = 297
    top_mm: float = 20
    bottom_mm: float = 20
    left_mm: float = 30
    right_mm: float = 15
    header_distance_mm: float = 10      # the page number sits in the top margin
    body_pt: float = 14
    line_spacing: float = 1.15          # Word's "multiple": about the PDF's 1.3 line height
    paragraph_gap_pt: float = 6
    first_line_indent_mm: float = 10
    page_number_pt: float = 13
    party_name_pt: float = 15
    doc_type_pt: float = 16
    table_pt: float = 12
    recipients_title_pt: float = 14     # "Nơi nhận:" in the Party guide's form (report.yml recipients_form: dang)
    recipients_pt: float = 12
    decree_recipients_title_pt: float = 12   # the state decree's form (recipients_form: nha-nuoc)
    decree_recipients_pt: float = 11
    left_column_share: float = 0.45     # header and signature tables: left column's share of the text width
    signature_lines: int = 4            # empty lines left for the signature and seal

    @property
    def text_width_mm(self) -> float:
        return self.page_width_mm - self.left_mm - self.right_mm


LAYOUT = Layout()

# Named styles a Word user sees (Word shows its own built-in names in the user's language).
BODY = "Body Text"
BULLETS = ("List Bullet", "List Bullet 2", "List Bullet 3")
NUMBERED = "List Number"
CONTINUE = "List Continue"
CAPTION = "Caption"
TABLE = "Table Grid"
TABLE_TEXT = "Chữ trong bảng"
DOC_TYPE = "Tên loại văn bản"
SUMMARY = "Trích yếu"
DRAFT = "Dự thảo"
STYLE_IDS = {TABLE_TEXT: "ChuTrongBang", DOC_TYPE: "TenLoaiVanBan", SUMMARY: "TrichYeu", DRAFT: "DuThao"}   # ASCII ids
CAPITALS = {DOC_TYPE}   # styles whose text is written in capitals (real letters: copied, they stay capitals)
BULLET_MARKERS = ("-", "+", "-")      # Vietnamese official text: "-" then "+" (not "•")

def paragraph_style(doc, name: str, base: str = "Normal"):
    styles = doc.styles
    try:
        return styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.style_id = STYLE_IDS.get(name, style.style_id)
        style.base_style = styles[base]
        style.quick_style = True
        return style


def shape(style, layout: Layout, *, size=None, bold=False, italic=False, caps=False, align=None, before=0.0,
           after=0.0, first_line_mm=0.0, spacing=None, keep_with_next=False) -> None:
    font = style.font
    font.name = layout.font
    set_font(style.element.get_or_add_rPr(), layout.font)
    font.size = Pt(size or layout.body_pt)
    font.bold, font.italic, font.all_caps = bold, italic, caps
    font.color.rgb = RGBColor(0, 0, 0)
    fmt = style.paragraph_format
    fmt.alignment = align
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.left_indent = Mm(0)
    fmt.first_line_indent = Mm(first_line_mm)
    fmt.line_spacing = spacing or 1.0
    fmt.keep_with_next = keep_with_next
    fmt.widow_control = True
    contextual = style.element.pPr.find(qn("w:contextualSpacing")) if style.element.pPr is not None else None
    if contextual is not None:   # would drop the gap between list items
        style.element.pPr.remove(contextual)


def add_numbering(doc, layout: Layout) -> tuple[int, int]:
    """Add the report's list numbering: bullets "-"/"+" and decimals; returns (bullet numId, decimal abstractNumId)."""
    numbering = doc.part.numbering_part.element
    abstract_ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    num_ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    indent = round(layout.first_line_indent_mm / 25.4 * 1440)

    def level(ilvl, fmt, text, first_line):
        return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:suff w:val="space"/>'
                f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="{first_line}"/>'
                f'</w:pPr><w:rPr><w:rFonts w:ascii="{layout.font}" w:hAnsi="{layout.font}" w:cs="{layout.font}"/>'
                '<w:b w:val="0"/><w:i w:val="0"/></w:rPr></w:lvl>')

    bullet_abstract, decimal_abstract = max(abstract_ids, default=-1) + 1, max(abstract_ids, default=-1) + 2
    bullets = "".join(level(i, "bullet", marker, indent + i * indent // 2) for i, marker in enumerate(BULLET_MARKERS))
    decimals = "".join(level(i, "decimal", f"%{i + 1}.", indent + i * indent // 2) for i in range(3))
    first_num = next((n for n in numbering if n.tag == qn("w:num")), None)
    for abstract_id, levels in ((bullet_abstract, bullets), (decimal_abstract, decimals)):
        abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
                             f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>')
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
    bullet_num = max(num_ids, default=0) + 1
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{bullet_num}">'
                               f'<w:abstractNumId w:val="{bullet_abstract}"/></w:num>'))
    return bullet_num, decimal_abstract


def setup(doc, layout: Layout) -> tuple[int, int]:
    """Page, defaults and every named style the converter uses."""
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(layout.page_width_mm), Mm(layout.page_height_mm)
    section.top_margin, section.bottom_margin = Mm(layout.top_mm), Mm(layout.bottom_mm)
    section.left_margin, section.right_margin = Mm(layout.left_mm), Mm(layout.right_mm)
    section.header_distance = section.footer_distance = Mm(layout.header_distance_mm)
    section.gutter = Mm(0)

    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    rpr = defaults.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        defaults.append(rpr)
    set_font(rpr, layout.font)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        insert_in_order(rpr, lang, ("eastAsianLayout", "specVanish", "oMath"))
    lang.set(qn("w:val"), "vi-VN")

    styles = doc.styles
    shape(styles["Normal"], layout)
    gap, indent, spacing = layout.paragraph_gap_pt, layout.first_line_indent_mm, layout.line_spacing
    justify, centre = WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.CENTER
    shape(styles[BODY], layout, align=justify, after=gap, first_line_mm=indent, spacing=spacing)
    shape(styles[CONTINUE], layout, align=justify, after=gap, first_line_mm=indent, spacing=spacing)
    for n in range(1, 7):
        shape(styles[f"Heading {n}"], layout, bold=True, italic=n >= 5, align=WD_ALIGN_PARAGRAPH.LEFT,
               before=8, after=gap, spacing=spacing, keep_with_next=True)   # 8, not print.css's 9: measured so
        # LibreOffice breaks every page of the Word file where Chromium breaks the PDF (tests/test_docx.py)
        styles[f"Heading {n}"].paragraph_format.keep_together = True
    bullet_num, decimal_abstract = add_numbering(doc, layout)
    for ilvl, name in enumerate(BULLETS):
        shape(styles[name], layout, align=justify, after=gap, first_line_mm=indent * (1 + ilvl / 2), spacing=spacing)
        set_numbering(styles[name].element.get_or_add_pPr(), bullet_num, ilvl)
    shape(styles[NUMBERED], layout, align=justify, after=gap, first_line_mm=indent, spacing=spacing)
    styles[NUMBERED].element.get_or_add_pPr()._remove_numPr()    # each list gets its own numbering (restarts at 1)
    shape(styles[CAPTION], layout, size=layout.table_pt, bold=True, align=centre, before=gap, after=3,
           keep_with_next=True)
    shape(paragraph_style(doc, TABLE_TEXT), layout, size=layout.table_pt)
    shape(paragraph_style(doc, DOC_TYPE), layout, size=layout.doc_type_pt, bold=True, align=centre,
           before=12, keep_with_next=True)
    shape(paragraph_style(doc, SUMMARY), layout, bold=True, align=centre, after=12, keep_with_next=True)
    shape(paragraph_style(doc, DRAFT), layout, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, after=12)
    shape(styles["Header"], layout, size=layout.page_number_pt, align=centre)
    return bullet_num, decimal_abstract


def page_numbers(doc, layout: Layout) -> None:
    """PAGE field centred in the header from page 2; page 1 has its own (empty) header."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    paragraph = section.header.paragraphs[0]
    paragraph._p.style = doc.styles["Header"].style_id
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    parts = [("w:fldChar", {"w:fldCharType": "begin"}, None), ("w:instrText", {"xml:space": "preserve"}, " PAGE "),
             ("w:fldChar", {"w:fldCharType": "separate"}, None), ("w:t", {}, "2"),
             ("w:fldChar", {"w:fldCharType": "end"}, None)]
    for tag, attrs, text in parts:
        element = OxmlElement(tag)
        for name, value in attrs.items():
            element.set(qn(name), value)
        element.text = text
        paragraph.add_run()._r.append(element)

