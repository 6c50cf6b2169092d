"""The prose of a rendered page, sentence by sentence, and the words that changed (macros/html/prose.py): quick tier,
on small pages written here. The whole path (real pages, git revisions, the table): tests/test_diff.py."""
from __future__ import annotations

from macros.html.prose import changes, marked, sentences

FIG = '<span class="fig" data-key="2023/telecom.post_offices" data-file="data/2023/telecom.yml" title="t">{}</span>'
PAGE = """## 1.2.2. Bưu chính { .part }

- Có {fig} bưu cục. Các doanh nghiệp hoạt động **bưu chính**, chuyển phát.

!!! note "Ghi chú biên tập"
    Câu trong ghi chú.

<table><tr><td>Ô của bảng.</td></tr></table>

| Cột | Cột |
|---|---|
| a | b |

```
Mã. Không phải lời văn.
```

Xem [văn bản](van-ban.md#qd).
"""


def test_sentences_of_a_page_with_the_heading_above_and_figures_by_key():
    got = sentences(PAGE.replace("{fig}", FIG.format("141")))
    assert [(s.heading, s.text) for s in got] == [
        ("1.2.2. Bưu chính", "1.2.2. Bưu chính"),   # the heading itself: the reader sees it too, whole
        ("1.2.2. Bưu chính", "Có 141 bưu cục."),
        ("1.2.2. Bưu chính", "Các doanh nghiệp hoạt động bưu chính, chuyển phát."),
        ("1.2.2. Bưu chính", "Ghi chú biên tập (khung note)"),   # a box's title and kind, above its words
        ("1.2.2. Bưu chính", "Câu trong ghi chú."),
        ("1.2.2. Bưu chính", "| Cột | Cột |"),      # a table typed in Markdown: row by row, the rule line not
        ("1.2.2. Bưu chính", "| a | b |"),
        ("1.2.2. Bưu chính", "Xem văn bản (→ van-ban.md#qd).")]   # where a link leads: the reader goes there
    assert got[1].key == "Có \u27e62023/telecom.post_offices|141\u27e7 bưu cục."


def test_a_figure_value_is_not_a_prose_change_a_word_is():
    old = {"a.md": PAGE.replace("{fig}", FIG.format("141"))}
    revalued = {"2023/telecom.post_offices"}   # its value changed: the figures table says it
    assert changes(old, {"a.md": PAGE.replace("{fig}", FIG.format("142"))}, revalued=revalued) == []
    padded = {"a.md": PAGE.replace("{fig}", FIG.format("0141"))}   # the same value written otherwise (pad=4)
    assert [(c.old, c.new) for c in changes(old, padded)] == [("Có 141 bưu cục.", "Có 0141 bưu cục.")]
    new = {"a.md": PAGE.replace("{fig}", FIG.format("141")).replace("hoạt động", "đang hoạt động")}
    (change,) = changes(old, new)
    assert (change.src, change.heading) == ("a.md", "1.2.2. Bưu chính")
    assert marked(change.old, change.new) == (
        "Các doanh nghiệp hoạt động bưu chính, chuyển phát.",
        "Các doanh nghiệp <ins>đang</ins> hoạt động bưu chính, chuyển phát.")


def test_marked_words_are_inert_text():
    old, new = marked("Một | hai", "Một <b>*hai*</b> | [x](y)")
    assert "<b>" not in new and "*" not in new and "|" not in new and "[" not in new
    assert new.startswith("Một <ins>&lt;b&gt;&#42;hai&#42;&lt;/b&gt;</ins>") and old == "Một &#124; <del>hai</del>"


def test_a_paragraph_wrapped_again_is_not_a_change():
    one = ("Đoạn văn dài được ngắt dòng ở đây và câu tiếp tục. Câu thứ hai\nnằm trên hai dòng.\n\n"
           "- Mục một\n  tiếp.\n- Mục hai.\n")
    two = ("Đoạn văn dài được ngắt dòng\nở đây và câu tiếp tục. Câu thứ hai nằm trên hai dòng.\n\n"
           "- Mục một tiếp.\n- Mục hai.\n")
    assert [s.text for s in sentences(one)] == ["Đoạn văn dài được ngắt dòng ở đây và câu tiếp tục.",
                                                "Câu thứ hai nằm trên hai dòng.", "Mục một tiếp.", "Mục hai."]
    assert changes({"a.md": one}, {"a.md": two}) == []


def test_a_cell_of_a_table_typed_in_markdown_is_a_change():
    """A table an editor types in a page is read by the reader like its sentences: a cell edited is one change (the
    row, old and new), the rule line |---| is never one."""
    page = "# 2.6. Bảng\n\n| Đơn vị | Kết quả |\n|---|:--:|\n| Phòng A | hoàn thành |\n"
    (change,) = changes({"a.md": page}, {"a.md": page.replace("hoàn thành", "chưa hoàn thành")})
    assert (change.heading, change.old, change.new) == (
        "2.6. Bảng", "| Phòng A | hoàn thành |", "| Phòng A | chưa hoàn thành |")
    assert changes({"a.md": page}, {"a.md": page.replace("|---|:--:|", "| --- | --- |")}) == []


def test_a_link_led_elsewhere_is_a_change():
    page = "Xem [mục pháp chế](ii-1-2-12-phap-che.md)."
    (change,) = changes({"a.md": page}, {"a.md": page.replace("12-phap-che", "06-thanh-tra")})
    assert (change.old, change.new) == ("Xem mục pháp chế (→ ii-1-2-12-phap-che.md).",
                                        "Xem mục pháp chế (→ ii-1-2-06-thanh-tra.md).")


def test_words_taken_off_the_print_are_a_change():
    """`{ .screen-only }` keeps a heading or a paragraph off the print (print.css), `{ .print-only }` off the screen:
    the words are the same, where a reader finds them is not."""
    page = "## 2.6. Bảng\n\nCâu một. Câu hai.\n"
    (change,) = changes({"a.md": page}, {"a.md": page.replace("## 2.6. Bảng", "## 2.6. Bảng { .screen-only }")})
    assert (change.old, change.new) == ("2.6. Bảng", "[chỉ trên trang web] 2.6. Bảng")
    (change,) = changes({"a.md": page}, {"a.md": page.replace("Câu hai.", "Câu hai.\n{ .print-only }")})
    assert (change.old, change.new) == ("Câu một.", "[chỉ trong bản in] Câu một.")


def test_a_box_of_another_kind_is_a_change():
    page = '!!! note "Lưu ý"\n    Nội dung.\n'
    (change,) = changes({"a.md": page}, {"a.md": page.replace("note", "warning")})
    assert (change.old, change.new) == ("Lưu ý (khung note)", "Lưu ý (khung warning)")


def test_words_made_bold_are_a_change_that_says_so():
    page = "**2.10.** Đăng ký công trình. Câu hai xong.\n"
    (change,) = changes({"a.md": page}, {"a.md": page.replace("hai", "*hai*")})
    assert (change.old, change.new, change.alike) == ("Câu hai xong.", "Câu hai xong.", "emphasis")
    assert changes({"a.md": page}, {"a.md": page.replace("Câu hai", "Câu  hai")}) == []


def test_a_paragraph_of_many_emphases_is_read():
    page = "Mục *một* đây. " * 3000
    assert len(sentences(page)) == 3000 and sentences(page)[-1].key.endswith("\u27e84:một\u27e9")
