"""Pages render in a sandbox (issue 16, part 4): a page reaches the report's macros with written-out arguments, and
nothing else — not Python's internals, not the build's configuration or paths.

Each hostile input is written into a page of a copy of the project, which is then built strict. The build must
stop, and say on which page and line, in Vietnamese and English, what to do — never a traceback, never the output
of a command. The expected line is found in the mutated page itself, never taken from the code under test.
"""
from __future__ import annotations

import html
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import build_site, copy_project, fetch, start_serve, stop, unsigned, wait_for

pytestmark = pytest.mark.build

SECTION = "docs/2023/ii-2-5-du-luan-noi-bo.md"     # a section of the report, no front matter
HOME = "docs/index.md"                             # not a section
YEAR_HOME = "macros/sources/system_pages/index.md"  # the year cover: its title comes from its front matter

# (id, page, text written into the page, what the message must name)
ATTACKS = [
    # Python's internals through Jinja's globals, the macros, the template itself
    ("cycler-popen", SECTION, "{{ cycler.__init__.__globals__.os.popen('id').read() }}", "cycler.__init__"),
    ("joiner-popen", SECTION, "{{ joiner.__init__.__globals__.os.popen('id').read() }}", "joiner.__init__"),
    ("namespace-popen", SECTION, "{{ namespace.__init__.__globals__.os.popen('id').read() }}", "namespace"),
    ("lipsum-globals", SECTION, "{{ lipsum.__globals__['os'].popen('id').read() }}", "lipsum.__globals__"),
    ("macro-globals", SECTION, "{{ fig.__globals__ }}", "fig.__globals__"),
    ("macro-closure", SECTION, "{{ fig.__closure__[0].cell_contents.__self__.ctx.root }}", "fig.__closure__"),
    ("string-subclasses", SECTION, "{{ ''.__class__.__mro__[1].__subclasses__() }}", "__class__"),
    ("template-self", SECTION, "{{ self.__init__.__globals__ }}", "self.__init__"),
    ("format-string", SECTION, "{{ '{0.__class__}'.format(fig) }}", "fig"),   # refused at 'fig' (not called)
    ("filter-attr", SECTION, "{{ fig('party.members')|attr('__class__') }}", "|attr"),
    ("set-then-read", SECTION, "{% set f = fig %}{{ f.__globals__ }}", "fig"),   # refused at 'fig' (not called)
    # the build's variables and paths
    ("dataset-root", SECTION, "{{ dataset.root }}", "dataset.root"),
    ("environment", SECTION, "{{ environment }}", "environment"),
    ("git-info", SECTION, "{{ git.author_email }}", "git.author_email"),   # mkdocs-macros' variable (site/plugin.py)
    ("config", SECTION, "{{ config }}", "config"),
    ("config-docs-dir", SECTION, "{{ config.docs_dir }}", "config.docs_dir"),
    ("page-path", SECTION, "{{ page.file.abs_src_path }}", "page.file.abs_src_path"),
    ("plugin", SECTION, "{{ plugin }}", "plugin"),
    ("data-errors", SECTION, "{{ data_errors }}", "data_errors"),
    ("path-as-argument", SECTION, "{{ fig(config.docs_dir) }}", "fig"),
    ("spread-arguments", SECTION, "{{ fig(*['party.members']) }}", "fig"),
    # mkdocs-macros' own macros (macros_info prints every variable, the config included)
    ("macros-info", SECTION, "{{ macros_info() }}", "macros_info"),
    ("context", SECTION, "{{ context() }}", "context"),
    ("now", SECTION, "{{ now() }}", "now"),
    # other files, statements, sizes
    ("include-config", SECTION, "{% include '../mkdocs.yml' %}", "{% include %}"),
    ("include-page", SECTION, "{% include 'index.md' %}", "{% include %}"),
    ("import", SECTION, "{% import 'index.md' as page %}", "{% import %}"),
    ("macro-definition", SECTION, "{% macro m() %}x{% endmacro %}", "{% macro %}"),
    ("huge-loop", SECTION, "{% for i in range(10**9) %}x{% endfor %}", "{% for %}"),
    ("huge-string", SECTION, "{{ 'x' * 100000000 }}", "'x' * 100000000"),
    ("huge-power", SECTION, "{{ 9**9**9 }}", "9 ** "),
    ("range", SECTION, "{{ range(10) }}", "range"),
    ("syntax-error", SECTION, "{{ fig('party.members' }}", "jinja"),
    # numeric arguments and the whole report
    ("pad-huge", SECTION, "{{ fig('party.members', pad=20000000) }}", "pad=20000000"),
    ("pad-negative", SECTION, "{{ fig('party.members', pad=-1) }}", "pad=-1"),
    ("pad-fraction", SECTION, "{{ fig('party.members', pad=2.5) }}", "pad=2.5"),
    ("pad-text", SECTION, "{{ fig('party.members', pad='2') }}", "pad='2'"),
    ("pad-positional", SECTION, "{{ fig('party.members', 99) }}", "pad=99"),
    ("whole-report-in-section", SECTION, "{{ whole_report() }}", "whole_report()"),
    ("whole-report-on-home", HOME, "{{ whole_report() }}", "whole_report()"),
]
TITLE_ATTACK = "{{ config.site_dir }}"


def write_attack(project: Path, page: str, text: str | None) -> tuple[str, int]:
    """Put the attack into the page; return the text to look for and its line in the mutated file."""
    path = project / page
    source = path.read_text(encoding="utf-8")
    if text is None:                                   # a template in the page's title (front matter)
        title = re.search(r"^title: .*$", source, re.M).group(0)   # the template's own: Báo cáo năm {{ … }}
        source = source.replace(title, f'title: "{TITLE_ATTACK}"', 1)
        text = TITLE_ATTACK
    else:
        source = source.rstrip("\n") + f"\n\nTrước {text} sau.\n"
    path.write_text(source, encoding="utf-8")
    lines = source.split("\n")
    return text, next(no for no, line in enumerate(lines, 1) if text in line)


def test_count_of_hostile_inputs():
    print(f"\npage-side hostile inputs: {len(ATTACKS)}")
    assert len(ATTACKS) >= 35


RUNTIME = ("pad-", "whole-report-", "title-in-")    # refused by the macro (or in the title): the build only


def run_check(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "macros", "--root", str(project), "check"], cwd=project,
                          capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, PYTHONPATH=str(project), PYTHONIOENCODING="utf-8"))


def names(named: str, message: str) -> bool:
    """The message names what the page wrote, or the first name of it that the pre-flight refuses ('config' for
    'config.docs_dir', 'pad' for "pad='2'")."""
    root = re.split(r"[.(\[=|' ]", named.strip("{}% "))[0] or named
    return named in message or f"[khoá/key: {root}" in message or f"'{root}" in message


SECTIONS = sorted(f"docs/2023/{p.name}" for p in (Path(__file__).resolve().parent.parent / "docs" / "2023").glob("*.md"))
PREFLIGHT = [a for a in ATTACKS if not a[0].startswith(RUNTIME)]
ALONE = "syntax-error"     # a page that does not parse says nothing more: it gets a page of its own


@pytest.fixture(scope="module")
def preflight(tmp_path_factory):
    """Every attack the pre-flight refuses, each on its own line of some section page of ONE copy of the project,
    then `check` and the strict build of that copy once: {attack: (page, line)}, check's and the build's output."""
    root = tmp_path_factory.mktemp("preflight")
    project = copy_project(root / "project")
    extra = [f"docs/2023/thu-{n}.md" for n in range(len(PREFLIGHT) - len(SECTIONS) + 1)]
    for page in extra:   # more pages of the report (in the nav), so that every attack has a page of its own
        (project / page).write_text("# Trang thử\n\nMột đoạn.\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - Hướng dẫn biên tập: huong-dan-bien-tap.md\n",
        "".join(f"  - {page[5:]}\n" for page in extra) + "  - Hướng dẫn biên tập: huong-dan-bien-tap.md\n"),
        encoding="utf-8")
    others = [p for p in SECTIONS if p != SECTION] + extra   # one attack a page: a page stops at its first
    placed = {}
    for n, (name, page, text, _) in enumerate(PREFLIGHT):
        target = page if page != SECTION else (SECTION if name == ALONE else others.pop(0))
        placed[name] = (target, write_attack(project, target, text)[1])
    checked = run_check(project)
    started = time.perf_counter()
    built = build_site(project, root / "site")
    return placed, checked, built, time.perf_counter() - started, project, root / "site"


def assert_refused(output: str, page: str, line: int, named: str, what: str) -> None:
    found = [ln for ln in output.split("\n") if f"{page}:{line}" in ln and names(named, ln)]
    assert found, f"{what}: no message naming {page}:{line} and {named!r} in:\n{output[-4000:]}"
    assert " / " in found[0] and "Cách sửa" in found[0], f"not Vietnamese / English with what to do: {found[0]}"


@pytest.mark.parametrize("name,page,text,named", PREFLIGHT, ids=[a[0] for a in PREFLIGHT])
def test_attack_is_refused_by_check_and_the_build_with_page_and_line(preflight, name, page, text, named):
    placed, checked, built, seconds, project, site = preflight
    page, line = placed[name]
    assert checked.returncode != 0 and "Traceback" not in checked.stderr, checked.stdout + checked.stderr
    assert f"{page}:{line}" in checked.stderr and names(named, checked.stderr), checked.stderr[-4000:]
    output = built.stdout + built.stderr
    assert built.returncode != 0, f"the build accepted {text!r}:\n{output[-2000:]}"
    assert seconds < 60, f"the build of {len(placed)} attacks took {seconds:.0f} s"
    assert "Traceback" not in output and not re.search(r"uid=\d+", output), output[-3000:]
    assert_refused(output, page, line, named, "build")
    assert not (site / "2023").exists() or not any(
        re.search(r"uid=\d+|" + re.escape(str(project)), p.read_text(encoding="utf-8", errors="replace"))
        for p in site.rglob("*.html"))


@pytest.mark.parametrize("name,page,text,named", [a for a in ATTACKS if a[0].startswith(RUNTIME)],
                         ids=[a[0] for a in ATTACKS if a[0].startswith(RUNTIME)])
def test_attack_refused_when_the_page_renders(name, page, text, named, tmp_path):
    """Refused by the macro itself (a bad argument, the whole report on the wrong page): the build stops there."""
    project = copy_project(tmp_path / "project")
    _, line = write_attack(project, page, text)
    started = time.perf_counter()
    result = build_site(project, tmp_path / "site")
    seconds = time.perf_counter() - started
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"the build accepted {text!r}:\n{output[-2000:]}"
    assert seconds < 60, f"{name}: {seconds:.0f} s"
    assert "Traceback" not in output and not re.search(r"uid=\d+", output), output[-3000:]
    assert_refused(output, page, line, named, "build")


def test_allowed_forms_still_render(project, tmp_path):
    """What pages do write keeps working: macro calls by position or name, a written-out text, comments, raw."""
    page = unsigned(project) / SECTION
    page.write_text(page.read_text(encoding="utf-8") + "\n\nKiểm tra: {{ fig(key=\"party.members\", pad=3) }} · "
                    "{{ \"chữ\" }} · {# ghi chú #}{% raw %}{{ nguyên văn }}{% endraw %} · "
                    "{{- fig('party.cells', 2) -}}.\n", encoding="utf-8")
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    shown = html.unescape((tmp_path / "site/2023/ii-2-5-du-luan-noi-bo/index.html").read_text(encoding="utf-8"))
    text = re.sub(r"<[^>]+>", "", shown)
    assert re.search(r"Kiểm tra: 037 · chữ · \{\{ nguyên văn \}\} ·03\.", text), \
        text[text.find("Kiểm tra"):][:200]


def test_serve_shows_the_refusal_in_the_page_and_keeps_running(project, tmp_path):
    """`mkdocs serve`: the page shows the message instead of a traceback, and the server keeps serving."""
    _, line = write_attack(project, SECTION, "{{ cycler.__init__.__globals__.os.popen('id').read() }}")
    with open(tmp_path / "serve.log", "w") as log:
        server, base = start_serve(project, log, "--dirty")   # the README's serve command
        try:
            page = wait_for(base + "2023/ii-2-5-du-luan-noi-bo/", lambda p: True, server)
            assert f"{SECTION}:{line}" in page and "cycler.__init__" in page
            assert "Traceback" not in page and not re.search(r"uid=\d+", page)
            assert 'data-key="2023/party.members"' in (fetch(base + "2023/ii-2-2-to-chuc-xay-dung-dang/") or "")
            assert server.poll() is None
        finally:
            stop(server)


def test_a_template_in_a_title_is_shown_as_text(project, tmp_path):
    """Front matter is never rendered as a template: a title holding one shows literally and leaks nothing."""
    page = project / SECTION
    source = page.read_text(encoding="utf-8")
    page.write_text(f'---\ntitle: "{TITLE_ATTACK}"\n---\n' + source, encoding="utf-8")
    result = build_site(project, tmp_path / "site")
    assert "Traceback" not in result.stdout + result.stderr
    built = (tmp_path / "site/2023/ii-2-5-du-luan-noi-bo/index.html").read_text(encoding="utf-8")
    assert str(project) not in built and str(tmp_path) not in built
