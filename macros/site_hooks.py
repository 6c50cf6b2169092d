"""MkDocs hooks (mkdocs.yml `hooks:`): small things mkdocs-macros has no event for.

- on_startup: remember whether this is `mkdocs serve`, so data errors show in the page instead of stopping the
  preview server (mkdocs-macros' on_error_fail stays on for builds).
"""
from __future__ import annotations

import os

SERVE_ENV = "BAOCAO_MKDOCS_COMMAND"


def on_startup(command, dirty):
    os.environ[SERVE_ENV] = command
