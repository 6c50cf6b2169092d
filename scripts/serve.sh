#!/usr/bin/env bash
# Set up (once) and serve the site for preview at http://127.0.0.1:8000: the README's serve command.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -r requirements.txt
exec .venv/bin/mkdocs serve "$@"
