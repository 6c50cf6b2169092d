"""MkDocs hook used only by the benchmark: write each page's Markdown as it is AFTER the macros ran.

benchmarks/dump_build.py adds it, from Python, to the build of a throwaway project copy (the project's config
policy allows no other file in mkdocs.yml's `hooks:`).
MkDocs runs hooks after the plugins, so `markdown` here is what mkdocs-macros produced: plain Markdown and HTML,
no Jinja left. The front matter (already split off by MkDocs) is written back on top so titles stay the same.
"""
from __future__ import annotations

import os
from pathlib import Path

import yaml

DUMP_ENV = "BAOCAO_BENCH_DUMP_DIR"


def on_page_markdown(markdown, page, config, files):
    out = Path(os.environ[DUMP_ENV]) / page.file.src_uri
    out.parent.mkdir(parents=True, exist_ok=True)
    head = ""
    if page.meta:
        head = "---\n" + yaml.safe_dump(dict(page.meta), allow_unicode=True, sort_keys=False) + "---\n\n"
    out.write_text(head + markdown, encoding="utf-8")
    return markdown
