"""Báo cáo as code: the report's data, checks and formats, wired to MkDocs by a thin adapter.

mkdocs-macros loads this package (`module_name: macros`); everything else is plain Python that runs without
MkDocs (`python -m macros check|diff|pdf|new-year`).
"""
from .plugin import define_env, on_post_page_macros  # noqa: F401
