"""The cache under .cache/baocao/ (macros/cache.py): results are reused only while everything they depend on is
the same. A changed data file or schema is validated again, an edited template compiled again, a deleted cache
rebuilt; nothing in it can make a page or a check differ from a run without it."""
from __future__ import annotations

import json
import re
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, build_site, copy_project
from macros import cache, data
from macros.data import schema

EVENTS = "data/2023/events.yml"
TITLE = "title: Sự kiện, ngày kỷ niệm"


@pytest.fixture
def data_project(tmp_path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path


@pytest.fixture
def validations(monkeypatch) -> list:
    """The files actually validated by jsonschema (not answered from the cache)."""
    done = []
    real = schema._schema_errors

    def counted(loaded, *args):
        done.append(loaded.file)
        return real(loaded, *args)
    monkeypatch.setattr(schema, "_schema_errors", counted)
    return done


def figures_files(root: Path) -> list:
    return sorted(p.relative_to(root).as_posix() for p in (root / "data" / "2023").glob("*.yml")
                  if schema.schema_name(p.stem) == "figures")


def test_unchanged_files_are_not_validated_twice(data_project, validations):
    first = data.load(data_project)
    assert not first.errors
    files = sorted(first.years[2023].files)
    assert sorted(validations) == files
    validations.clear()
    again = data.load(data_project)
    assert validations == []
    assert not again.errors and again.years[2023].figures.keys() == first.years[2023].figures.keys()


def test_a_changed_data_file_is_validated_again(data_project, validations):
    data.load(data_project)
    validations.clear()
    events = data_project / EVENTS
    good = events.read_text(encoding="utf-8")
    events.write_text(good.replace(TITLE, 'title: ""'), encoding="utf-8")
    broken = data.load(data_project)
    assert validations == [EVENTS]
    assert [(e.file, e.key) for e in broken.errors] == [(EVENTS, "title")]
    validations.clear()
    events.write_text(good, encoding="utf-8")
    assert not data.load(data_project).errors
    assert validations == [EVENTS]


def test_a_changed_schema_revalidates_every_file_it_governs(data_project, validations):
    assert not data.load(data_project).errors
    validations.clear()
    figures_schema = data_project / "data" / "schemas" / "figures.schema.json"
    spec = json.loads(figures_schema.read_text(encoding="utf-8"))
    spec["properties"]["title"]["maxLength"] = 3     # every figures file's title is longer
    figures_schema.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    broken = data.load(data_project)
    assert sorted(validations) == figures_files(data_project)
    assert sorted({e.file for e in broken.errors}) == figures_files(data_project)
    assert {e.key for e in broken.errors} == {"title"}


def test_errors_and_refused_values_come_back_from_the_cache_exactly(data_project):
    """A figure without its unit: the same errors, and the same figure left out, cold, warm and without cache."""
    events = data_project / EVENTS
    text = events.read_text(encoding="utf-8")
    assert text.count("    unit: năm\n") >= 1
    events.write_text(text.replace("    unit: năm\n", "", 1), encoding="utf-8")
    runs = [data.load(data_project), data.load(data_project), data.load(data_project, cache.DISABLED)]
    assert runs[0].errors and [(e.file, e.key) for e in runs[0].errors] == [(EVENTS, "figures.press_day_anniversary")]
    assert runs[1].errors == runs[0].errors == runs[2].errors
    for ds in runs:
        assert "events.press_day_anniversary" in ds.years[2023].failed
        assert "events.press_day_anniversary" not in ds.years[2023].figures


def test_a_warm_check_does_not_import_jsonschema(data_project):
    probe = ("import sys; from macros import data; ds = data.load(sys.argv[1]); "
             "print(len(ds.errors), 'jsonschema' in sys.modules)")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop(cache.OFF_ENV, None)
    runs = [subprocess.run([sys.executable, "-c", probe, str(data_project)], capture_output=True, text=True,
                           env=env, cwd=data_project, timeout=60).stdout.split() for _ in range(2)]
    assert runs == [["0", "True"], ["0", "False"]]


def test_no_cache_when_turned_off(data_project, validations, monkeypatch):
    monkeypatch.setenv(cache.OFF_ENV, "1")
    data.load(data_project)
    data.load(data_project)
    assert len(validations) == 2 * len(list((data_project / "data" / "2023").glob("*.yml")))
    assert not (data_project / ".cache").exists()


def test_an_unreadable_cache_is_no_cache(data_project, validations):
    data.load(data_project)
    for kept in (data_project / ".cache").rglob("*.json"):
        kept.write_text("{not json", encoding="utf-8")
    validations.clear()
    assert not data.load(data_project).errors
    assert len(validations) == len(list((data_project / "data" / "2023").glob("*.yml")))


def test_toolchain_changes_with_the_code(tmp_path):
    """The code that computes a result is part of its key: another macros/ source, another cache folder."""
    probe = "from macros import cache; print(cache.toolchain())"
    shutil.copytree(ROOT / "macros", tmp_path / "macros", ignore=shutil.ignore_patterns("__pycache__"))

    def digest():
        return subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True,
                              env=dict(os.environ, PYTHONPATH=str(tmp_path)), timeout=60).stdout.strip()
    before = digest()
    assert before == cache.toolchain()
    with open(tmp_path / "macros" / "formats.py", "a", encoding="utf-8") as f:
        f.write("\n# changed\n")
    assert digest() != before


@pytest.mark.build
def test_templates_compiled_once_and_again_when_edited(tmp_path):
    """The theme's templates are kept compiled; an edited override is compiled again; a deleted cache is rebuilt."""
    project = copy_project(tmp_path / "project")
    main = project / "overrides" / "main.html"
    source = main.read_text(encoding="utf-8")
    assert "{{ super() }}" in source
    for n, mark in enumerate(("lan-mot", "lan-hai")):
        main.write_text(source.replace("{{ super() }}", f"{{{{ super() }}}}<!-- {mark} -->"), encoding="utf-8")
        result = build_site(project, tmp_path / f"site{n}")
        assert result.returncode == 0, result.stderr
        page = (tmp_path / f"site{n}" / "index.html").read_text(encoding="utf-8")
        assert f"<!-- {mark} -->" in page
        compiled = list((project / ".cache" / "baocao").glob("*/jinja/*/*.cache"))
        assert len(compiled) > 10       # Material's templates and ours
    shutil.rmtree(project / ".cache")
    result = build_site(project, tmp_path / "site2")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site2" / "index.html").read_text(encoding="utf-8") == page


def test_charts_are_drawn_again_only_when_their_numbers_change(data_project, monkeypatch):
    from dataclasses import replace

    from macros.html import charts
    year = data.load(data_project).years[2023]
    chart = charts.sectors(year)
    drawn = []
    real = charts.svg
    monkeypatch.setattr(charts, "svg", lambda c: drawn.append(c.id) or real(c))
    store = cache.for_project(data_project)
    first = charts.cached_svg(chart, store)
    assert charts.cached_svg(chart, store) == first == real(chart)
    assert drawn == ["linh-vuc"]
    bar = chart.series[0].figures[0]
    moved = replace(bar, value=bar.value + 5)
    changed = replace(chart, series=[replace(chart.series[0], figures=[moved] + chart.series[0].figures[1:]),
                                     *chart.series[1:]])
    again = charts.cached_svg(changed, store)
    assert drawn == ["linh-vuc", "linh-vuc"]
    assert again == real(changed) != first
    assert charts.cached_svg(chart, cache.DISABLED) == first


def test_the_same_interpreter_by_another_name_shares_the_cache(tmp_path):
    """`mkdocs` starts python3, `python -m macros pdf` python: one cache, not two that evict each other."""
    names = [Path(sys.executable).with_name(n) for n in ("python", "python3")]
    names = [n for n in names if n.exists()]
    if len(names) < 2:
        pytest.skip("this interpreter has one name only")
    probe = "from macros import cache; print(cache.toolchain())"
    seen = {subprocess.run([str(n), "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60,
                           env=dict(os.environ, PYTHONPATH=str(ROOT))).stdout.strip() for n in names}
    assert len(seen) == 1 and "" not in seen


def test_a_cache_folder_that_arrives_with_the_project_is_never_read(tmp_path):
    """Results in .cache/ that this machine did not compute (a folder committed by mistake or on purpose) are in
    another toolchain folder: the toolchain's name holds a secret of this machine's user, kept outside projects."""
    probe = "from macros import cache; print(cache.toolchain())"

    def toolchain(home: Path) -> str:
        return subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60,
                              env=dict(os.environ, PYTHONPATH=str(ROOT), XDG_CACHE_HOME=str(home))).stdout.strip()
    first, again, other = toolchain(tmp_path / "a"), toolchain(tmp_path / "a"), toolchain(tmp_path / "b")
    assert first == again and first not in ("", "None")     # the same user: the same folder, run after run
    assert other not in (first, "", "None")                 # another machine or user: another folder
    assert len((tmp_path / "a" / "baocao-secret").read_text(encoding="ascii").strip()) == 32


def test_no_place_for_the_secret_means_no_cache(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    probe = ("import sys; from macros import cache, data; c = cache.for_project(sys.argv[1]); "
             "c.put('valid', 'x', 'k', 1); print(cache.toolchain(), c.get('valid', 'x', 'k'))")
    out = subprocess.run([sys.executable, "-c", probe, str(tmp_path)], cwd=ROOT, capture_output=True, text=True,
                         timeout=60, env=dict(os.environ, PYTHONPATH=str(ROOT), XDG_CACHE_HOME=str(blocked)))
    assert out.returncode == 0 and out.stdout.split() == ["None", "None"], out.stderr
    assert not (tmp_path / ".cache").exists()


def test_older_toolchains_make_way_but_the_last_ones_stay(tmp_path):
    folder = tmp_path / cache.FOLDER
    names = [c * 20 for c in "abcd"]
    for n, name in enumerate(names):
        (folder / name).mkdir(parents=True)
        os.utime(folder / name, (1_000_000 + n, 1_000_000 + n))
    cache.for_project(tmp_path).put("valid", "x", "k", [])
    kept = sorted(p.name for p in folder.iterdir())
    assert kept == sorted([names[2], names[3], cache.toolchain()])
    assert cache.for_project(tmp_path).get("valid", "x", "k") == []


def appendix_macros(project: Path):
    """The page macros of a build of `project`, on its figures page (what mkdocs-macros would call)."""
    from types import SimpleNamespace

    from macros.site.context import make_context
    from macros.site.page_macros import PageMacros
    from macros.sources.nav import read_nav
    ctx = make_context(project, project / "docs", data.load(project), read_nav(project / "mkdocs.yml"), False)
    page = SimpleNamespace(url="2023/bang-so-lieu/", file=SimpleNamespace(src_uri="2023/bang-so-lieu.md"), meta={})
    return PageMacros(ctx, lambda: page, lambda markdown: markdown)


def test_appendix_pages_made_again_when_any_source_changes(tmp_path, monkeypatch):
    from macros.html import appendix
    project = copy_project(tmp_path / "project")
    made = []
    real = appendix.figures_page
    monkeypatch.setattr(appendix, "figures_page", lambda *a, **k: made.append(1) or real(*a, **k))
    first = appendix_macros(project).figures_table()
    assert appendix_macros(project).figures_table() == first and len(made) == 1     # nothing changed: kept
    events = project / EVENTS
    events.write_text(events.read_text(encoding="utf-8").replace("value: 98\n", "value: 99\n", 1), encoding="utf-8")
    changed = appendix_macros(project).figures_table()
    assert len(made) == 2 and changed != first
    row = re.search(r'<tr id="events\.press_day_anniversary".*?</tr>', changed, re.S).group(0)
    assert ">99<" in row
    # a page starts showing a figure: its row links to that page
    unused = re.search(r'<tr id="([^"]+)" data-key="2023/[^"]+" data-unused', changed).group(1)
    page = project / "docs" / "2023" / "ii-3-danh-gia-chung.md"
    page.write_text(page.read_text(encoding="utf-8") + f'\n\nThêm: {{{{ fig("{unused}") }}}}\n', encoding="utf-8")
    shown = appendix_macros(project).figures_table()
    assert len(made) == 3
    row = re.search(rf'<tr id="{re.escape(unused)}".*?</tr>', shown, re.S).group(0)
    assert "data-unused" not in row and "ii-3-danh-gia-chung/" in row




def test_a_page_is_checked_again_when_its_text_changes(tmp_path, monkeypatch):
    """The build's pre-flight keeps each page's result under its text: an edited page is read again, and an error
    in it is found on the first build after the edit, as without cache."""
    from macros.site.context import make_context
    from macros.site.preflight import site_errors
    from macros.site.render import page_environment
    from macros.sources import syntax
    from macros.sources.nav import read_nav
    project = copy_project(tmp_path / "project")
    parsed = []
    real = syntax.page_errors
    monkeypatch.setattr(syntax, "page_errors", lambda env, page, *a: parsed.append(page.src) or real(env, page, *a))

    def errors():
        ctx = make_context(project, project / "docs", data.load(project), read_nav(project / "mkdocs.yml"), False)
        found, broken = site_errors(ctx, project / "mkdocs.yml", page_environment())
        return [(e.file, e.line, e.key) for e in found], broken
    assert errors() == ([], set()) and len(parsed) > 20
    parsed.clear()
    assert errors() == ([], set()) and parsed == []                        # nothing changed: nothing read again
    page = project / "docs" / "2023" / "ii-3-danh-gia-chung.md"
    good = page.read_text(encoding="utf-8")
    page.write_text(good + "\n\nTỷ lệ đạt 79,85% và {{ fig('telecom.smartphone_users' }}\n", encoding="utf-8")
    line = good.count("\n") + 3
    found, broken = errors()
    assert parsed == ["2023/ii-3-danh-gia-chung.md"] and broken == {"2023/ii-3-danh-gia-chung.md"}
    assert ("docs/2023/ii-3-danh-gia-chung.md", line, "79,85%") in found                  # the typed figure
    assert any(f == "docs/2023/ii-3-danh-gia-chung.md" and ln == line and k != "79,85%" for f, ln, k in found)
    assert errors()[0] == found                                             # the same errors from the cache
    page.write_text(good, encoding="utf-8")
    assert errors() == ([], set())
def test_unchanged_files_are_not_parsed_twice(data_project, monkeypatch):
    from macros.data import yamlload
    parsed = []
    real = yamlload._read
    monkeypatch.setattr(yamlload, "_read", lambda raw, file: parsed.append(file) or real(raw, file))
    first = data.load(data_project)
    assert sorted(parsed) == sorted(first.years[2023].files)
    parsed.clear()
    events = data_project / EVENTS
    events.write_text(events.read_text(encoding="utf-8").replace("value: 98\n", "value: 99\n", 1), encoding="utf-8")
    again = data.load(data_project)
    assert parsed == [EVENTS]
    assert again.years[2023].figures["events.press_day_anniversary"].value == 99
    assert first.years[2023].figures["events.press_day_anniversary"].value == 98



def test_what_the_pages_cannot_show_is_refused_from_the_cache_too(data_project):
    """A value with more decimals than the page shows is refused (taken out, its error reported) on every build:
    worked out once per year's files, then kept; a change to the year's files works it out again."""
    from macros.data.files import year_digest
    from macros.html.showable import unshowable
    telecom = data_project / "data" / "2023" / "telecom.yml"
    good = telecom.read_text(encoding="utf-8")
    assert good.count("value: 79.85\n") == 1
    store = cache.for_project(data_project)

    def run():
        ds = data.load(data_project)
        found = unshowable(ds, store, {2023: year_digest(data_project, 2023)})
        return [(e.file, e.key) for e in found], "telecom.smartphone_users" in ds.years[2023].figures
    assert run() == run() == ([], True)
    telecom.write_text(good.replace("value: 79.85\n", "value: 79.855\n"), encoding="utf-8")   # the page: 79,86%
    refused = ([("data/2023/telecom.yml", "figures.smartphone_users.value")], False)
    assert run() == refused                      # worked out: the file changed
    assert run() == refused                      # from the cache: the same error, the figure still taken out
    telecom.write_text(good, encoding="utf-8")
    assert run() == ([], True)


def test_an_edit_to_another_year_leaves_a_years_appendix_pages_as_they_are(tmp_path, monkeypatch):
    """Two years (new-year 2024): editing 2024's data does not make 2023's figures table again; editing 2023's
    does, and the table shows the new value."""
    from macros.html import appendix
    project = copy_project(tmp_path / "project")
    done = subprocess.run([sys.executable, "-m", "macros", "new-year", "2024"], cwd=project, capture_output=True,
                          text=True, timeout=120, env=dict(os.environ, PYTHONPATH=str(project)))
    assert done.returncode == 0, done.stderr
    made = []
    real = appendix.figures_page
    monkeypatch.setattr(appendix, "figures_page", lambda *a, **k: made.append(1) or real(*a, **k))
    first = appendix_macros(project).figures_table()
    assert len(made) == 1
    later = project / "data" / "2024" / "events.yml"
    text = later.read_text(encoding="utf-8")
    later.write_text(text.replace("value: null", "value: 5", 1), encoding="utf-8")
    assert text != later.read_text(encoding="utf-8")
    assert appendix_macros(project).figures_table() == first and len(made) == 1      # 2024 edited: 2023 kept
    events = project / EVENTS
    events.write_text(events.read_text(encoding="utf-8").replace("value: 98\n", "value: 99\n", 1), encoding="utf-8")
    changed = appendix_macros(project).figures_table()
    assert len(made) == 2
    assert ">99<" in re.search(r'<tr id="events\.press_day_anniversary".*?</tr>', changed, re.S).group(0)


@pytest.mark.parametrize("linked", [".cache", ".cache/baocao"])
def test_a_linked_cache_folder_is_never_used_and_nothing_behind_it_is_touched(tmp_path, linked):
    """A checkout or a pull request can bring .cache/ (or .cache/baocao/) as a link to any folder: no cache then —
    nothing written there, and none of the folders there removed (they could be anyone's)."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "data", project / "data")
    elsewhere = tmp_path / "elsewhere"
    for n, name in enumerate(("aaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbb", "cccccccccccccccccccc", "photos", "baocao")):
        (elsewhere / name).mkdir(parents=True)
        (elsewhere / name / "keep.txt").write_text("của người khác", encoding="utf-8")
        os.utime(elsewhere / name, (1_000_000 + n, 1_000_000 + n))
    link = project / linked
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(elsewhere, target_is_directory=True)
    before = sorted(p.relative_to(elsewhere).as_posix() for p in elsewhere.rglob("*"))
    store = cache.for_project(project)
    store.put("valid", "x", "k", 1)
    assert store.get("valid", "x", "k") is None and not store
    assert not data.load(project).errors
    assert sorted(p.relative_to(elsewhere).as_posix() for p in elsewhere.rglob("*")) == before


def test_only_the_caches_own_folders_are_removed(tmp_path):
    folder = tmp_path / cache.FOLDER
    for n, name in enumerate(("a" * 20, "b" * 20, "c" * 20, "d" * 20, "notes", "e" * 19)):
        (folder / name).mkdir(parents=True)
        os.utime(folder / name, (1_000_000 + n, 1_000_000 + n))
    cache.for_project(tmp_path).put("valid", "x", "k", [])
    assert sorted(p.name for p in folder.iterdir()) == sorted(["c" * 20, "d" * 20, "notes", "e" * 19,
                                                               cache.toolchain()])


def test_keys_read_ordinary_files_only(tmp_path, monkeypatch):
    """A key changes with a file's bytes; a link or a file over 2 MB counts by size and time and is not read."""
    small, big, link = tmp_path / "a.yml", tmp_path / "big.yml", tmp_path / "link.yml"
    small.write_text("value: 1\n", encoding="utf-8")
    big.write_bytes(b"#" * (2 * 1024 * 1024 + 1))
    link.symlink_to(small)
    first = cache.files_digest(tmp_path, [small])
    small.write_text("value: 2\n", encoding="utf-8")
    assert cache.files_digest(tmp_path, [small]) != first
    read = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self.name) or real(self))
    cache.files_digest(tmp_path, [small, big, link])
    assert read == ["a.yml"]
