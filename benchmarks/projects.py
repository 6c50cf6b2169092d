"""Throwaway projects for the benchmark, all under one temp folder:

- snapshot(root, dest): a copy of the checkout (everything a build needs, not .git/.venv/site/.cache; the tests
  only with tests=True);
- tenfold(project, dest, years): the same report as ten years (data/<year> and docs/<year> copied without the
  year's plan for the next, nav repeated);
- plain(project, dest): the SAME pages with the macros already rendered to Markdown, built by plain
  mkdocs-material — same theme, extensions, extra_css and overrides, but no macros plugin and no hooks;
- with_empty_macros(plain, dest): that plain twin plus mkdocs-macros loading a module that defines nothing,
  to tell the plugin's own cost from the cost of the report's code;
- with_template_cache(plain, dest): the plain twin keeping Material's compiled templates as the strict build does.
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
_SKIP_ANYWHERE = shutil.ignore_patterns(".git", ".venv", "venv", "__pycache__", ".pytest_cache", "node_modules",
                                        "*.pdf")
_SKIP_AT_TOP = {"site", "build", ".cache", "benchmarks", "tests"}   # the built site, outputs, caches: top level only


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

def snapshot(root: Path, dest: Path, tests: bool = False) -> Path:
    """A copy of what a build reads. `site` is skipped only at the top (macros/site/ is the MkDocs adapter)."""
    at_top = _SKIP_AT_TOP - ({"tests"} if tests else set())

    def skip(folder, names):
        top = at_top if Path(folder) == root else set()
        return set(_SKIP_ANYWHERE(folder, names)) | (top & set(names))
    shutil.copytree(root, dest, ignore=skip)
    return dest


def build_cmd(project: Path, dest: Path, tool: str = "mkdocs") -> list:
    """A strict build; tool "properdocs" builds the same mkdocs.yml with ProperDocs (MkDocs' maintained fork)."""
    return [sys.executable, "-m", tool, "build", "--strict", "-q", "-f", str(project / "mkdocs.yml"),
            "-d", str(dest)]


def has_module(name: str) -> bool:
    import importlib.util
    return importlib.util.find_spec(name) is not None


def git_repo(project: Path, dest: Path) -> Path:
    """A copy of the project as a git repository with one commit, and one figure changed in the working tree
    (for `python -m macros diff HEAD`)."""
    shutil.copytree(project, dest)
    env = child_env(GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@example.invalid",
                    GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@example.invalid")
    for cmd in (["git", "init", "-q", "-b", "main"], ["git", "add", "-A"], ["git", "commit", "-q", "-m", "bench"]):
        check(subprocess.run(cmd, cwd=dest, capture_output=True, text=True, env=env), " ".join(cmd))
    data = sorted((dest / "data" / str(base_year(dest))).glob("*.yml"))
    for path in data:
        text = path.read_text(encoding="utf-8")
        changed = re.sub(r"(\n    value: )(\d+)\n", lambda m: f"{m.group(1)}{int(m.group(2)) + 1}\n", text, count=1)
        if changed != text:
            path.write_text(changed, encoding="utf-8")
            break
    return dest


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
        _plan_without_new_figures(dest / "data" / str(y) / "plan.yml", _figure_keys(dest / "data" / str(year)))
    config["nav"] = _repeat_year_in_nav(config["nav"], year, others)
    write_config(dest / "mkdocs.yml", config)
    return dest


def _figure_keys(folder: Path) -> set:
    keys = set()
    for path in folder.glob("*.yml"):
        figures = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("figures") or {}
        keys |= {f"{path.stem}.{name}" for name in figures}
    return keys


def _plan_without_new_figures(plan: Path, known: set) -> None:
    """A copied year's plan: a target measured by a figure the base year does not report (a new one, which the
    real next year would add) keeps its value but is no longer a target (its op and next_year_key lines go), so
    the copied years stay consistent with each other."""
    if not plan.is_file():
        return
    lines, out, block = plan.read_text(encoding="utf-8").split("\n"), [], []

    def flush():
        named = [ln.split(":", 1)[1].strip() for ln in block if ln.strip().startswith("next_year_key:")]
        drop = named and named[0] not in known
        out.extend(ln for ln in block if not (drop and ln.strip().startswith(("op:", "next_year_key:"))))
        block.clear()
    for line in lines:
        if line.startswith("  ") and not line.startswith("   ") and line.rstrip().endswith(":"):
            flush()
        block.append(line)
    flush()
    plan.write_text("\n".join(out), encoding="utf-8")


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
    """Build the project once (strict) with the dump hook (benchmarks/dump_build.py adds it from Python: the
    project's config policy refuses any other file in mkdocs.yml's `hooks:`): every page's Markdown after the macros
    ran."""
    work = project.parent / (project.name + "-dump")
    shutil.copytree(project, work)
    # the whole-report page as its full Markdown (every section's text again), not marks filled in from the
    # sections' HTML: the plain twin renders it as plain Material would (macros/site/whole_report.py)
    result = subprocess.run([sys.executable, str(HERE / "dump_build.py"), str(work), str(site_dir)], cwd=work,
                            capture_output=True, text=True,
                            env=child_env(**{DUMP_ENV: str(dump_dir), "BAOCAO_WHOLE_REPORT": "markdown"}), timeout=900)
    check(result, f"strict build of {project.name} with the dump hook")
    shutil.rmtree(work)


def plain(project: Path, dest: Path, scratch: Path) -> Path:
    """The plain mkdocs-material twin of a project: rendered Markdown, no macros plugin, no hooks."""
    dump_dir = scratch / (project.name + "-rendered")
    dump_rendered(project, dump_dir, scratch / (project.name + "-dump-site"))
    shutil.copytree(project, dest)
    config = read_config(dest / "mkdocs.yml")
    docs = dest / config.get("docs_dir", "docs")
    # every page MkDocs rendered, those under docs/ and the system pages the hooks add (cover, appendices...);
    # a page MkDocs did not render (excluded, a draft not in the nav) stays as it is
    for rendered in sorted(dump_dir.rglob("*.md")):
        target = docs / rendered.relative_to(dump_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(rendered.read_text(encoding="utf-8"), encoding="utf-8")
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


_TEMPLATE_CACHE_HOOK = """import os
import jinja2


def on_env(env, config, files):
    folder = os.path.join(os.path.dirname(config["config_file_path"]), ".cache", "bench-jinja")
    os.makedirs(folder, exist_ok=True)
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(folder)
    return env
"""


def with_template_cache(plain_project: Path, dest: Path) -> Path:
    """The plain twin plus a 6-line hook keeping Material's compiled templates, as the strict build does
    (macros/cache.py): the strict build's lead over plain Material from that cache alone is then visible."""
    shutil.copytree(plain_project, dest)
    (dest / "_bench_template_cache.py").write_text(_TEMPLATE_CACHE_HOOK, encoding="utf-8")
    config = read_config(dest / "mkdocs.yml")
    config["hooks"] = ["_bench_template_cache.py"]
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


# what the hooks write after a page is made, in place of a mark the plain twin keeps: the build stamp (macros/stamp.py
# html()) and the review copy's house-style list (macros/site/fidelity.py review_style(): no <div> inside)
_FILLED = ((re.compile(r'<span class="stamp" [^>]*>.*?</span>', re.S), "<!--baocao:stamp-->"),
           (re.compile(r'<div class="review-style">.*?</div>', re.S), "<!-- baocao:review-style -->"))


def _marked(html: str) -> str:
    for filled, mark in _FILLED:
        html = filled.sub(mark, html)
    return html


def differing_pages(site_a: Path, site_b: Path) -> tuple[int, list]:
    """(pages compared, pages whose <article> HTML differs) between two built sites: is the baseline the same? The
    build stamp and the review copy's list, which the hooks write in place of their marks after the page is made, are
    left out (`_FILLED`)."""
    compared, differ = 0, []
    for page in sorted(site_a.rglob("*.html")):
        other = site_b / page.relative_to(site_a)
        a = _ARTICLE.search(page.read_text(encoding="utf-8"))
        if not a:
            continue
        compared += 1
        b = _ARTICLE.search(other.read_text(encoding="utf-8")) if other.is_file() else None
        if not b or _marked(a.group(0)) != _marked(b.group(0)):
            differ.append(page.relative_to(site_a).as_posix())
    return compared, differ
