"""The site's search in Material's worker: installs the word forms (search_forms.py, with the fold rule) and
docs/assets/search-fold.js into the lunr.vi.min.js that Material's search worker loads."""
from __future__ import annotations

import json
from pathlib import Path

from ..cache import DISABLED, Cache, digest
from .search_forms import forms_script

SEARCH_FOLD_JS = "assets/search-fold.js"                      # from docs/assets/
LUNR_VI_JS = "assets/javascripts/lunr/min/lunr.vi.min.js"      # Material's, loaded by its search worker (lang: vi)
SEARCH_INDEX = "search/search_index.json"                     # Material's, read by the same worker
SEARCH_FOLD_MARK = "/* search-fold.js */"


class SearchFoldMissing(Exception):
    pass


def install_search_fold(site_dir: Path, cache: Cache = DISABLED, forms: str | None = None) -> None:
    """Append the word forms and search-fold.js to the built lunr.vi.min.js, replacing what an earlier build
    appended (`mkdocs serve --dirty` keeps the file, and the index may have changed since). The forms are kept
    in the project's cache under the index's text; `forms`: the forms' script of the index just written
    (`mkdocs serve --dirty` counts them page by page, site/incremental.py), so the file is not read back."""
    fold_js, lunr_vi, index = site_dir / SEARCH_FOLD_JS, site_dir / LUNR_VI_JS, site_dir / SEARCH_INDEX
    for path in (fold_js, lunr_vi, index):
        if not path.is_file():
            raise SearchFoldMissing(
                f"Tìm kiếm không dấu: thiếu {path} — kiểm tra docs/{SEARCH_FOLD_JS} và `plugins: search: lang: vi` "
                f"trong mkdocs.yml. / Accent-insensitive search: {path} is missing — check docs/{SEARCH_FOLD_JS} "
                f"and `plugins: search: lang: vi` in mkdocs.yml.")
    text = lunr_vi.read_text(encoding="utf-8").split(f"\n{SEARCH_FOLD_MARK}\n", 1)[0]
    if forms is None:
        index_text = index.read_text(encoding="utf-8")
        forms = cache.remember("search", "forms", digest(index_text), lambda: forms_script(json.loads(index_text)))
    lunr_vi.write_text(f"{text}\n{SEARCH_FOLD_MARK}\n{forms}\n{fold_js.read_text(encoding='utf-8')}",
                       encoding="utf-8")
