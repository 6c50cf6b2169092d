"""The whole report as an editable Word file in the form of a Party document (Hướng dẫn 36-HD/VPTW, Phụ lục 3).

Pure conversion: the HTML of the built whole-report page (the page the PDF prints) in, a python-docx Document out.
Nothing here reads data/ or knows a figure: what the page shows is what the Word file says, so the site, the PDF and
the Word file cannot disagree.

What a Word user gets:
- A4 portrait, margins top 20 / bottom 20 / left 30 / right 15 mm (LAYOUT), Times New Roman 14 pt, language vi-VN;
- a "DỰ THẢO" box at the top of page 1 when the page marks the report as a draft (.draft-mark);
- the header as a borderless two-column table (.doc-header), the document type and summary (.doc-title);
- headings as Word's own "Heading 1…6" styles (the navigation pane lists them), paragraphs in "Body Text",
  lists in "List Bullet" / "List Bullet 2" with "-" and "+" markers (real Word numbering), tables in "Table Grid"
  with a repeated header row and a "Caption" above;
- page numbers (a PAGE field) centred at the top from page 2 (a different first-page header);
- the signature block and "Nơi nhận:" as a borderless two-column table (.doc-signature).
Left out, as on paper: editorial notes and admonitions, the PDF link, screen-only parts, heading anchors, hidden
text, images and drawings. Links and figures keep their text only.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

import lxml.html
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor


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
    recipients_title_pt: float = 12
    recipients_pt: float = 11
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
BULLET_MARKERS = ("-", "+", "-")      # Vietnamese official text: "-" then "+" (not "•")

SKIP_CLASSES = {"editorial-note", "admonition", "pdf-download", "screen-only", "md-source-file", "headerlink",
                "visually-hidden", "md-content__button", "draft-mark", "review-only"}
SKIP_TAGS = {"script", "style", "svg", "img", "picture", "video", "audio", "iframe", "object", "canvas", "button",
             "input", "select", "textarea", "template", "noscript", "hr", "head", "title", "meta", "link"}
BLOCK_TAGS = {"p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "figure", "figcaption",
              "blockquote", "pre", "ul", "ol", "li", "dl", "dt", "dd", "table", "details", "summary", "form",
              "fieldset", "h1", "h2", "h3", "h4", "h5", "h6", "address"}
HEADINGS = {f"h{n}": n for n in range(1, 7)}


class DocxError(Exception):
    """A page the converter cannot turn into the report (no article, no content)."""


@dataclass(frozen=True)
class Look:
    """Character formatting of a run of text."""
    bold: bool = False
    italic: bool = False
    underline: bool = False
    caps: bool = False
    strike: bool = False
    superscript: bool = False
    subscript: bool = False
    size: float | None = None
    nobreak: bool = False         # a document number: its hyphens are Word's no-break hyphens


LOOK_TO_FONT = (("bold", "bold"), ("italic", "italic"), ("underline", "underline"), ("caps", "all_caps"),
                ("strike", "strike"), ("superscript", "superscript"), ("subscript", "subscript"))
INLINE_LOOKS = {"strong": {"bold": True}, "b": {"bold": True}, "em": {"italic": True}, "i": {"italic": True},
                "cite": {"italic": True}, "u": {"underline": True}, "ins": {"underline": True},
                "s": {"strike": True}, "del": {"strike": True}, "sup": {"superscript": True},
                "sub": {"subscript": True}}


@dataclass(frozen=True)
class Formal:
    """How one line of the header, title or signature block is set (mirrors print.css)."""
    look: Look = Look()
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER
    space_after_pt: float = 0
    prefix: str = ""


def _formal_lines(layout: Layout) -> dict[str, Formal]:
    recipient = Formal(Look(size=layout.recipients_pt), WD_ALIGN_PARAGRAPH.LEFT, prefix="- ")
    return {
        "superior-body": Formal(Look(caps=True)),
        "issuing-body": Formal(Look(bold=True, caps=True)),
        "doc-star": Formal(),
        "doc-number": Formal(),
        "party-name": Formal(Look(bold=True, caps=True, underline=True, size=layout.party_name_pt),
                             space_after_pt=layout.paragraph_gap_pt),
        "place-date": Formal(Look(italic=True)),
        "recipients-title": Formal(Look(bold=True, italic=True, size=layout.recipients_title_pt), WD_ALIGN_PARAGRAPH.LEFT),
        "li": recipient,
        "on-behalf": Formal(Look(bold=True, caps=True)),
        "signer-title": Formal(Look(bold=True, caps=True)),
        "signer-name": Formal(Look(bold=True)),
    }


def classes(el) -> set[str]:
    return set((el.get("class") or "").split())


def skipped(el) -> bool:
    return (not isinstance(el.tag, str) or el.tag in SKIP_TAGS or bool(classes(el) & SKIP_CLASSES)
            or el.get("hidden") is not None)


def text_of(el) -> str:
    """The visible text of an element, as the converter writes it (skipped parts left out, spaces collapsed)."""
    return "".join(t for t, _ in _clean(_inline(el, Look(), []))).strip()


def _inline(el, look: Look, out: list, on_figure=None) -> list:
    """(text, Look) pairs of el's content, in order; '\\n' stands for a line break."""
    if el.text:
        out.append((el.text, look))
    for child in el:
        if not skipped(child):
            if child.tag == "br":
                out.append(("\n", look))
            else:
                if on_figure and "fig" in classes(child):
                    on_figure(child)
                inner = replace(look, **INLINE_LOOKS.get(child.tag, {}))
                if "doc-no" in classes(child):
                    inner = replace(inner, nobreak=True)
                _inline(child, inner, out, on_figure)
        if child.tail:
            out.append((child.tail, look))
    return out


def _clean(runs: list) -> list:
    """Collapse HTML white space across runs (no-break spaces stay), trim the ends, merge equal neighbours."""
    out: list[list] = []
    after_space = True
    for text, look in runs:
        if text == "\n":
            if out and out[-1][0] != "\n":
                out[-1][0] = out[-1][0].rstrip(" ")
            out.append(["\n", look])
            after_space = True
            continue
        text = re.sub(r"[ \t\n\r\f]+", " ", text)
        if after_space:
            text = text.lstrip(" ")
        if not text:
            continue
        after_space = text.endswith(" ")
        if out and out[-1][1] == look and out[-1][0] != "\n":
            out[-1][0] += text
        else:
            out.append([text, look])
    while out and out[-1][0] == "\n":
        out.pop()
    if out:
        out[-1][0] = out[-1][0].rstrip(" ")
    return [(t, look) for t, look in out if t]


# ---- styles ---------------------------------------------------------------------------------------------------

def _set_font(rpr, name: str) -> None:
    """Every script slot of rFonts set to name, theme fonts removed (they would win over the explicit name)."""
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(qn(f"w:{attr}"), name)


def _paragraph_style(doc, name: str, base: str = "Normal"):
    styles = doc.styles
    try:
        return styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.style_id = STYLE_IDS.get(name, style.style_id)
        style.base_style = styles[base]
        style.quick_style = True
        return style


def _shape(style, layout: Layout, *, size=None, bold=False, italic=False, caps=False, align=None, before=0.0,
           after=0.0, first_line_mm=0.0, spacing=None, keep_with_next=False) -> None:
    font = style.font
    font.name = layout.font
    _set_font(style.element.get_or_add_rPr(), layout.font)
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


def _numbering(doc, layout: Layout) -> tuple[int, int]:
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


def _set_numbering(paragraph_properties, num_id: int, ilvl: int) -> None:
    numpr = paragraph_properties.get_or_add_numPr()
    numpr.get_or_add_ilvl().val = ilvl
    numpr.get_or_add_numId().val = num_id


def _setup(doc, layout: Layout) -> tuple[int, int]:
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
    _set_font(rpr, layout.font)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        _insert_in_order(rpr, lang, ("eastAsianLayout", "specVanish", "oMath"))
    lang.set(qn("w:val"), "vi-VN")

    styles = doc.styles
    _shape(styles["Normal"], layout)
    gap, indent, spacing = layout.paragraph_gap_pt, layout.first_line_indent_mm, layout.line_spacing
    justify, centre = WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.CENTER
    _shape(styles[BODY], layout, align=justify, after=gap, first_line_mm=indent, spacing=spacing)
    _shape(styles[CONTINUE], layout, align=justify, after=gap, first_line_mm=indent, spacing=spacing)
    for n in range(1, 7):
        _shape(styles[f"Heading {n}"], layout, bold=True, italic=n >= 5, caps=n == 1, align=WD_ALIGN_PARAGRAPH.LEFT,
               before=9, after=gap, spacing=spacing, keep_with_next=True)
        styles[f"Heading {n}"].paragraph_format.keep_together = True
    bullet_num, decimal_abstract = _numbering(doc, layout)
    for ilvl, name in enumerate(BULLETS):
        _shape(styles[name], layout, align=justify, after=gap, first_line_mm=indent * (1 + ilvl / 2), spacing=spacing)
        _set_numbering(styles[name].element.get_or_add_pPr(), bullet_num, ilvl)
    _shape(styles[NUMBERED], layout, align=justify, after=gap, first_line_mm=indent, spacing=spacing)
    styles[NUMBERED].element.get_or_add_pPr()._remove_numPr()    # each list gets its own numbering (restarts at 1)
    _shape(styles[CAPTION], layout, size=layout.table_pt, bold=True, align=centre, before=gap, after=3,
           keep_with_next=True)
    _shape(_paragraph_style(doc, TABLE_TEXT), layout, size=layout.table_pt)
    _shape(_paragraph_style(doc, DOC_TYPE), layout, size=layout.doc_type_pt, bold=True, caps=True, align=centre,
           before=12, keep_with_next=True)
    _shape(_paragraph_style(doc, SUMMARY), layout, bold=True, align=centre, after=12, keep_with_next=True)
    _shape(_paragraph_style(doc, DRAFT), layout, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, after=12)
    _shape(styles["Header"], layout, size=layout.page_number_pt, align=centre)
    return bullet_num, decimal_abstract


def _page_numbers(doc, layout: Layout) -> None:
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


# ---- the writer -----------------------------------------------------------------------------------------------

class _Writer:
    def __init__(self, doc, layout: Layout):
        self.doc, self.layout = doc, layout
        self.bullet_num, self.decimal_abstract = _setup(doc, layout)
        self.formal = _formal_lines(layout)
        self.figures = 0
        self.style_ids: dict[str, str] = {}

    def new_paragraph(self, sink, style: str | None = None):
        """A paragraph at the end of sink in a named style (by id: python-docx's lookup by name is slow)."""
        paragraph = sink.add_paragraph()
        if style:
            if style not in self.style_ids:
                self.style_ids[style] = self.doc.styles[style].style_id
            paragraph._p.style = self.style_ids[style]
        return paragraph

    def _count_figure(self, _el) -> None:
        self.figures += 1

    # paragraphs

    def runs(self, el, look: Look = Look()) -> list:
        return _clean(_inline(el, look, [], self._count_figure))

    def paragraph(self, sink, runs: list, style: str | None = None, formal: Formal | None = None):
        paragraph = self.new_paragraph(sink, style)
        if formal:
            paragraph.alignment = formal.align
            paragraph.paragraph_format.space_after = Pt(formal.space_after_pt)
            if formal.prefix:
                runs = [(formal.prefix, formal.look)] + runs
        for text, look in runs:
            if text == "\n":
                (paragraph.runs[-1] if paragraph.runs else paragraph.add_run()).add_break(WD_BREAK.LINE)
                continue
            run = paragraph.add_run(text)
            if look.nobreak and "-" in text:
                _no_break_hyphens(run, text)
            font = run.font
            for attr, font_attr in LOOK_TO_FONT:
                if getattr(look, attr) or (formal and getattr(formal.look, attr)):
                    setattr(font, font_attr, True)
            size = look.size or (formal.look.size if formal else None)
            if size:
                font.size = Pt(size)
        return paragraph

    # blocks

    def blocks(self, el, sink, next_style, list_level: int = 0) -> None:
        """el's content into sink: loose inline content and <p> become paragraphs in next_style()'s style."""
        pending: list = []

        def flush():
            runs = _clean(pending)
            if runs:
                self.paragraph(sink, runs, next_style())
            pending.clear()

        if el.text:
            pending.append((el.text, Look()))
        for child in el:
            if not skipped(child):
                if child.tag in BLOCK_TAGS:
                    flush()
                    self.block(child, sink, next_style, list_level)
                elif child.tag == "br":
                    pending.append(("\n", Look()))
                else:
                    if "fig" in classes(child):
                        self.figures += 1
                    _inline(child, Look(**INLINE_LOOKS.get(child.tag, {}), nobreak="doc-no" in classes(child)), pending,
                            self._count_figure)
            if child.tail:
                pending.append((child.tail, Look()))
        flush()

    def block(self, el, sink, next_style, list_level: int) -> None:
        tag, cls = el.tag, classes(el)
        if "doc-header" in cls:
            self.frame(sink, self.columns(el, "doc-header-left", "doc-header-right"))
        elif "doc-title" in cls:
            self.title(el, sink)
        elif "stamp-line" in cls:   # a draft's small line saying where it came from (macros/stamp.py)
            self.paragraph(sink, self.runs(el), formal=Formal(Look(italic=True, size=STAMP_PT), WD_ALIGN_PARAGRAPH.LEFT,
                                                               space_after_pt=6))
        elif "doc-signature" in cls:
            self.frame(sink, self.columns(el, "recipients", "signer"), keep_with_previous=True)
        elif tag in HEADINGS:
            runs = self.runs(el)
            if runs:
                self.paragraph(sink, runs, f"Heading {HEADINGS[tag]}")
        elif tag in ("ul", "ol"):
            self.list_items(el, sink, list_level, ordered=tag == "ol")
        elif tag == "table":
            self.table(el, sink)
        elif tag == "figcaption":
            runs = self.runs(el)
            if runs:
                self.paragraph(sink, runs, CAPTION)
        elif tag == "pre":   # keep its lines as they are
            lines = (el.text_content() or "").strip("\n").split("\n")
            runs = [run for line in lines for run in ((line, Look()), ("\n", Look()))][:-1]
            self.paragraph(sink, [(t, look) for t, look in runs if t], next_style())
        elif tag in ("p", "dt", "dd", "summary", "address") and not any(c.tag in BLOCK_TAGS for c in el
                                                                       if isinstance(c.tag, str) and not skipped(c)):
            runs = self.runs(el, Look(bold=tag == "dt"))
            if runs:
                self.paragraph(sink, runs, next_style())
        else:   # div, section, figure, blockquote, dl, a <p> holding blocks...: its content, in order
            self.blocks(el, sink, next_style, list_level)

    def list_items(self, el, sink, level: int, ordered: bool) -> None:
        num_id = self.restarted_decimals() if ordered else None
        for item in el:
            if not isinstance(item.tag, str) or skipped(item):
                continue
            first = [True]

            def next_style(first=first):
                if not first[0]:
                    return CONTINUE
                first[0] = False
                return NUMBERED if ordered else BULLETS[min(level, len(BULLETS) - 1)]

            before = len(sink.paragraphs) if ordered else 0
            if item.tag == "li":
                self.blocks(item, sink, next_style, level + 1)
            else:
                self.block(item, sink, next_style, level)
            for paragraph in sink.paragraphs[before:] if ordered else ():
                if paragraph._p.style == self.style_ids.get(NUMBERED) and paragraph._p.pPr.numPr is None:
                    _set_numbering(paragraph._p.get_or_add_pPr(), num_id, min(level, 2))

    def restarted_decimals(self) -> int:
        numbering = self.doc.part.numbering_part.element
        num_id = max(int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))) + 1
        overrides = "".join(f'<w:lvlOverride w:ilvl="{i}"><w:startOverride w:val="1"/></w:lvlOverride>' for i in range(3))
        numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId '
                                   f'w:val="{self.decimal_abstract}"/>{overrides}</w:num>'))
        return num_id

    # the Party document's own parts

    def draft_mark(self, el, sink) -> None:
        text = text_of(el) or "DỰ THẢO"
        paragraph = self.new_paragraph(sink, DRAFT)
        cls = classes(el)
        if "draft-center" in cls or "draft-right" in cls:   # data/<năm>/report.yml draft_position
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if "draft-center" in cls else WD_ALIGN_PARAGRAPH.RIGHT
        run = paragraph.add_run(f"\u00a0{text}\u00a0")
        run.font.bold = True
        border = OxmlElement("w:bdr")   # a box around the words, as offices mark a draft
        for attr, value in (("val", "single"), ("sz", "8"), ("space", "2"), ("color", "000000")):
            border.set(qn(f"w:{attr}"), value)
        _insert_in_order(run._r.get_or_add_rPr(), border, RPR_AFTER_BDR)

    def title(self, el, sink) -> None:
        for child in el:
            if skipped(child):
                continue
            runs = self.runs(child)
            if runs:
                cls = classes(child)
                style = DOC_TYPE if "doc-type" in cls else SUMMARY
                self.paragraph(sink, runs, style)

    @staticmethod
    def columns(el, left_class: str, right_class: str) -> list:
        """The left and right halves of a two-column block: by class, else its first two element children."""
        def find(cls):
            found = el.find_class(cls)
            return found[0] if found else None
        left, right = find(left_class), find(right_class)
        if left is None and right is None:
            parts = [c for c in el if isinstance(c.tag, str) and not skipped(c)]
            left, right = (parts + [None, None])[:2]
        return [left, right]

    def frame(self, sink, parts: list, keep_with_previous: bool = False) -> None:
        """A borderless two-column table (header, signature): one cell per half, lines set as print.css sets them."""
        layout = self.layout
        widths = [layout.text_width_mm * layout.left_column_share, layout.text_width_mm * (1 - layout.left_column_share)]
        _separate(sink)
        last = _last_block(sink)
        if keep_with_previous and last is not None and last.tag == qn("w:p"):
            last.get_or_add_pPr().keepNext_val = True   # the signature never alone on the last page
        table = sink.add_table(rows=1, cols=2)
        table.autofit = False
        _table_width(table, [Mm(w) for w in widths])
        _no_borders(table)
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))   # never split over two pages
        for cell, part in zip(table.rows[0].cells, parts):
            if part is not None:
                self.formal_lines(part, cell)
            _drop_leading_empty(cell)

    def formal_lines(self, el, cell) -> None:
        """el as lines of a header or signature cell: one paragraph per block holding only text, set by its class."""
        cls = classes(el)
        if "signature-space" in cls:
            for _ in range(self.layout.signature_lines):
                cell.add_paragraph().alignment = WD_ALIGN_PARAGRAPH.CENTER
            return
        children = [c for c in el if isinstance(c.tag, str) and not skipped(c)]
        if el.tag in ("ul", "ol"):
            for item in children:
                runs = self.runs(item)
                formal = self.formal["li"]
                if runs and runs[0][0].startswith(("-", "–")):   # the page already typed the dash
                    formal = replace(formal, prefix="")
                if runs:
                    self.paragraph(cell, runs, formal=formal)
        elif any(c.tag in BLOCK_TAGS for c in children):
            for child in children:
                self.formal_lines(child, cell)
        else:
            runs = self.runs(el)
            if runs:
                known = next((self.formal[c] for c in sorted(cls) if c in self.formal), Formal())
                self.paragraph(cell, runs, formal=known)

    # tables

    def table(self, el, sink) -> None:
        rows, header_rows = _rows(el)
        if not rows:
            return
        caption = el.find("caption")
        if caption is not None:
            runs = self.runs(caption)
            if runs:
                self.paragraph(sink, runs, CAPTION)
        grid, width = _grid(rows)
        _separate(sink)
        table = sink.add_table(rows=len(rows), cols=width)
        table._tbl.tblPr.style = self.doc.styles[TABLE].style_id
        table.autofit = False
        texts = [[text_of(cell) if cell is not None else "" for cell, _ in row] for row in grid]
        _table_width(table, [Mm(w) for w in _column_widths(texts, self.layout)])
        done, cells = set(), table._cells
        for r, row in enumerate(grid):
            tr = table.rows[r]._tr
            props = tr.get_or_add_trPr()
            props.append(OxmlElement("w:cantSplit"))
            if r < header_rows:
                props.append(OxmlElement("w:tblHeader"))
            for c, (cell_el, origin) in enumerate(row):
                if cell_el is None or origin in done:
                    continue
                done.add(origin)
                r2, c2 = _span_end(grid, r, c, origin)
                cell = cells[r * width + c]
                if (r2, c2) != (r, c):
                    cell = cell.merge(cells[r2 * width + c2])
                    cells = table._cells   # python-docx's table.cell() recounts every cell on each call
                heading = cell_el.tag == "th" or r < header_rows
                align = (WD_ALIGN_PARAGRAPH.CENTER if heading else
                         WD_ALIGN_PARAGRAPH.RIGHT if "num" in classes(cell_el) else None)
                before = len(cell.paragraphs)
                self.blocks(cell_el, cell, lambda: TABLE_TEXT)
                for paragraph in cell.paragraphs[before:]:
                    if align is not None:
                        paragraph.alignment = align
                    if heading:
                        for run in paragraph.runs:
                            run.font.bold = True
                _drop_leading_empty(cell)


def _rows(table) -> tuple[list, int]:
    """The <tr> of a table in order (thead, tbody, tfoot or direct) and how many are header rows."""
    rows, header = [], 0
    for part in table:
        if not isinstance(part.tag, str):
            continue
        if part.tag == "tr":
            rows.append(part)
        elif part.tag in ("thead", "tbody", "tfoot"):
            trs = [tr for tr in part if tr.tag == "tr"]
            if part.tag == "thead" and header == len(rows):
                header += len(trs)
            rows.extend(trs)
    if header == 0:   # no thead: leading rows made only of <th>
        for tr in rows:
            cells = [c for c in tr if c.tag in ("td", "th")]
            if cells and all(c.tag == "th" for c in cells):
                header += 1
            else:
                break
    return rows, header


def _grid(rows: list) -> tuple[list, int]:
    """Rows x columns of (cell element, origin id), with colspan and rowspan laid out."""
    grid: list[list] = [[] for _ in rows]
    for r, tr in enumerate(rows):
        c = 0
        for cell in (x for x in tr if x.tag in ("td", "th")):
            while c < len(grid[r]) and grid[r][c] is not None:
                c += 1
            colspan = max(1, int(cell.get("colspan", "1") or 1))
            rowspan = max(1, int(cell.get("rowspan", "1") or 1))
            for dr in range(min(rowspan, len(rows) - r)):
                line = grid[r + dr]
                while len(line) < c + colspan:
                    line.append(None)
                for dc in range(colspan):
                    line[c + dc] = (cell, id(cell))
            c += colspan
    width = max((len(line) for line in grid), default=0)
    return [[x if x is not None else (None, None) for x in line + [None] * (width - len(line))] for line in grid], width


def _span_end(grid, r: int, c: int, origin) -> tuple[int, int]:
    r2, c2 = r, c
    while r2 + 1 < len(grid) and grid[r2 + 1][c][1] == origin:
        r2 += 1
    while c2 + 1 < len(grid[r]) and grid[r][c2 + 1][1] == origin:
        c2 += 1
    return r2, c2


def _column_widths(texts: list[list[str]], layout: Layout) -> list[float]:
    """Column widths in mm filling the text width, as a browser's automatic table layout would: every column at
    least its longest word, the rest shared by how much text each column holds."""
    em_mm, padding_mm = layout.table_pt * 25.4 / 72, 5.0   # Word's cell margins take 3.8 mm
    columns = list(zip(*texts)) if texts else []
    # a word must never break: count its letters wide (capitals, bold headings); a line's letters at average width
    least = [max((max((len(w) for w in t.split()), default=0) for t in col), default=0) * 0.62 * em_mm + padding_mm
             for col in columns]
    most = [max(max((len(t) for t in col), default=0) * 0.5 * em_mm + padding_mm, n) for col, n in zip(columns, least)]
    total = layout.text_width_mm
    if sum(most) <= total:
        return [m * total / sum(most) for m in most]
    if sum(least) >= total:
        return [m * total / sum(least) for m in least]
    spare, extra = total - sum(least), [m - n for m, n in zip(most, least)]
    return [n + spare * e / sum(extra) for n, e in zip(least, extra)]


def _table_width(table, widths: list) -> None:
    for column, width in zip(table.columns, widths):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width
    tblPr = table._tbl.tblPr
    tblW = tblPr.find(qn("w:tblW"))
    if tblW is None:
        tblW = OxmlElement("w:tblW")
        _insert_in_order(tblPr, tblW, TBLPR_AFTER_WIDTH)
    tblW.set(qn("w:type"), "dxa")
    tblW.set(qn("w:w"), str(sum(w.twips for w in widths)))


# WordprocessingML elements keep a fixed order inside their parent (Word refuses a file otherwise): the elements
# that may follow the one inserted.
RPR_AFTER_BDR = ("shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath")
TBLPR_AFTER_BORDERS = ("shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription", "tblPrChange")
TBLPR_AFTER_WIDTH = ("jc", "tblCellSpacing", "tblInd", "tblBorders") + TBLPR_AFTER_BORDERS


def _no_break_hyphens(run, text: str) -> None:
    """The run's text with each "-" as <w:noBreakHyphen/>: Word never breaks a line there (and reads it as "-")."""
    for t in run._r.findall(qn("w:t")):
        run._r.remove(t)
    for i, part in enumerate(text.split("-")):
        if i:
            run._r.append(OxmlElement("w:noBreakHyphen"))
        if part:
            t = OxmlElement("w:t")
            t.text = part
            t.set(qn("xml:space"), "preserve")
            run._r.append(t)


def _insert_in_order(parent, child, followers: tuple[str, ...]) -> None:
    """Insert child before the first of its possible followers present in parent, else at the end."""
    tags = {qn(f"w:{name}") for name in followers}
    after = next((el for el in parent if el.tag in tags), None)
    if after is not None:
        after.addprevious(child)
    else:
        parent.append(child)


def _no_borders(table) -> None:
    borders = parse_xml(f'<w:tblBorders {nsdecls("w")}>' + "".join(
        f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV")) + "</w:tblBorders>")
    tblPr = table._tbl.tblPr
    old = tblPr.find(qn("w:tblBorders"))
    if old is not None:
        tblPr.remove(old)
    _insert_in_order(tblPr, borders, TBLPR_AFTER_BORDERS)


def _last_block(sink):
    """The last paragraph or table of a document body or a table cell."""
    container = sink._element.body if hasattr(sink._element, "body") else sink._element
    blocks = [child for child in container if child.tag in (qn("w:p"), qn("w:tbl"))]
    return blocks[-1] if blocks else None


def _separate(sink) -> None:
    """Two tables in a row would merge into one in Word: put an empty paragraph between them."""
    last = _last_block(sink)
    if last is not None and last.tag == qn("w:tbl"):
        sink.add_paragraph()


def _drop_leading_empty(cell) -> None:
    """A new cell starts with one empty paragraph: drop it once the cell has content of its own."""
    paragraphs = cell.paragraphs
    if len(paragraphs) > 1 and not paragraphs[0].text and not paragraphs[0].runs:
        paragraphs[0]._p.getparent().remove(paragraphs[0]._p)


# ---- entry points ---------------------------------------------------------------------------------------------

def article(page_html: str):
    """The report's content of a built page: its <article>."""
    try:
        root = lxml.html.document_fromstring(page_html)
    except Exception as exc:   # lxml raises several kinds on empty or broken input
        raise DocxError(f"Không đọc được trang HTML ({exc}). / Cannot parse the page.") from None
    found = root.xpath("//article")
    if not found:
        raise DocxError("Trang toàn văn không có phần <article> chứa nội dung báo cáo. / The page has no <article>.")
    return found[0]


STAMP_PT = 10                            # the draft's line saying where it came from
UNKNOWN_REVISION = "không rõ phiên bản"   # macros/stamp.py UNKNOWN
CORE_PROPERTY_CHARS = 255   # Word's document properties (and python-docx) hold at most 255 characters


def _fit(text: str, limit: int = CORE_PROPERTY_CHARS) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def facts(content) -> dict:
    """Title, author and subject of the report, read from the page's header and title blocks (a long summary is cut
    with '…' in the document's properties; the text of the report keeps it whole)."""
    def first(cls):
        found = content.find_class(cls)
        return text_of(found[0]) if found else ""
    heading = content.xpath(".//h1")
    summary = first("doc-summary") or (text_of(heading[0]) if heading else "")
    doc_type = first("doc-type")
    return {"title": _fit(summary), "author": _fit(first("issuing-body")),
            "subject": _fit(doc_type.capitalize() if doc_type else ""), "draft": bool(content.find_class("draft-mark")),
            **stamp_facts(content)}


def stamp_facts(content) -> dict:
    """Where the page came from (macros/stamp.py), as its footer says: revision, build date, draft or final, and the
    stamp in words; "không rõ phiên bản" for a page built without one."""
    found = content.getroottree().getroot().find_class("stamp")
    if not found:
        return {"revision": UNKNOWN_REVISION, "built": "", "state": "", "stamp": UNKNOWN_REVISION}
    el = found[0]
    return {"revision": el.get("data-revision") or UNKNOWN_REVISION, "built": el.get("data-built") or "",
            "state": el.get("data-state") or "", "stamp": _fit(text_of(el))}


def report_docx(page_html: str, layout: Layout = LAYOUT, now: dt.datetime | None = None):
    """The whole-report page's HTML as (python-docx Document, number of span.fig written)."""
    content = article(page_html)
    doc = Document()
    writer = _Writer(doc, layout)
    marks = content.find_class("draft-mark")
    if marks:
        writer.draft_mark(marks[0], doc)
    writer.blocks(content, doc, lambda: BODY)
    if not any(p.text.strip() for p in doc.paragraphs) and not doc.tables:
        raise DocxError("Trang toàn văn không có nội dung. / The whole-report page is empty.")
    _page_numbers(doc, layout)
    info = facts(content)
    core = doc.core_properties
    core.title, core.author, core.subject = info["title"], info["author"], info["subject"]
    core.last_modified_by, core.comments, core.keywords = info["author"], info["stamp"], ""
    core.version, core.content_status = _fit(info["revision"]), info["state"]
    core.language, core.revision = "vi-VN", 1
    core.created = core.modified = now or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    return doc, writer.figures
