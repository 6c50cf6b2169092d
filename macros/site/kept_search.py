"""`mkdocs serve --dirty`: Material's search index and the search's word forms made page by page (site/incremental.py
keeps each page's work; this part of it is the search's).

Material, on its own, merges the last index with the changed pages' entries and writes the whole index with one
json.dumps. Here every page's entries are kept with their JSON, written once for each list of entries, and the index
is Material's text without entries followed by every page's JSON in the site's order: the same bytes as Material's
json.dumps of the whole list (compact separators, `default=str`). The word forms (site/search_forms.py) are counted
again only for the pages indexed again. tests/test_serve_incremental.py compares the index and the forms served with
a full rebuild's.
"""
from __future__ import annotations

import json

from .search_forms import script

_NO_DOCS = '"docs":[]}'


class KeptSearch:
    """The search part of site/incremental.py's Incremental (its pages, the pages whose theme output is kept, and
    whether MkDocs skips unchanged pages)."""

    def search_entries(self, index, files):
        """Material's search index of this build: a page whose theme output is kept gets its kept entries; the
        others are indexed as usual, and their entries kept. --dirty: the index is written once, with every page's
        entries in the site's order, and `searched` holds them for the word forms (`search_forms`), which need not
        read the index again."""
        add, generate = index.add_entry_from_context, index.generate_search_index
        self.searched = None

        def add_entry(page):
            kept = self.pages.get(page.file.src_uri)
            if page.file.src_uri in self.template_hits:
                index.entries.extend(kept.search)
                return
            before = len(index.entries)
            add(page)
            if kept is not None:
                kept.search = index.entries[before:]
        index.add_entry_from_context = add_entry
        if not self.dirty:
            return

        def generate_in_order(prev):
            pages = {f.src_uri: self.pages[f.src_uri] for f in files.documentation_pages() if f.src_uri in self.pages}
            self.searched = (index.config["separator"], {src: kept.search for src, kept in pages.items()})
            index.entries = []
            empty = generate(None)   # Material's index without entries: '{"config":{…},"docs":[]}'
            index.entries = [e for kept in pages.values() for e in kept.search]
            if not empty.endswith(_NO_DOCS):   # not the index this was written for: Material's own, whole
                return generate(None)
            docs = ",".join(text for kept in pages.values() if (text := _entries_json(kept)))
            return f'{empty[:-len(_NO_DOCS)]}"docs":[{docs}]}}'
        index.generate_search_index = generate_in_order

    def search_forms(self) -> str | None:
        """--dirty: the search's word forms (site/search_forms.py) of this rebuild's index, counted again only for
        the pages indexed again; None otherwise (site/search.py reads the index)."""
        if self.searched is None:
            return None
        separator, pages = self.searched
        self.forms.update(pages, separator)
        return script(self.forms.forms())


def _entries_json(kept) -> str:
    """A page's search entries as Material's index writes them (json.dumps, compact, `default=str`), without the
    list's brackets; written once for each list of entries."""
    if kept.search_json[0] is not kept.search:
        kept.search_json = (kept.search, json.dumps(kept.search, separators=(",", ":"), default=str)[1:-1])
    return kept.search_json[1]
