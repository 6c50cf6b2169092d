"""WordprocessingML helpers of the Word writer: element order, fonts, numbering, table widths and borders."""
from __future__ import annotations

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn



# WordprocessingML elements keep a fixed order inside their parent (Word refuses a file otherwise): the elements
# that may follow the one inserted.
RPR_AFTER_BDR = ("shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath")
TBLPR_AFTER_BORDERS = ("shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription", "tblPrChange")
TBLPR_AFTER_WIDTH = ("jc", "tblCellSpacing", "tblInd", "tblBorders") + TBLPR_AFTER_BORDERS


def set_font(rpr, name: str) -> None:
    """Every script slot of rFonts set to name, theme fonts removed (they would win over the explicit name)."""
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(qn(f"w:{attr}"), name)



def set_numbering(paragraph_properties, num_id: int, ilvl: int) -> None:
    numpr = paragraph_properties.get_or_add_numPr()
    numpr.get_or_add_ilvl().val = ilvl
    numpr.get_or_add_numId().val = num_id



def table_width(table, widths: list) -> None:
    for column, width in zip(table.columns, widths):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width
    tblPr = table._tbl.tblPr
    tblW = tblPr.find(qn("w:tblW"))
    if tblW is None:
        tblW = OxmlElement("w:tblW")
        insert_in_order(tblPr, tblW, TBLPR_AFTER_WIDTH)
    tblW.set(qn("w:type"), "dxa")
    tblW.set(qn("w:w"), str(sum(w.twips for w in widths)))


def insert_in_order(parent, child, followers: tuple[str, ...]) -> None:
    """Insert child before the first of its possible followers present in parent, else at the end."""
    tags = {qn(f"w:{name}") for name in followers}
    after = next((el for el in parent if el.tag in tags), None)
    if after is not None:
        after.addprevious(child)
    else:
        parent.append(child)


def no_borders(table) -> None:
    borders = parse_xml(f'<w:tblBorders {nsdecls("w")}>' + "".join(
        f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV")) + "</w:tblBorders>")
    tblPr = table._tbl.tblPr
    old = tblPr.find(qn("w:tblBorders"))
    if old is not None:
        tblPr.remove(old)
    insert_in_order(tblPr, borders, TBLPR_AFTER_BORDERS)


def last_block(sink):
    """The last paragraph or table of a document body or a table cell."""
    container = sink._element.body if hasattr(sink._element, "body") else sink._element
    blocks = [child for child in container if child.tag in (qn("w:p"), qn("w:tbl"))]
    return blocks[-1] if blocks else None


def separate(sink) -> None:
    """Two tables in a row would merge into one in Word: put an empty paragraph between them."""
    last = last_block(sink)
    if last is not None and last.tag == qn("w:tbl"):
        sink.add_paragraph()


def drop_leading_empty(cell) -> None:
    """A new cell starts with one empty paragraph: drop it once the cell has content of its own."""
    paragraphs = cell.paragraphs
    if len(paragraphs) > 1 and not paragraphs[0].text and not paragraphs[0].runs:
        paragraphs[0]._p.getparent().remove(paragraphs[0]._p)

