"""The site's search in Material's worker: installs the word forms (search_forms.py, with the fold rule) and
docs/assets/search-fold.js, search-query.js, search-rank.js into the lunr.vi.min.js that Material's search worker
loads."""
from __future__ import annotations

import json
from pathlib import Path

from ..cache import DISABLED, Cache, digest
from .search_forms import forms_script

SEARCH_FOLD_JS = "assets/search-fold.js"                      # from docs/assets/: the words
WORKER_SCRIPTS = (SEARCH_FOLD_JS, "assets/search-query.js", "assets/search-rank.js")   # in this order
LUNR_VI_JS = "assets/javascripts/lunr/min/lunr.vi.min.js"      # Material's, loaded by its search worker (lang: vi)
SEARCH_INDEX = "search/search_index.json"                     # Material's, read by the same worker
SEARCH_FOLD_MARK = "/* search-fold.js */"


class SearchFoldMissing(Exception):
    pass


def install_search_fold(site_dir: Path, cache: Cache = DISABLED, forms: str | None = None) -> None:
    """Append the word forms and the worker's scripts (WORKER_SCRIPTS) to the built lunr.vi.min.js, replacing what
    an earlier build appended (`mkdocs serve --dirty` keeps the file, and the index may have changed since). The
    forms are kept in the project's cache under the index's text; `forms`: the forms' script of the index just
    written (`mkdocs serve --dirty` counts them page by page, site/incremental.py), so the file is not read back."""
    scripts, lunr_vi, index = [site_dir / s for s in WORKER_SCRIPTS], site_dir / LUNR_VI_JS, site_dir / SEARCH_INDEX
    for path in (*scripts, lunr_vi, index):
        if not path.is_file():
            source = next((f"docs/{s}" for s in WORKER_SCRIPTS if site_dir / s == path), f"docs/{SEARCH_FOLD_JS}")
            raise SearchFoldMissing(
                f"Tìm kiếm không dấu: thiếu {path} — kiểm tra {source} và `plugins: search: lang: vi` "
                f"trong mkdocs.yml. / Accent-insensitive search: {path} is missing — check {source} "
                f"and `plugins: search: lang: vi` in mkdocs.yml.")
    text = lunr_vi.read_text(encoding="utf-8").split(f"\n{SEARCH_FOLD_MARK}\n", 1)[0]
    if forms is None:
        index_text = index.read_text(encoding="utf-8")
        forms = cache.remember("search", "forms", digest(index_text), lambda: forms_script(json.loads(index_text)))
    code = ";\n".join(path.read_text(encoding="utf-8") for path in scripts)   # each ends "})(self)": no call across
    lunr_vi.write_text(f"{text}\n{SEARCH_FOLD_MARK}\n{forms}\n{code}", encoding="utf-8")
