"""MkDocs hooks (mkdocs.yml `hooks:`), for what mkdocs-macros has no event for. Wiring only.

- on_startup: remember whether this is `mkdocs serve` (site/context.py reads it), so data errors show in the page
  instead of stopping the preview server;
- on_post_build: accent-insensitive search — site/search.py appends assets/search-fold.js to Material's lunr.vi;
  a 404.html that works from any sub-folder (site/not_found.py).
MkDocs loads this file by path, so the project folder is put on sys.path to import the package.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

_PROJECT = str(Path(__file__).resolve().parents[2])
if _PROJECT not in sys.path:
    sys.path.insert(0, _PROJECT)

from macros.site import context, not_found, search  # noqa: E402  (after the path above)


def on_startup(command, dirty):
    os.environ[context.SERVE_ENV] = command


def on_post_build(config):
    from mkdocs.exceptions import PluginError
    try:
        search.install_search_fold(Path(config["site_dir"]))
    except search.SearchFoldMissing as exc:
        raise PluginError(str(exc)) from None
    not_found.install_relocatable_404(Path(config["site_dir"]), config.get("site_url"))
