"""Throwaway projects for the benchmark, all under one temp folder:

- snapshot(root, dest): a copy of the checkout (everything a build needs, not .git/.venv/site);
- tenfold(project, dest, years): the same report as ten years (data/<year> and docs/<year> copied, nav repeated);
- plain(project, dest): the SAME pages with the macros already rendered to Markdown, built by plain
  mkdocs-material — same theme, extensions, extra_css and overrides, but no macros plugin and no hooks;
- with_empty_macros(plain, dest): that plain twin plus mkdocs-macros loading a module that defines nothing,
  to tell the plugin's own cost from the cost of the report's code.
"""
from __future__ import annotations

import copy
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from dump_hook import DUMP_ENV
from timing import check, child_env

HERE = Path(__file__).resolve().parent
SKIP = shutil.ignore_patterns(".git", ".venv", "venv", "site", "__pycache__", ".pytest_cache", "node_modules",
                              "benchmarks", "tests", "*.pdf")


# --------------------------------------------------------------------------- mkdocs.yml, tags kept as they are

class _Tagged:
    """A value with a YAML tag PyYAML's safe loader does not know (!ENV, !!python/name:...), kept verbatim."""

    def __init__(self, tag, node):
        self.tag, self.node = tag, node


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


_Loader.add_multi_constructor("!", lambda loader, suffix, node: _Tagged("!" + suffix, node))
_Loader.add_multi_constructor("tag:yaml.org,2002:python/",
                              lambda loader, suffix, node: _Tagged("tag:yaml.org,2002:python/" + suffix, node))
_Dumper.add_representer(_Tagged, lambda dumper, t: _retag(t.node, t.tag))


def _retag(node, tag):
    node = copy.copy(node)
    node.tag = tag
    return node


def read_config(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)


def write_config(path: Path, config: dict) -> None:
    path.write_text(yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8")


# --------------------------------------------------------------------------- projects

def snapshot(root: Path, dest: Path) -> Path:
    shutil.copytree(root, dest, ignore=SKIP)
    return dest


def build_cmd(project: Path, dest: Path) -> list:
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(project / "mkdocs.yml"),
            "-d", str(dest)]


def markdown_pages(project: Path) -> list:
    docs = project / read_config(project / "mkdocs.yml").get("docs_dir", "docs")
    return sorted(docs.rglob("*.md"))


def base_year(project: Path) -> int:
    years = [int(p.name) for p in (project / "data").iterdir() if p.is_dir() and re.fullmatch(r"\d{4}", p.name)]
    return max(years)


def tenfold(project: Path, dest: Path, count: int = 10) -> Path:
    """The report repeated for `count` years: base year and the count-1 years before it."""
    shutil.copytree(project, dest)
    year = base_year(dest)
    config = read_config(dest / "mkdocs.yml")
    docs = dest / config.get("docs_dir", "docs")
    others = [year - i for i in range(1, count)]
    for y in others:
        shutil.copytree(dest / "data" / str(year), dest / "data" / str(y))
        shutil.copytree(docs / str(year), docs / str(y))
    config["nav"] = _repeat_year_in_nav(config["nav"], year, others)
    write_config(dest / "mkdocs.yml", config)
    return dest


def _repeat_year_in_nav(nav: list, year: int, others: list) -> list:
    prefix = f"{year}/"

    def mentions(item) -> bool:
        if isinstance(item, str):
            return item.startswith(prefix)
        if isinstance(item, dict):
            return any(mentions(v) for v in item.values())
        if isinstance(item, list):
            return any(mentions(v) for v in item)
        return False

    def moved(item, y):
        if isinstance(item, str):
            return f"{y}/{item[len(prefix):]}" if item.startswith(prefix) else item
        if isinstance(item, dict):
            return {k.replace(str(year), str(y)) if k.startswith("Năm") else k: moved(v, y) for k, v in item.items()}
        if isinstance(item, list):
            return [moved(v, y) for v in item]
        return item

    out = []
    for item in nav:
        out.append(item)
        if mentions(item):
            out.extend(moved(item, y) for y in others)
    return out


def dump_rendered(project: Path, dump_dir: Path, site_dir: Path) -> None:
    """Build the project once (strict) with the dump hook: every page's Markdown after the macros ran."""
    work = project.parent / (project.name + "-dump")
    shutil.copytree(project, work)
    shutil.copy(HERE / "dump_hook.py", work / "_bench_dump_hook.py")
    config = read_config(work / "mkdocs.yml")
    hooks = config.get("hooks") or []
    config["hooks"] = list(hooks) + ["_bench_dump_hook.py"]
    write_config(work / "mkdocs.yml", config)
    result = subprocess.run(build_cmd(work, site_dir), cwd=work, capture_output=True, text=True,
                            env=child_env(**{DUMP_ENV: str(dump_dir)}), timeout=900)
    check(result, f"strict build of {project.name} with the dump hook")
    shutil.rmtree(work)


def plain(project: Path, dest: Path, scratch: Path) -> Path:
    """The plain mkdocs-material twin of a project: rendered Markdown, no macros plugin, no hooks."""
    dump_dir = scratch / (project.name + "-rendered")
    dump_rendered(project, dump_dir, scratch / (project.name + "-dump-site"))
    shutil.copytree(project, dest)
    config = read_config(dest / "mkdocs.yml")
    docs = dest / config.get("docs_dir", "docs")
    pages = markdown_pages(project)
    for md in pages:
        rel = md.relative_to(project / config.get("docs_dir", "docs"))
        rendered = dump_dir / rel
        if not rendered.is_file():     # a page MkDocs did not render (excluded, not_in_nav draft...): keep as is
            continue
        (docs / rel).write_text(rendered.read_text(encoding="utf-8"), encoding="utf-8")
    if not any(dump_dir.rglob("*.md")):
        raise RuntimeError(f"the dump hook wrote no page into {dump_dir}")
    plugins = config.get("plugins", [])
    if isinstance(plugins, dict):
        plugins.pop("macros", None)
    else:
        config["plugins"] = [p for p in plugins if _plugin_name(p) != "macros"]
    config.pop("hooks", None)
    config.pop("watch", None)
    write_config(dest / "mkdocs.yml", config)
    shutil.rmtree(dest / "macros", ignore_errors=True)
    return dest


def _plugin_name(entry) -> str:
    return entry if isinstance(entry, str) else next(iter(entry))


def with_empty_macros(plain_project: Path, dest: Path) -> Path:
    shutil.copytree(plain_project, dest)
    (dest / "_bench_empty_macros.py").write_text("def define_env(env):\n    pass\n", encoding="utf-8")
    config = read_config(dest / "mkdocs.yml")
    for md in (dest / config.get("docs_dir", "docs")).rglob("*.md"):
        _raw_body(md)
    plugins = config.get("plugins", [])
    entry = {"macros": {"module_name": "_bench_empty_macros"}}
    config["plugins"] = ({**plugins, **entry} if isinstance(plugins, dict) else list(plugins) + [entry])
    write_config(dest / "mkdocs.yml", config)
    return dest


_FRONT = re.compile(r"\A---\n.*?\n---\n", re.S)


def _raw_body(md: Path) -> None:
    """Wrap a rendered page in {% raw %}: mkdocs-macros still parses it, but its output stays the same."""
    text = md.read_text(encoding="utf-8")
    if "{% endraw %}" in text:
        return
    m = _FRONT.match(text)
    head, body = (text[: m.end()], text[m.end():]) if m else ("", text)
    md.write_text(f"{head}{{% raw %}}{body}{{% endraw %}}", encoding="utf-8")


_ARTICLE = re.compile(r"<article\b.*?</article>", re.S)


def differing_pages(site_a: Path, site_b: Path) -> tuple[int, list]:
    """(pages compared, pages whose <article> HTML differs) between two built sites: is the baseline the same?"""
    compared, differ = 0, []
    for page in sorted(site_a.rglob("*.html")):
        other = site_b / page.relative_to(site_a)
        a = _ARTICLE.search(page.read_text(encoding="utf-8"))
        if not a:
            continue
        compared += 1
        b = _ARTICLE.search(other.read_text(encoding="utf-8")) if other.is_file() else None
        if not b or a.group(0) != b.group(0):
            differ.append(page.relative_to(site_a).as_posix())
    return compared, differ
