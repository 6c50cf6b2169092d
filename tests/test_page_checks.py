"""Pages read as Jinja templates (macros/sources/syntax.py) and the renderer's guard (macros/site/render.py): what
`check` and the build say about a page, on small pages. The corpus (tests/bad_inputs/) runs the same mistakes
through the real commands; here each message is pinned to its line and column."""
from __future__ import annotations

import pytest

from conftest import ROOT
from macros.site.page_macros import signatures
from macros.site.render import page_environment
from macros.sources.pages import Page, split_front_matter
from macros.sources.syntax import argument_problem, page_errors


def errors_of(text: str):
    meta, body, _ = split_front_matter(text)
    env = page_environment()
    return page_errors(env, Page("2023/trang.md", text, meta, body), signatures(), set(env.globals))


def only(text: str):
    found = errors_of(text)
    assert len(found) == 1, found
    return found[0]


FRONT = "---\ntitle: Thử\n---\n"


@pytest.mark.parametrize("text, line, column, fragment", [
    (FRONT + 'A {{ fig(“telecom.x”) }}\n', 4, 10, "U+201C LEFT DOUBLE QUOTATION MARK ở cột 10"),
    (FRONT + 'A {{ fig(\u2018telecom.x\u2019) }}\n', 4, 10, "U+2018 LEFT SINGLE QUOTATION MARK"),
    ('A {{ fig("a") }} B {{ fig("b") }\nC {{ fig("c") }}\n', 1, 20, "'{{' mở ở dòng 1 (cột 20)"),
    ('A {{ fig("a")\n\nC\n', 1, 3, "chưa được đóng bằng '}}'"),
    ('{% raw %}\n{{ fig("a") }}\n', 1, 1, "{% raw %} không có {% endraw %}"),
    ('A { { fig("a") }}\n', 1, 16, "mà không có '{{' mở tương ứng"),
    ('A {{ figg("a") }}\n', 1, 6, "Có phải 'fig'?"),
    (FRONT + '\nA {{ fig }}\n', 5, 6, "được nêu tên nhưng không được gọi"),
    ('A {{ fig("a", pad="2") }}\n', 1, 6, "Đối số 'pad' của macro 'fig' phải là số nguyên, nhưng gặp '2'"),
    ('A {{ fig("a", 2, True, 3) }}\n', 1, 6, "thừa đối số"),
    ('A {{ fig("a", padding=2) }}\n', 1, 6, "có đối số tên lạ: padding"),
    ('A {{ doc() }}\n', 1, 6, "thiếu đối số"),
    ('A {{ fig(2119) }}\n', 1, 6, "Đối số 'key' của macro 'fig' phải là chữ trong ngoặc kép"),
    ('A {{ fig("a" pad=2) }}\n', 1, 3, "thiếu dấu phẩy"),
])
def test_page_mistakes_are_named_at_their_line_and_column(text, line, column, fragment):
    error = only(text)
    assert (error.line, error.column) == (line, column), error
    assert fragment in str(error), error
    assert error.file == "docs/2023/trang.md" and error.en and error.fix


@pytest.mark.parametrize("fine", [
    'A {{ fig("telecom.x") }} và {{ fig("telecom.y", pad=2) }}; {{ doc("qd", "short") }}\n',
    '{% raw %}\n{{ fig(“x”) }} {{ nosuch }} } }}\n{% endraw %}\n',
    "Không có macro: 50% của {x} và {{ '{{' }}\n",
    '{% set k = "telecom.x" %}{{ fig(k) }}\n',
])
def test_good_pages_have_no_error(fine):
    assert errors_of(fine) == []


def test_arguments_are_checked_against_the_macros_own_signature():
    sigs = signatures()
    assert argument_problem("fig", sigs["fig"], ("telecom.x",), {"pad": 2}) is None
    assert argument_problem("fig", sigs["fig"], ("telecom.x",), {"pad": True}) is not None   # a bool is not a number
    assert argument_problem("tally", sigs["tally"], ("all",), {}) is None
    assert "fig(key, pad=0, currency=True)" in argument_problem("fig", sigs["fig"], (), {})[2]


def test_the_build_renders_with_the_environment_check_uses():
    """`check` parses and renders pages with page_environment(); the build with mkdocs-macros' environment as
    mkdocs.yml configures it. Same class, same undefined, same delimiters and options, or check and build could
    disagree about a page."""
    from mkdocs.config import load_config
    config = load_config(str(ROOT / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    built = config.plugins["macros"].env
    ours = page_environment()
    settings = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
                "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
                "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "autoescape",
                "finalize", "undefined", "optimized", "is_async")
    assert type(built) is type(ours)
    assert {s: getattr(built, s) for s in settings} == {s: getattr(ours, s) for s in settings}
    assert set(built.extensions) == set(ours.extensions)
