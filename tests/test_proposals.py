"""Pending means visible (issue 23, parts 1 and 2), on the mechanism, without a build.

1. A change of an editorial decision not yet approved is marked in the page where its note stands: the source's own
   words struck through (<del>), the proposed words underlined (<ins>), then "[đề nghị sửa, chờ Ban Thường vụ
   duyệt]"; approved, the text stays plain. The Word converter turns the marks into struck / underlined runs.
2. The facts the source does not give need `confirmed:` in report.yml; until then the report is a draft and a draft
   prints no number and no date (the clerk's blanks), whatever report.yml holds.
Expected words are written here; the Word file is read with python-docx.
"""
from __future__ import annotations

import copy
import datetime as dt
import re

import lxml.html
import pytest

from conftest import ROOT

YEAR = 2023
NOTE = "[đề nghị sửa, chờ Ban Thường vụ duyệt]"


def note_div(key: str) -> str:
    """The editorial note as the note() macro writes it (its own text names both wordings: it must be left alone)."""
    return (f'<div class="admonition note editorial-note" data-decision="{key}">\n<p>Bản gốc: chiếm 80%</p>\n'
            '<p>Bản in: chiếm <span>79,18%</span></p>\n</div>')


def decision(key="k", approval=None, changes=(("chiếm 80%", "chiếm 79,18%"),)):
    return {key: {"key": key, "title": "t", "file": "data/2023/decisions.yml", "line": 7, "approval": approval,
                  "changes": [{"source": s, "published": p} for s, p in changes]}}


def plain(html: str) -> str:
    """What a reader sees, marks named: ~~struck~~ and __underlined__."""
    html = re.sub(r"<del[^>]*>(.*?)</del>", r"~~\1~~", html)
    html = re.sub(r"<ins[^>]*>(.*?)</ins>", r"__\1__", html)
    return re.sub(r"<[^>]+>", "", html)


def test_a_pending_change_shows_the_source_struck_and_the_proposal_underlined():
    from macros.html.proposals import mark
    page = ('Tỷ lệ hộ gia đình sử dụng cáp quang chiếm <span class="fig" title="a &gt; b">79,18%</span>. Hết.\n\n'
            + note_div("k"))
    marked, problems = mark(page, decision())
    assert problems == []
    first = marked.split("\n\n")[0]
    assert plain(first) == f"Tỷ lệ hộ gia đình sử dụng cáp quang chiếm ~~80%~~ __79,18%__ {NOTE}. Hết."
    assert marked.split("\n\n")[1] == note_div("k"), "the note's own text is not the report's"
    # the review copy's hidden list quotes both wordings too (the whole-report page): it is not the report's text
    appendix = '<section class="review-only review-appendix"><p>chiếm 80%</p><p>chiếm 79,18%</p></section>'
    again, problems = mark(page + "\n\n" + appendix, decision())
    assert problems == [] and again == marked + "\n\n" + appendix
    tree = lxml.html.fragment_fromstring(first, create_parent="p")   # well-formed: the figure keeps its element
    assert tree.xpath("string(.//span[@class='fig'])") == "79,18%"


def test_approved_or_not_noted_leaves_the_page_plain():
    from macros.html.proposals import mark
    page = "chiếm 79,18%.\n\n" + note_div("k")
    assert mark(page, decision(approval={"by": "Ban Thường vụ", "date": "2023-12-14"})) == (page, [])
    assert mark("chiếm 79,18%.", decision()) == ("chiếm 79,18%.", [])   # the page does not hold the note


def test_words_only_dropped_and_a_page_that_shows_the_source():
    from macros.html.proposals import mark
    dropped = decision(changes=((" (100%) trên Cổng", " trên Cổng"),))
    marked, problems = mark("của tỉnh trên Cổng dịch vụ.\n" + note_div("k"), dropped)
    assert not problems and plain(marked.split("\n")[0]) == f"của tỉnh ~~(100%)~~ {NOTE} trên Cổng dịch vụ."
    # a corrected document number prints only once approved: the page shows the source's number
    number = decision(changes=(("1552/BTTTT-TTH", "1552/BTTTT-THH"),))
    marked, problems = mark('theo Công văn số <span class="doc-no">1552/BTTTT-TTH</span> về\n' + note_div("k"), number)
    assert not problems
    assert plain(marked.split("\n")[0]) == f"theo Công văn số ~~1552/BTTTT-TTH~~ __1552/BTTTT-THH__ {NOTE} về"


def test_the_other_wording_is_text_not_markdown():
    """The source's (or the proposal's) own words put beside the page's are data: '*', '_', '[x](…)' typed there stay
    text when the page's Markdown is converted (a '(*)' of the source made everything up to the next '*' emphasis)."""
    import markdown
    from macros.html.proposals import mark
    words = "(*) *đậm* _nghiêng_ [x](javascript:alert(1)) `mã`"
    for source, published, page in ((f"chiếm {words} 80%", "chiếm 79,18%", "tỷ lệ chiếm 79,18% năm"),
                                     ("chiếm 80%", f"chiếm {words} 79,18%", "tỷ lệ chiếm 80% năm"),
                                     (f"tỷ lệ {words} chiếm", "tỷ lệ chiếm", "nay tỷ lệ chiếm năm")):
        marked, problems = mark(page + "\n" + note_div("k"), decision(changes=((source, published),)))
        assert not problems, problems
        converted = markdown.markdown(marked.split("\n")[0])
        shown = lxml.html.fragment_fromstring(converted, create_parent="div")
        assert not shown.xpath(".//em[not(@class='proposal-note')] | .//a | .//code"), converted
        assert words in shown.text_content(), shown.text_content()


def test_the_struck_words_stand_beside_the_figure_the_proposal_starts_with():
    """A change whose proposal starts with a figure and goes on past it ('02/07 … chưa có cơ sở tính' → '03 chỉ tiêu
    chưa đạt'): the source's words are struck before the figure's element, not inside it."""
    from macros.html.proposals import mark
    change = decision(changes=(("đạt, 02/07 chỉ tiêu chưa có cơ sở tính", "đạt, 03 chỉ tiêu chưa đạt"),))
    page = 'Viễn thông: 03/07 chỉ tiêu đạt, <span class="fig" title="t">03</span> chỉ tiêu chưa đạt; hết.\n' + note_div("k")
    marked, problems = mark(page, change)
    assert problems == []
    first = marked.split("\n")[0]
    assert plain(first) == (f"Viễn thông: 03/07 chỉ tiêu đạt, ~~02/07 chỉ tiêu chưa có cơ sở tính~~ "
                            f"__03____ chỉ tiêu chưa đạt__ {NOTE}; hết.")
    tree = lxml.html.fragment_fromstring(first, create_parent="p")
    assert tree.xpath("string(.//span[@class='fig'])") == "03" and not tree.xpath(".//span[@class='fig']//del")


def test_a_change_the_page_does_not_hold_is_an_error_naming_the_decision():
    from macros.html.proposals import mark
    marked, problems = mark("chiếm 81%.\n" + note_div("k"), decision())
    assert len(problems) == 1 and marked.startswith("chiếm 81%.")
    text = str(problems[0])
    assert text.startswith("data/2023/decisions.yml:7 [khoá/key: decisions.k.changes[0]]") and "published" in text


def test_the_word_file_strikes_and_underlines_the_marks():
    from macros.html.proposals import mark
    from macros.output.docx import report_docx
    marked, _ = mark("<p>Tỷ lệ chiếm <span class=\"fig\">79,18%</span>.</p>\n" + note_div("k"), decision())
    document, _ = report_docx(f"<html><body><article>{marked}</article></body></html>")
    runs = [(r.text, bool(r.font.strike), bool(r.font.underline), bool(r.font.italic))
            for p in document.paragraphs for r in p.runs]
    assert ("80%", True, False, False) in runs and ("79,18%", False, True, False) in runs
    assert (NOTE, False, False, True) in runs
    assert "".join(p.text for p in document.paragraphs) == f"Tỷ lệ chiếm 80% 79,18% {NOTE}."


# --------------------------------------------------------------------------- 2. confirmation

@pytest.fixture(scope="module")
def year_2023():
    from macros import data
    ds = data.load(ROOT)
    assert not ds.errors, ds.errors
    return ds.years[YEAR]


def filled(year, confirmed):
    year = copy.deepcopy(year)
    year.report.update({"number": 45, "date": dt.date(2023, 12, 15), "signer_name": "Nguyễn Văn Thử",
                        "recipients": ["Lưu Văn phòng Đảng ủy."], "confirmed": confirmed})
    for d in year.decisions.values():
        d["approval"] = {"by": "Ban Thường vụ Đảng ủy", "date": "2023-12-14"}
    return year


def printed_header(year) -> tuple[str, str]:
    """(what paper shows, what the screen shows) of the document header."""
    from macros.html.document import document_header
    root = lxml.html.fragment_fromstring(str(document_header(year)), create_parent="div")
    paper, screen = copy.deepcopy(root), root
    for el in paper.xpath(".//*[contains(@class, 'screen-only')]"):
        el.getparent().remove(el)
    for el in screen.xpath(".//*[contains(@class, 'print-only')]"):
        el.getparent().remove(el)
    return " ".join(paper.text_content().split()), " ".join(screen.text_content().split())


def test_unconfirmed_facts_keep_the_report_a_draft_with_no_number_and_no_date(year_2023):
    from macros.html.document import document_header, draft_reasons
    from macros.output.docx import report_docx
    draft = filled(year_2023, None)
    reasons = draft_reasons(draft)
    assert len(reasons) == 1 and "“confirmed”" in reasons[0] and "đảng bộ cấp trên" in reasons[0]
    paper, screen = printed_header(draft)
    assert "45" not in paper and "15 tháng 12" not in paper and "15/12" not in paper, paper
    assert re.search(r"Số\s+-BC/ĐU", paper) and re.search(rf"ngày\s+tháng\s+năm {YEAR}", paper), paper
    assert "45-BC/ĐU" in screen and "15 tháng 12 năm 2023" in screen, "the editor sees what report.yml holds"
    document, _ = report_docx(f"<html><body><article>{document_header(draft)}<p>x</p></article></body></html>")
    word = "\n".join(p.text for t in document.tables for c in t._cells for p in c.paragraphs)
    assert "DỰ THẢO" in "\n".join(p.text for p in document.paragraphs)
    assert "45" not in word and "tháng 12" not in word, word

    final = filled(year_2023, {"by": "Văn phòng Đảng ủy", "date": "2023-12-14"})
    assert draft_reasons(final) == []
    paper, _ = printed_header(final)
    assert "Số 45-BC/ĐU" in paper and "ngày 15 tháng 12 năm 2023" in paper
