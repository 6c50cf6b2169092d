#!/usr/bin/env bash
# Set up (once) and serve the site for preview at http://127.0.0.1:8000: the README's serve command.
# --dirty: MkDocs keeps the built pages between saves and makes again only what a save changed
# (macros/site/incremental.py tells it which pages those are; a page deleted keeps its address until a restart).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -r requirements.txt
exec .venv/bin/mkdocs serve --dirty "$@"
