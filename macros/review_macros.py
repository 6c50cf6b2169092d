"""Macros for figures page, documents registry, editorial decisions (issue 5): thin wiring only; logic lives in plain modules."""
from __future__ import annotations


def register(env, ctx) -> None:
    """Add this module's macros with @env.macro. ctx: ds, uses, page_year(), here_url(url), fail(exc, needle), doc_href(doc)."""
