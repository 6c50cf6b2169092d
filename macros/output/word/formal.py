"""The Party document's own parts in the Word file: the "DỰ THẢO" mark, the header, the title and the signature
block with "Nơi nhận" (two-column borderless tables, lines set as print.css sets them)."""
from __future__ import annotations

from dataclasses import dataclass, replace

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from .styles import DOC_TYPE, DRAFT, SUMMARY, Layout
from .text import BLOCK_TAGS, Look, classes, skipped, text_of
from .xml import RPR_AFTER_BDR, drop_leading_empty, insert_in_order, last_block, no_borders, separate, table_width


@dataclass(frozen=True)
class Formal:
    """How one line of the header, title or signature block is set (mirrors print.css)."""
    look: Look = Look()
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER
    space_after_pt: float = 0
    prefix: str = ""


def formal_styles(layout: Layout, decree: bool = False) -> dict[str, Formal]:
    """Each line's look by its class. "Nơi nhận" in the Party guide's form (heading underlined, 14 pt; items 12 pt), or
    with decree=True the state decree's (heading bold italic 12 pt; items 11 pt): report.yml recipients_form."""
    left = WD_ALIGN_PARAGRAPH.LEFT
    if decree:
        title = Formal(Look(bold=True, italic=True, size=layout.decree_recipients_title_pt), left)
        recipient = Formal(Look(size=layout.decree_recipients_pt), left, prefix="- ")
    else:
        title = Formal(Look(underline=True, size=layout.recipients_title_pt), left)
        recipient = Formal(Look(size=layout.recipients_pt), left, prefix="- ")
    return {
        "superior-body": Formal(Look(caps=True)),
        "issuing-body": Formal(Look(bold=True, caps=True)),
        "doc-star": Formal(),
        "doc-number": Formal(),
        "party-name": Formal(Look(bold=True, caps=True, underline=True, size=layout.party_name_pt),
                             space_after_pt=layout.paragraph_gap_pt),
        "place-date": Formal(Look(italic=True)),
        "recipients-title": title,
        "li": recipient,
        "on-behalf": Formal(Look(bold=True, caps=True)),
        "signer-title": Formal(Look(bold=True, caps=True)),
        "signer-name": Formal(Look(bold=True)),
    }


DECREE_FORM = "recipients-nha-nuoc"   # class of a "Nơi nhận" block in the state decree's form


class FormalParts:
    """The writer's methods for the Party document's own parts (mixed into the writer)."""

    def draft_mark(self, el, sink) -> str:
        """The box at the top of page 1; returns its words (the header of every other page says them too)."""
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
        insert_in_order(run._r.get_or_add_rPr(), border, RPR_AFTER_BDR)
        return text

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
        separate(sink)
        last = last_block(sink)
        if keep_with_previous and last is not None and last.tag == qn("w:p"):
            last.get_or_add_pPr().keepNext_val = True   # the signature never alone on the last page
        table = sink.add_table(rows=1, cols=2)
        table.autofit = False
        table_width(table, [Mm(w) for w in widths])
        no_borders(table)
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))   # never split over two pages
        for cell, part in zip(table.rows[0].cells, parts):
            if part is not None:
                self.formal_lines(part, cell)
            drop_leading_empty(cell)

    def formal_lines(self, el, cell, formal: dict | None = None) -> None:
        """el as lines of a header or signature cell: one paragraph per block holding only text, set by its class."""
        cls = classes(el)
        if formal is None:
            formal = formal_styles(self.layout, decree=True) if DECREE_FORM in cls else self.formal
        if "signature-space" in cls:
            for _ in range(self.layout.signature_lines):
                cell.add_paragraph().alignment = WD_ALIGN_PARAGRAPH.CENTER
            return
        children = [c for c in el if isinstance(c.tag, str) and not skipped(c)]
        if el.tag in ("ul", "ol"):
            for item in children:
                runs = self.runs(item)
                line = formal["li"]
                if runs and runs[0][0].startswith(("-", "–")):   # the page already typed the dash
                    line = replace(line, prefix="")
                if runs:
                    self.paragraph(cell, runs, formal=line)
        elif any(c.tag in BLOCK_TAGS for c in children):
            for child in children:
                self.formal_lines(child, cell, formal)
        else:
            runs = self.runs(el)
            if runs:
                known = next((formal[c] for c in sorted(cls) if c in formal), Formal())
                self.paragraph(cell, runs, formal=known)

    # tables
