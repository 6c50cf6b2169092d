#!/usr/bin/env bash
# Set up (once) and run the tests: the README's test command.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -r requirements.txt
# axe-core for the accessibility tests, the exact version of package-lock.json (npm registry; without npm
# those tests are skipped locally with the reason, never in CI)
if command -v npm >/dev/null; then
  npm ci --no-audit --no-fund --loglevel=error
fi
.venv/bin/python -m pytest "$@"
