"""MkDocs hooks (mkdocs.yml `hooks:`): small things mkdocs-macros has no event for.

- on_startup: remember whether this is `mkdocs serve`, so data errors show in the page instead of stopping the
  preview server (mkdocs-macros' on_error_fail stays on for builds).
- on_post_build: accent-insensitive search (issue 4) and its ranking (issue 14) — append to the lunr.vi.min.js
  that Material's search worker loads the word-form statistics of the site's search index (macros/search_forms.py)
  and assets/search-fold.js (why and how: the comment at the top of docs/assets/search-fold.js).
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from mkdocs.exceptions import PluginError

SERVE_ENV = "BAOCAO_MKDOCS_COMMAND"


def on_startup(command, dirty):
    os.environ[SERVE_ENV] = command


SEARCH_FOLD_JS = "assets/search-fold.js"                      # from docs/assets/
LUNR_VI_JS = "assets/javascripts/lunr/min/lunr.vi.min.js"      # Material's, loaded by its search worker (lang: vi)
SEARCH_INDEX = "search/search_index.json"                     # Material's, read by the same worker
SEARCH_FOLD_MARK = "/* search-fold.js */"


def install_search_fold(site_dir: Path) -> None:
    """Append the word forms and search-fold.js to the built lunr.vi.min.js, replacing what an earlier build
    appended (`mkdocs serve --dirty` keeps the file, and the index may have changed since)."""
    from macros.search_forms import forms_script     # here: MkDocs loads this file before mkdocs-macros imports `macros`
    fold_js, lunr_vi, index = site_dir / SEARCH_FOLD_JS, site_dir / LUNR_VI_JS, site_dir / SEARCH_INDEX
    for path in (fold_js, lunr_vi, index):
        if not path.is_file():
            raise PluginError(
                f"Tìm kiếm không dấu: thiếu {path} — kiểm tra docs/{SEARCH_FOLD_JS} và `plugins: search: lang: vi` "
                f"trong mkdocs.yml. / Accent-insensitive search: {path} is missing — check docs/{SEARCH_FOLD_JS} "
                f"and `plugins: search: lang: vi` in mkdocs.yml.")
    text = lunr_vi.read_text(encoding="utf-8").split(f"\n{SEARCH_FOLD_MARK}\n", 1)[0]
    forms = forms_script(json.loads(index.read_text(encoding="utf-8")))
    lunr_vi.write_text(f"{text}\n{SEARCH_FOLD_MARK}\n{forms}\n{fold_js.read_text(encoding='utf-8')}",
                       encoding="utf-8")


def on_post_build(config):
    install_search_fold(Path(config["site_dir"]))
