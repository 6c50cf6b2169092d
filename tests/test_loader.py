"""The strict YAML loader (macros/data/yamlload.py): unit cases and properties.

Property: any mapping of safe scalars written by yaml.safe_dump (plain, with BOM, with CRLF) either loads back
to exactly the same values and types, or is refused with DataErrors — never an exception, never a changed value.
"""
from __future__ import annotations

import datetime as dt

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from macros.chars import canonical_tree  # noqa: E402
from macros.errors import DataError  # noqa: E402
from macros.data.yamlload import decode, load_text  # noqa: E402


def load(text: str):
    return load_text(text, "data/2023/x.yml")


def load_bytes(raw: bytes):
    text, errors = decode(raw, "data/2023/x.yml")
    return (None, errors) if errors else (lambda d: (d.data, d.errors))(load_text(text, "data/2023/x.yml"))


def same(a, b) -> bool:
    """Equal values of equal types (True is not 1, 1.0 is not 1), recursively."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


# ------------------------------------------------------------------ unit cases

def test_good_mapping_keeps_positions():
    doc = load("title: A\nfigures:\n  a:\n    value: 31\n")
    assert not doc.errors and doc.data == {"title": "A", "figures": {"a": {"value": 31}}}
    assert doc.where(("figures", "a", "value")) == (4, 12) and doc.where(("figures", "a")) == (3, 3)


def messages(text: str) -> list[str]:
    return [f"{e.line}|{e.key}|{e.vi}" for e in load(text).errors]


def test_refusals_name_line_and_key():
    cases = {
        "a:\n  value: 1\n  value: 2\n": ("3|a.value|", "hai lần"),
        "a:\n  value: no\n": ("2|a.value|", "đúng/sai"),
        "a:\n  value: 03\n": ("2|a.value|", "số 0 đứng đầu"),
        "a:\n  value: 0x1F\n": ("2|a.value|", "một số khác"),
        "a:\n  value: 1:30\n": ("2|a.value|", "một số khác"),
        "a:\n  value: 1_000\n": ("2|a.value|", "một số khác"),
        "a:\n  value: .nan\n": ("2|a.value|", "hữu hạn"),
        "a:\n  value: !!python/object/apply:os.system [ls]\n": ("2|a.value|", "không được phép"),
        "a:\n  value: 2023-02-30\n": ("2|a.value|", "không phải ngày hợp lệ"),
        "x: &v 1\na:\n  value: *v\n": ("3|a.value|", "bí danh"),
        "a:\n\tvalue: 1\n": ("2|a.value|", "Tab"),
        "a:\n  label: B: c\n": ("2|a.label|", "dấu ngoặc kép"),
        "a: 1\n---\nb: 2\n": ("3||", "nhiều tài liệu"),
    }
    for text, (head, fragment) in cases.items():
        got = messages(text)
        assert len(got) == 1, (text, got)
        assert got[0].startswith(head) and fragment in got[0], (text, got)


def test_tabs_on_several_lines_are_all_reported():
    got = messages("a:\n\tb: 1\n\tc: 2\n")
    assert [g.split("|")[:2] for g in got] == [["2", "a.b"], ["3", "a.c"]]


def test_quoted_text_that_looks_like_numbers_or_booleans_stays_text():
    doc = load('a: "no"\nb: "03"\nc: "2.119"\nd: \'1:30\'\ne: "x\\ty"\n')
    assert not doc.errors
    assert doc.data == {"a": "no", "b": "03", "c": "2.119", "d": "1:30", "e": "x\ty"}


def test_true_false_null_and_dates_are_accepted():
    doc = load("a: true\nb: false\nc: null\nd: 2023-11-30\ne: -5\nf: 1.5e+3\n")
    assert not doc.errors
    assert doc.data == {"a": True, "b": False, "c": None, "d": dt.date(2023, 11, 30), "e": -5, "f": 1500.0}


def test_bom_and_crlf_keep_line_numbers():
    text = "title: A\nfigures:\n  a:\n    value: 03\n"
    plain = load_bytes(text.encode())[1]
    for raw in (b"\xef\xbb\xbf" + text.encode(), text.replace("\n", "\r\n").encode(),
                b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode()):
        errors = load_bytes(raw)[1]
        assert [(e.line, e.column, e.key) for e in errors] == [(e.line, e.column, e.key) for e in plain] \
            == [(4, 12, "figures.a.value")]


def test_non_utf8_names_line_and_key():
    raw = "title: A\nfigures:\n  a:\n    label: Bưu cục\n".encode("utf-8").replace("ư".encode(), b"\xfd")
    _, errors = load_bytes(raw)
    assert len(errors) == 1 and errors[0].line == 4 and errors[0].key == "figures.a.label"
    assert "UTF-8" in errors[0].vi


def test_non_utf8_column_counts_characters_as_the_editor_shows_them():
    """'    label: Bưu cục' saved in ANSI: the bad byte is the 17th character of its line (the 20th byte in UTF-8);
    a BOM before it changes nothing."""
    line = "    label: Bưu cục"
    raw = f"title: A\nfigures:\n  a:\n{line}\n".encode("utf-8").replace("ụ".encode(), b"\xf2")
    for data in (raw, b"\xef\xbb\xbf" + raw):
        _, errors = load_bytes(data)
        assert [(e.line, e.column) for e in errors] == [(4, line.index("ụ") + 1)], errors


def test_control_character_is_refused_plainly():
    errors = load("a:\n  b: x\x07y\n").errors
    assert len(errors) == 1 and errors[0].line == 2 and errors[0].key == "a.b"


# ------------------------------------------------------------------ properties

safe_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.text(),
    st.floats(allow_nan=False, allow_infinity=False), st.dates(),
)
trees = st.recursive(
    safe_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(min_size=1), inner, max_size=4)),
    max_leaves=12,
)
mappings = st.dictionaries(st.text(min_size=1), trees, min_size=1, max_size=6)


@given(mappings, st.booleans(), st.booleans(), st.booleans(), st.sampled_from([None, False, True]))
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_safe_dump_round_trips_or_is_refused(data, bom, crlf, unicode, flow):
    text = yaml.safe_dump(data, allow_unicode=unicode, default_flow_style=flow, sort_keys=False)
    if crlf:
        text = text.replace("\n", "\r\n")
    raw = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    loaded, errors = load_bytes(raw)
    assert all(isinstance(e, DataError) and e.file and e.vi and e.en for e in errors)
    if not errors:   # text typed decomposed or with the eth is read in one spelling (chars.canonical); an escape
        #              ("\\xF0", what safe_dump writes without allow_unicode) is taken as written
        assert same(loaded, data) or same(loaded, canonical_tree(data)), (text, loaded)


# the eth; TCVN3's and VNI's letters as Latin-1 shows them; what follows a letter when UTF-8 is read as ANSI ('Ã¡')
OLD_FONTS = "ðÐ«»¡¢£¤¥¦§¨©ª¬®µ¶·¸¹¼½¾×÷øûïñöäëØÛÏÑÖÄË\u00a0¯°±²³´º¿ŠŒŽšœžŸƒˆ"


@given(st.dictionaries(st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True),
                       st.one_of(st.integers(), st.floats(allow_nan=False, allow_infinity=False),
                                 st.booleans(), st.none(), st.dates(),
                                 st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FF,
                                                                exclude_categories=("Cc", "Cf"),
                                                                exclude_characters=OLD_FONTS)))))
@settings(max_examples=150, deadline=None)
def test_report_like_data_always_round_trips(data):
    """Keys as the data files write them, values an editor would type: nothing of this may be refused. (Invisible
    format characters, category Cf, are refused on purpose: test_invisible_and_lookalike_characters_are_named; the
    eth is read as đ and an old font's letters are refused on purpose: tests/test_editor_spellings.py.)"""
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    doc = load(text)
    refused = [e for e in doc.errors if "số 0 đứng đầu" not in e.vi]   # safe_dump writes the text '09' plain
    assert not refused, (text, doc.errors)
    if not doc.errors:
        assert same(doc.data, data)


@given(st.text())
@example("\r[")        # found by this property: PyYAML counts a lone CR as a line break, the message's line did not
@settings(max_examples=400, deadline=None)
def test_any_text_loads_or_is_refused_never_crashes(text):
    doc = load(text)
    assert all(isinstance(e, DataError) for e in doc.errors)


@given(st.lists(st.sampled_from(["a:", " b:", "  - ", "\t", "1", "no", "03", "'x", '"y"', ": ", "\n", "#", "&a ",
                                 "*a", "!!str ", "{", "}", "[", "]", ",", "0x1F", "2023-02-30", "<<: "]),
                max_size=30))
@settings(max_examples=400, deadline=None)
def test_yaml_like_noise_never_crashes(parts):
    doc = load("".join(parts))
    assert all(isinstance(e, DataError) for e in doc.errors)


# ------------------------------------------------------------------ what an editor cannot see, and what YAML hides

def test_explicit_tags_are_refused_not_obeyed():
    """`!!int "0141"` would publish 97 (octal); `!!str 5` makes a number text: the value is what it looks like."""
    for text in ('a:\n  value: !!int "0141"\n', "a:\n  value: !!str 5\n", "a:\n  value: !!float 3\n",
                 "a: !!map {b: 1}\n", "a:\n  value: &x !!int 5\n", "a:\n  value: ! 5\n"):
        errors = load(text).errors
        assert len(errors) == 1 and "Thẻ YAML '!" in errors[0].vi, (text, errors)
        assert errors[0].line == text.count("\n", 0, text.index("!")) + 1


def test_invisible_and_lookalike_characters_are_named():
    errors = load("figures:\n  smart\u200bphone_users:\n    value: 1\n").errors
    assert len(errors) == 1 and "U+200B ZERO WIDTH SPACE ở cột 8" in errors[0].vi, errors
    assert errors[0].key == "figures.smartphone_users" and errors[0].column == 8
    errors = load("a:\n  label: Bưu\u200b cục\n").errors
    assert len(errors) == 1 and "U+200B ZERO WIDTH SPACE" in errors[0].vi, errors
    nbsp_indent = load("a:\n\u00a0\u00a0value: 1\n  b: 2\n").errors
    assert nbsp_indent and "U+00A0 NO-BREAK SPACE" in nbsp_indent[0].vi, nbsp_indent
    for ok in ("a: “Bưu cục” – trung tâm\n", "a: Thông tin – Báo chí\n"):   # look-alikes in text are text
        assert not load(ok).errors


def test_the_comment_that_ate_the_text_is_named():
    errors = load("a:\n  label: Bưu cục #cấp 1\n").errors
    assert len(errors) == 1 and "'#cấp 1' bị bỏ" in errors[0].vi and errors[0].key == "a.label", errors
    for fine in ("a:\n  label: Bưu cục  # ghi chú\n", "a:\n  label: \"Bưu cục #cấp 1\"\n", "a:\n  value: 3 #x\n",
                 "a:\n  label: Bưu cục # ghi chú\n"):
        assert not load(fine).errors, fine


def test_an_open_quote_is_reported_where_it_opens():
    lines = ["figures:", "  a:", '    label: "Bưu cục', "    value: 1", "  b:", "    label: Y", '    unit: "%"']
    errors = load("\n".join(lines) + "\n").errors
    assert len(errors) == 1 and errors[0].line == 3 and errors[0].key == "figures.a.label", errors
    assert "mở ở dòng 3" in errors[0].vi and "báo lỗi ở dòng 7" in errors[0].vi
    lines[-1] = '    unit: "hộ"'   # the next quote closes it: YAML reads one long label without an error
    errors = load("\n".join(lines) + "\n").errors
    assert len(errors) == 1 and errors[0].line == 3 and "mở ở dòng 3" in errors[0].vi, errors


def test_reserved_signs_and_colons_in_values_say_quote_it():
    for text, shown in (("a:\n  unit: %\n", 'unit: "%"'), ("a:\n  label: Bưu cục: trung tâm\n",
                                                            'label: "Bưu cục: trung tâm"'),
                        ("a:\n  label: @abc\n", 'label: "@abc"')):
        errors = load(text).errors
        assert len(errors) == 1 and errors[0].line == 2 and "ngoặc kép" in errors[0].fix + errors[0].vi, errors
        assert shown in errors[0].fix, errors


def test_wrong_indentation_is_named():
    errors = load("a:\n  label: X\n     value: 1\n").errors
    assert len(errors) == 1 and errors[0].line == 3 and "Thụt lề" in errors[0].vi, errors


def test_pathological_files_load_in_linear_time():
    """Every line wrong (tabs, U+2028): the time per line stays flat from 3 000 to 12 000 lines (it was quadratic:
    4x the lines took 16x the time). Best of 5 in this process's CPU time, garbage collector paused: the algorithm is
    measured, not the machine or what else runs on it."""
    import gc
    import time

    def seconds(lines: int, shape: str) -> float:
        one, two = ("\t", "\t\t") if shape == "tabs" else ("  ", "    ")
        sep = "\u2028" if shape == "breaks" else ""
        text = "figures:\n" + "".join(f"{one}f{i}:\n{two}label: L{i}{sep}\n{two}value: {i}\n"
                                      for i in range(lines // 3))
        best = float("inf")
        for _ in range(5):
            gc.disable()
            try:
                start = time.process_time()
                doc = load(text)
                best = min(best, time.process_time() - start)
            finally:
                gc.enable()
        assert len(doc.errors) >= lines // 3
        return best

    for shape in ("tabs", "breaks"):
        small, large = seconds(3000, shape), seconds(12000, shape)
        assert large < 8 * small, (shape, small, large)   # 4x the lines: quadratic would be 16x the time


def test_the_schemas_are_valid_json_schemas():
    """The loader does not re-check its schemas on every run (time): this test does."""
    import json
    from pathlib import Path

    from jsonschema import Draft202012Validator
    schemas = sorted((Path(__file__).resolve().parent.parent / "data" / "schemas").glob("*.schema.json"))
    assert len(schemas) >= 6
    for path in schemas:
        Draft202012Validator.check_schema(json.loads(path.read_text(encoding="utf-8")))


# ------------------------------------------------------------------ hostile files end in messages, never a crash

def _load_in_child(text: str) -> list:
    """The errors of `text` loaded in a child interpreter (a crash there is a failed assertion here, not a dead
    test run): [(line, column, key, vi)]."""
    import json
    import subprocess
    import sys
    from pathlib import Path
    code = ("import json, sys\nfrom macros.data.yamlload import _read\n"
            "out = _read(sys.stdin.buffer.read(), 'data/2023/x.yml')\n"
            "print(json.dumps([(e.line, e.column, e.key, e.vi) for e in out.errors[:3]] + [len(out.errors)]))")
    done = subprocess.run([sys.executable, "-c", code], input=text.encode("utf-8"), capture_output=True, timeout=120,
                          cwd=Path(__file__).resolve().parent.parent)
    assert done.returncode == 0, (done.returncode, done.stderr[-500:])   # 139 (-11): the interpreter crashed
    return json.loads(done.stdout)


def test_a_2_mb_file_of_open_brackets_ends_in_a_message():
    """libyaml composes nodes recursively in C: a million '[' overflowed the stack (signal 11, no message)."""
    for sign in "[{":
        *errors, count = _load_in_child("a: " + sign * (2 * 1024 * 1024 - 10))
        assert count == 1 and errors[0][:3] == [1, 3 + 64, "a"] and "lồng nhau quá sâu" in errors[0][3], errors


def test_2000_deep_nesting_names_the_line_where_it_gets_too_deep():
    flow = "figures:\n  a:\n    value: " + "[" * 2000 + "]" * 2000 + "\n"
    block = "figures:\n" + "".join("  " * i + f"  k{i}:\n" for i in range(2000))
    lists = "figures:\n" + "".join("  " * i + "  -\n" for i in range(2000))
    for text, line in ((flow, 3), (block, 65), (lists, 65)):   # 2 000 deep is no crash, a RecursionError was
        errors = load(text).errors
        assert len(errors) == 1 and errors[0].line == line and "quá 64 cấp" in errors[0].vi, (line, errors)
    assert not load("a:\n" + "".join("  " * i + f"  k{i}:\n" for i in range(60)) + "  " * 61 + "v: 1\n").errors


@pytest.mark.build   # seconds, not the quick tier (no marker of its own for "slow" yet)
def test_a_2_mb_file_wrong_on_every_line_ends_in_messages():
    """Every line tab-indented (each is an error; the keys of the first ones are read from YAML, the rest from the
    indentation alone, so the file is not parsed again and again) and every value with a control character."""
    import time
    for line in ("\tk: 1\n", 'k: "a\\x07b"\n'):
        text = line * (2 * 1024 * 1024 // len(line))
        start = time.perf_counter()
        *errors, count = _load_in_child(text)
        assert count >= len(text) // len(line) - 1 and errors[0][0] == 1, errors
        assert time.perf_counter() - start < 60


def test_every_invisible_and_control_character_is_refused_by_name():
    """Category Cf (all of it), the fillers that render as nothing, C0 and C1 controls through YAML escapes; in
    values and in keys. Tab and line feed, ordinary and no-break spaces stay text."""
    for char, name in (("\u061c", "U+061C ARABIC LETTER MARK"), ("\u2064", "U+2064 INVISIBLE PLUS"),
                       ("\u3164", "U+3164 HANGUL FILLER"), ("\u115f", "U+115F HANGUL CHOSEONG FILLER"),
                       ("\u1160", "U+1160 HANGUL JUNGSEONG FILLER"), ("\uffa0", "U+FFA0 HALFWIDTH HANGUL FILLER"),
                       ("\u2800", "U+2800 BRAILLE PATTERN BLANK"), ("\u034f", "U+034F COMBINING GRAPHEME JOINER"),
                       ("\U000e0041", "U+E0041 TAG LATIN CAPITAL LETTER A"), ("\ufe0f", "U+FE0F VARIATION SELECTOR-16"),
                       ("\u206f", "U+206F NOMINAL DIGIT SHAPES")):
        errors = load(f"a:\n  label: Bưu{char} cục\n").errors
        assert len(errors) == 1 and f"{name} ở cột 4" in errors[0].vi and errors[0].key == "a.label", errors
        errors = load(f"a:\n  lab{char}el: 1\n").errors
        assert len(errors) == 1 and f"{name} ở cột 6" in errors[0].vi and errors[0].key == "a.label", errors
    for escape, code in (("\\0", "0000"), ("\\e", "001B"), ("\\a", "0007"), ("\\x7f", "007F"), ("\\x9b", "009B"),
                         ("\\u0085", "0085"), ("\\x1b", "001B")):
        errors = load(f'a:\n  label: "Bưu{escape}cục"\n').errors
        assert len(errors) == 1 and f"U+{code} " in errors[0].vi and "\\e" in errors[0].fix, (escape, errors)
    for fine in ('a:\n  label: "Bưu\\tcục\\nmới"\n', "a:\n  label: Bưu cục\u00a0số 1 – «x»\n"):
        assert not load(fine).errors, fine
