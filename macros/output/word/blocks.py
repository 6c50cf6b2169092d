"""The Word writer: the page's blocks (headings, paragraphs, lists, tables) into a python-docx document."""
from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt

from .formal import Formal, FormalParts, formal_styles
from .styles import BODY, BULLETS, CAPITALS, CAPTION, CONTINUE, NUMBERED, TABLE, TABLE_TEXT, Layout, setup
from .text import (BLOCK_TAGS, HEADINGS, INLINE_LOOKS, LOOK_TO_FONT, Look, classes, clean, inline, skipped,
                   skipped_picture, text_of)
from .xml import drop_leading_empty, separate, set_numbering, table_width

STAMP_PT = 10   # the draft's line saying where it came from (macros/stamp.py)


class Writer(FormalParts):
    def __init__(self, doc, layout: Layout, pictures=None):
        self.doc, self.layout = doc, layout
        self.pictures = pictures               # src of an <img> -> the image file to embed, or None
        self.bullet_num, self.decimal_abstract = setup(doc, layout)
        self.formal = formal_styles(layout)
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
        return clean(inline(el, look, [], self._count_figure))

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
            if look.caps or (formal and formal.look.caps) or style in CAPITALS:
                text = text.upper()
            run = paragraph.add_run(text)
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
        pictures: list = []     # the images among the inline content: right after its paragraph, on their own lines

        def flush():
            runs = clean(pending)
            if runs:
                self.paragraph(sink, runs, next_style())
            pending.clear()
            for img in pictures:
                self.picture(img, sink)
            pictures.clear()

        if el.text:
            pending.append((el.text, Look()))
        for child in el:
            if child.tag == "img" and not skipped_picture(child):
                pictures.append(child)
            elif not skipped(child):
                if child.tag in BLOCK_TAGS:
                    flush()
                    self.block(child, sink, next_style, list_level)
                elif child.tag == "br":
                    pending.append(("\n", Look()))
                else:
                    if "fig" in classes(child):
                        self.figures += 1
                    inline(child, Look(**INLINE_LOOKS.get(child.tag, {})), pending,
                            self._count_figure)
                    pictures.extend(img for img in child.iter("img") if not skipped_picture(img))
            if child.tail:
                pending.append((child.tail, Look()))
        flush()

    def picture(self, img, sink) -> None:
        """An image of the page, centred on a line of its own: the file itself (PNG, JPEG, GIF, BMP) at most as wide
        as the text, its alt text as the picture's description; an image it cannot carry (SVG, a file not in the
        site) as "[Hình: alt text]", so the Word file never loses it without a word."""
        alt = " ".join((img.get("alt") or "").split())
        path = self.pictures(img.get("src") or "") if self.pictures else None
        paragraph = self.new_paragraph(sink, BODY)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.first_line_indent = 0
        shape = None
        if path is not None:
            try:
                shape = paragraph.add_run().add_picture(str(path))
            except Exception:   # python-docx raises several kinds for a file it cannot read as an image
                paragraph.clear()
        if shape is None:
            paragraph.add_run(f"[Hình: {alt}]" if alt else "[Hình]").font.italic = True
            return
        widest = Mm(self.layout.text_width_mm)
        if shape.width > widest:
            shape.height, shape.width = int(shape.height * widest / shape.width), widest
        shape._inline.docPr.set("descr", alt)

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
            runs = self.runs(el, Look(caps="part" in cls))   # a part ("II. …") in capitals, as it prints
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
                                                                       if isinstance(c.tag, str) and not skipped(c)) \
                and not any(not skipped_picture(img) for img in el.iter("img")):
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
                    set_numbering(paragraph._p.get_or_add_pPr(), num_id, min(level, 2))

    def restarted_decimals(self) -> int:
        numbering = self.doc.part.numbering_part.element
        num_id = max(int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))) + 1
        overrides = "".join(f'<w:lvlOverride w:ilvl="{i}"><w:startOverride w:val="1"/></w:lvlOverride>' for i in range(3))
        numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId '
                                   f'w:val="{self.decimal_abstract}"/>{overrides}</w:num>'))
        return num_id

    # the Party document's own parts

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
        separate(sink)
        table = sink.add_table(rows=len(rows), cols=width)
        table._tbl.tblPr.style = self.doc.styles[TABLE].style_id
        table.autofit = False
        texts = [[text_of(cell) if cell is not None else "" for cell, _ in row] for row in grid]
        table_width(table, [Mm(w) for w in _column_widths(texts, self.layout)])
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
                drop_leading_empty(cell)


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

