"""What an editor's own keyboard and tools write is read as the report means it (macros/chars.py `canonical`).

A Mac sends Vietnamese decomposed (NFD: 'ệ' as 'e' and two combining marks), in a page, a YAML value, a nav title;
a Vietnamese keyboard or an old font table (TCVN3, VNI) slips in the Icelandic eth 'ð'/'Ð' for 'đ'/'Đ'. Both look
right on screen, yet compare as other words: a status 'đạt' was refused as not allowed, a month unit 'tháng' was
not a month, the nav's 'Năm 2023' was not found, every sentence of a re-saved page differed from the signed text,
and a label was published in a spelling search does not find. Pasted from Word, a web page or a chat, a page also
brings characters that show as nothing (zero-width spaces and joiners, a BOM in the middle, soft hyphens): a word
became another word for search, a key another key, a sentence differed from the signed text at a place no one could
see, and a year without a signed text published them. Read once in one spelling, nothing of this is left to refuse.
Expected spellings here are written in this file, never taken from the code under test.
"""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, build_site, copy_project, run_macros
from macros.data.yamlload import decode, load_text
from macros.sources.pages import read_page

NFD = lambda text: unicodedata.normalize("NFD", text)   # noqa: E731  (what a Mac saves)
STATUS = "khó đạt"                              # an indicator status of data/2023/indicators.yml


def test_a_decomposed_or_eth_spelling_is_read_as_the_composed_one():
    raw = NFD("label: Bưu cục\nstatus: khó ðạt\nunit: tháng\n").encode("utf-8")
    text, errors = decode(raw, "data/2023/x.yml")
    assert not errors
    loaded = load_text(text, "data/2023/x.yml")
    assert loaded.data == {"label": "Bưu cục", "status": "khó đạt", "unit": "tháng"}
    assert loaded.positions[("status",)] == (2, 1)


def test_a_key_typed_decomposed_beside_the_same_key_composed_is_a_key_written_twice():
    """Two spellings of one word were two keys: the second did not replace the first, both were kept."""
    raw = ("labels:\n  tháng: 1\n  " + NFD("tháng") + ": 2\n").encode("utf-8")
    loaded = load_text(decode(raw, "data/2023/x.yml")[0], "data/2023/x.yml")
    assert [(e.line, e.key) for e in loaded.errors] == [(3, "labels.tháng")], loaded.errors
    assert "viết hai lần" in loaded.errors[0].vi


def test_a_page_saved_decomposed_reads_as_the_page_saved_composed(tmp_path):
    composed = "---\ntitle: Đảng bộ\n---\n# 1.2.2. Về Bưu chính\n\nTỉnh có ÐẢNG viên ở ðịa bàn.\n"
    (tmp_path / "a.md").write_text(composed, encoding="utf-8")
    (tmp_path / "b.md").write_bytes(NFD(composed).replace("\n", "\r\n").encode("utf-8"))
    a, b = read_page(tmp_path, tmp_path / "a.md"), read_page(tmp_path, tmp_path / "b.md")
    assert b.text == a.text.replace("ÐẢNG", "ĐẢNG").replace("ðịa", "địa")
    assert b.meta == {"title": "Đảng bộ"}


def test_a_page_loses_the_characters_that_show_as_nothing(tmp_path):
    shown = 'Tỉnh có {{ fig("telecom.post_offices") }} bưu cục, khuyến khích.\n'
    pasted = 'Tỉnh có \ufeff{{ fig("telecom.post\u200b_offices") }} bưu\u200d cục, khuyến\u00ad khích.\x0c\n'
    (tmp_path / "a.md").write_text(pasted, encoding="utf-8")
    assert read_page(tmp_path, tmp_path / "a.md").text == shown


# --------------------------------------------------------------------------- the whole project saved on a Mac

@pytest.fixture(scope="module")
def mac(tmp_path_factory):
    """The project with every data file, page and mkdocs.yml saved decomposed, an eth for đ in a status, a label
    and a page, invisible characters pasted into a sentence and a macro call: `check` and the build, once."""
    tmp = tmp_path_factory.mktemp("mac")
    project = copy_project(tmp / "project")
    files = sorted((project / "data").rglob("*.yml")) + sorted((project / "docs").rglob("*.md")) \
        + [project / "mkdocs.yml"]
    for path in files:
        path.write_text(NFD(path.read_text(encoding="utf-8")), encoding="utf-8")
    for rel, old, new in (("data/2023/indicators.yml", f"status: {STATUS}", "status: khó ðạt"),
                          ("data/2023/party.yml", "label: Đảng viên của Đảng bộ", "label: Ðảng viên của Ðảng bộ"),
                          ("docs/2023/ii-1-2-02-buu-chinh-vien-thong.md", "trên địa bàn tỉnh, ", "trên ðịa bàn tỉnh, "),
                          ("docs/2023/ii-1-2-02-buu-chinh-vien-thong.md",
                           'Có {{ fig("telecom.post_offices") }} bưu cục',
                           'Có \ufeff{{ fig("telecom.post\u200b_offices") }} bưu\u200d cục'),
                          ("docs/2023/ii-1-2-02-buu-chinh-vien-thong.md", "khuyến khích", "khuyến\u00ad khích")):
        path = project / rel
        text = path.read_text(encoding="utf-8")
        assert text.count(NFD(old)) >= 1, old
        path.write_text(text.replace(NFD(old), NFD(new), 1), encoding="utf-8")
    checked = run_macros("--root", str(project), "check")
    built = build_site(project, tmp / "site")
    return checked, built, tmp / "site"


def test_check_and_the_build_pass_a_project_saved_on_a_mac(mac):
    checked, built, _ = mac
    assert checked.returncode == 0, checked.stderr
    assert built.returncode == 0, built.stdout + built.stderr


def test_the_site_publishes_one_spelling_that_search_finds(mac):
    _, built, site = mac
    assert built.returncode == 0, built.stdout + built.stderr
    page = (site / "2023/ii-1-2-02-buu-chinh-vien-thong/index.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", page)
    assert "trên địa bàn tỉnh" in text and "ðịa" not in text
    offices = yaml.safe_load((ROOT / "data/2023/telecom.yml").read_text(encoding="utf-8"))["figures"]["post_offices"]
    assert f"Có {offices['value']} bưu cục" in text and "khuyến khích" in text
    for char in "\ufeff\u200b\u200d\u00ad":
        assert char not in page, f"U+{ord(char):04X} published"
    for html in site.rglob("*.html"):
        body = html.read_text(encoding="utf-8").split("<body", 1)[-1]
        body = re.sub(r'aria-label="[^"]*"|title="[^"]*"', "", body)   # the theme's own words (mkdocs.yml theme:)
        assert unicodedata.is_normalized("NFC", body), f"{html.relative_to(site)}: decomposed text published"
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    words = " ".join(doc["text"] + " " + doc["title"] for doc in index["docs"]
                     if not doc["location"].startswith("huong-dan-bien-tap/"))   # the guide shows the eth on purpose
    assert unicodedata.is_normalized("NFC", words) and "ð" not in words and "Ð" not in words
    assert "Bưu cục" in words and "Năm 2023" in words and "khó đạt" in words.lower()
    assert "Đảng viên của Đảng bộ" in words


def test_a_year_section_titled_with_a_no_break_space_is_that_year():
    """'Năm 2023' pasted from Word holds a no-break space: it looks the same, and check said the nav had no
    section 'Năm 2023' (twice, at two pages), the build stopped."""
    from macros.sources.nav import title_year
    assert title_year("Năm\u00a02023") == 2023 and title_year("Năm 2023") == 2023 and title_year("Năm 20234") is None


def test_a_no_break_space_indenting_mkdocs_yml_is_named_with_its_line_and_column(tmp_path):
    from macros.sources.checks import config_nodes
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: Báo cáo\nnav:\n  - Năm 2023:\n      - Trang: a.md\n\u00a0     - Văn bản: b.md\n"
                      "      - Khác: c.md\n", encoding="utf-8")
    root, errors = config_nodes(config)
    assert root is None and len(errors) == 1, errors
    error = errors[0]
    assert (error.file, error.line, error.column) == ("mkdocs.yml", 5, 1), error
    assert "U+00A0 NO-BREAK SPACE" in error.vi and "dấu cách thường" in error.fix, error


def test_utf8_read_as_ansi_and_saved_again_is_found_with_the_word_meant():
    from macros.chars import legacy_font
    meant = "Báo cáo của Sở Thông tin"
    misread = meant.encode("utf-8").decode("cp1252")   # Notepad++ opened it as ANSI, then saved it as UTF-8
    assert legacy_font(f"Xem {misread}.") == (4, misread.split()[0], "Báo")


@pytest.mark.parametrize("pasted, word", [
    ("Báo cáo: B¸o c¸o t×nh h×nh", "B¸o"),                      # .VnTime (TCVN3): 'Báo cáo tình hình'
    ("®¶ng viªn", "®¶ng"), ("n¨m 2023 c«ng t¸c", "n¨m"),
    ("Ñaûng boä Sôû Thoâng tin vaø Truyeàn thoâng", "Ñaûng"),    # VNI: 'Đảng bộ Sở Thông tin và Truyền thông'
])
def test_an_old_fonts_text_is_found(pasted, word):
    from macros.chars import legacy_font
    found = legacy_font(pasted)
    assert found is not None and found[1] == word and pasted[found[0]:].startswith(word), found


def test_what_the_report_writes_is_no_old_fonts_text():
    """No false alarm: guillemets, a degree, a foreign name, a middle dot, a code — and every page (outside code, as
    check reads it), data file and signed text of the project."""
    from macros.chars import legacy_font
    for text in ("«Đảng» và 25°C", "ông Müller ở München", "Giáo dục · Đào tạo", "3×4 m", "© 2023",
                 "1552/BTTTT-TTH"):
        assert legacy_font(text) is None, text
    for path in sorted((ROOT / "docs").rglob("*.md")) + sorted((ROOT / "data").rglob("*.yml")) \
            + sorted((ROOT / "data").rglob("*.txt")):
        text = re.sub(r"`[^`\n]*`", "", path.read_text(encoding="utf-8"))   # the guide shows examples in code
        assert legacy_font(text) is None, path


def test_mkdocs_yml_saved_empty_is_one_error_saying_so(tmp_path):
    """An empty mkdocs.yml was no error to check, which then reported links to the system pages it no longer knew;
    MkDocs stops on 'site_name: Required configuration not provided'."""
    from macros.sources.checks import config_nodes
    config = tmp_path / "mkdocs.yml"
    config.write_bytes(b"\xef\xbb\xbf\r\n# \r\n")
    root, errors = config_nodes(config)
    assert root is None and [(e.file, e.line) for e in errors] == [("mkdocs.yml", None)], errors
    assert "mkdocs.yml đang trống" in errors[0].vi and "Khôi phục" in errors[0].fix


def test_a_nav_line_indented_with_a_no_break_space_is_named_not_its_page_as_missing(tmp_path):
    """The last nav entry indented with a pasted no-break space is a setting of its own to YAML: check said the page
    was not in the nav (add '- Tên mục: …', the line that is there)."""
    from macros.sources.checks import config_errors
    from macros.sources.pages import read_pages
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("index.md", "huong-dan.md"):
        (docs / name).write_text("# Trang\n\nMột đoạn.\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: T\nnav:\n  - Trang chủ: index.md\n\u00a0 - Hướng dẫn: huong-dan.md\n", encoding="utf-8")
    errors = config_errors(config, docs, read_pages(docs))
    assert [(e.file, e.line, e.column) for e in errors] == [("mkdocs.yml", 4, 1)], errors
    assert "U+00A0 NO-BREAK SPACE" in errors[0].vi and "không có trong mục lục" not in str(errors)


def test_plain_looks_at_every_character_that_needs_a_look():
    """chars.plain reads only the characters its fast pattern (_CANDIDATE) picks out: every look-alike of an ASCII
    sign and every character that shows as nothing must be among them, or it would pass unchanged."""
    from macros import chars
    for code in range(0x10000):
        c = chr(code)
        if 0xD800 <= code < 0xE000:
            continue
        meant = chars.LOOKALIKE[c] if c in chars.LOOKALIKE else "" if chars.invisible(c) else c
        assert chars.plain(f"a{c}b") == f"a{meant}b", f"U+{code:04X}"
