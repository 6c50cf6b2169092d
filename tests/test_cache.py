"""The cache in the user's cache folder (macros/cache.py): results are reused only while everything they depend on
is the same. A changed data file or schema is validated again, an edited template compiled again, a deleted cache
rebuilt; nothing in it can make a page or a check differ from a run without it, and nothing in the project is ever
read as cache. Every test here has a user cache folder of its own (XDG_CACHE_HOME, which platformdirs follows)."""
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


@pytest.fixture(autouse=True)
def user_cache(tmp_path, monkeypatch) -> Path:
    """This test's own user cache folder, for this process and the ones it starts."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    monkeypatch.delenv(cache.OFF_ENV, raising=False)
    monkeypatch.delenv(cache.SHARED_ENV, raising=False)   # the suite's shared folder: not here
    return tmp_path / "user-cache" / "baocao"


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


def test_no_cache_when_turned_off(data_project, validations, monkeypatch, user_cache):
    monkeypatch.setenv(cache.OFF_ENV, "1")
    data.load(data_project)
    data.load(data_project)
    assert len(validations) == 2 * len(list((data_project / "data" / "2023").glob("*.yml")))
    assert not user_cache.exists() and not (data_project / ".cache").exists()


def test_an_unreadable_cache_is_no_cache(data_project, validations, user_cache):
    data.load(data_project)
    assert list(user_cache.rglob("*.json")) and not (data_project / ".cache").exists()
    for kept in user_cache.rglob("*.json"):
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
def test_templates_compiled_once_and_again_when_edited(tmp_path, user_cache):
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
        compiled = list(user_cache.glob("*/*/jinja/*/*.cache"))
        assert len(compiled) > 10       # Material's templates and ours
    assert not (project / ".cache").exists()
    shutil.rmtree(user_cache)
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


def test_a_cache_folder_in_the_checkout_changes_nothing(data_project, validations, tmp_path, monkeypatch):
    """A pull request can bring `.cache/` holding anything: here, this very code's own cache of this very project
    with every result turned into a lie (each file "valid" though broken, and a pickle that would run code), laid
    out under `.cache/`, `.cache/baocao/` and as a user cache folder would be. Nothing of it is read: the broken file
    is refused, every file is validated afresh, exactly as without a cache."""
    events = data_project / EVENTS
    events.write_text(events.read_text(encoding="utf-8").replace(TITLE, 'title: ""'), encoding="utf-8")
    expected = [(e.file, e.key) for e in data.load(data_project, cache.DISABLED).errors]
    assert expected == [(EVENTS, "title")]
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "elsewhere"))
    data.load(data_project)
    made = tmp_path / "elsewhere" / "baocao"
    for kept in made.rglob("*.json"):
        stored = json.loads(kept.read_text(encoding="utf-8"))
        stored["value"] = {"errors": [], "refused": []}
        kept.write_text(json.dumps(stored), encoding="utf-8")
    bomb = b"cos\nsystem\n(S'touch " + str(tmp_path / "ran").encode() + b"'\ntR."   # a pickle that runs a command
    for layout in (".cache", ".cache/baocao", ".cache/baocao/baocao"):
        shutil.copytree(made, data_project / layout, dirs_exist_ok=True)
    for folder in [p for p in (data_project / ".cache").rglob("*") if p.is_dir()]:
        (folder / "kept.bin").write_bytes(bomb)
        (folder / "kept.pickle").write_bytes(bomb)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))   # this user's (empty) cache folder
    validations.clear()
    assert [(e.file, e.key) for e in data.load(data_project).errors] == expected
    assert sorted(validations) == sorted(p.relative_to(data_project).as_posix()
                                         for p in (data_project / "data" / "2023").glob("*.yml"))
    assert not (tmp_path / "ran").exists()


def test_each_project_folder_has_its_own_cache_outside_it(tmp_path, user_cache):
    one, two = cache.for_project(tmp_path / "one"), cache.for_project(tmp_path / "two")
    one.put("valid", "x", "k", 1)
    assert one.get("valid", "x", "k") == 1 and two.get("valid", "x", "k") is None
    assert one.folder.parent == two.folder.parent == user_cache and one.folder != two.folder
    assert cache.for_project(tmp_path / "one" / ".." / "one").get("valid", "x", "k") == 1


def test_an_unwritable_user_cache_folder_means_no_cache(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    store = cache.for_project(tmp_path)
    store.put("valid", "x", "k", 1)
    assert store.get("valid", "x", "k") is None and not store
    assert not data.load(ROOT).errors


def test_older_toolchains_and_projects_make_way_but_the_last_ones_stay(tmp_path, user_cache):
    store = cache.for_project(tmp_path / "project")
    for parent, keep in ((store.folder, cache.KEEP_TOOLCHAINS), (user_cache, cache.KEEP_PROJECTS)):
        names = [f"old{n:02}" for n in range(keep + 2)]
        for n, name in enumerate(names):
            (parent / name).mkdir(parents=True)
            os.utime(parent / name, (1_000_000 + n, 1_000_000 + n))
    store.put("valid", "x", "k", [])
    assert sorted(p.name for p in store.folder.iterdir()) == sorted(
        [f"old{n:02}" for n in range(cache.KEEP_TOOLCHAINS + 2)][-(cache.KEEP_TOOLCHAINS - 1):] + [cache.toolchain()])
    assert sorted(p.name for p in user_cache.iterdir()) == sorted(
        [f"old{n:02}" for n in range(cache.KEEP_PROJECTS + 2)][-(cache.KEEP_PROJECTS - 1):] + [store.folder.name])
    assert cache.for_project(tmp_path / "project").get("valid", "x", "k") == []


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
    events.write_text(events.read_text(encoding="utf-8").replace("value: 2023-06-21\n", "value: 2024-06-21\n", 1),
                      encoding="utf-8")   # the day celebrated a year on: its anniversary, computed, 98 -> 99
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
    events.write_text(events.read_text(encoding="utf-8").replace("value: 2023-06-21\n", "value: 2024-06-21\n", 1),
                      encoding="utf-8")   # the day celebrated a year on: its anniversary, computed, 98 -> 99
    changed = appendix_macros(project).figures_table()
    assert len(made) == 2
    assert ">99<" in re.search(r'<tr id="events\.press_day_anniversary".*?</tr>', changed, re.S).group(0)


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


@pytest.mark.build
def test_a_poisoned_cache_folder_in_the_checkout_changes_nothing_a_build_does(tmp_path, monkeypatch):
    """The real build's own cache, written inside the checkout's `.cache/` (as a pull request could bring it, under
    every layout a reader might look in) with every kept text turned into a marked lie: the next build, with this
    user's own (empty) cache folder, publishes none of it."""
    project = copy_project(tmp_path / "project")
    monkeypatch.setenv("XDG_CACHE_HOME", str(project / ".cache"))
    assert build_site(project, tmp_path / "first").returncode == 0
    kept = list((project / ".cache").rglob("*.json"))
    assert len(kept) > 20
    for path in kept:
        stored = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(stored.get("value"), str):
            stored["value"] = "ĐỘC-HẠI " + stored["value"]
            path.write_text(json.dumps(stored, ensure_ascii=False), encoding="utf-8")
    shutil.copytree(project / ".cache" / "baocao", project / ".cache", dirs_exist_ok=True)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    done = build_site(project, tmp_path / "second")
    assert done.returncode == 0, done.stderr
    assert not [p for p in (tmp_path / "second").rglob("*.html") if "ĐỘC-HẠI" in p.read_text(encoding="utf-8")]
    assert (tmp_path / "user-cache" / "baocao").is_dir()
