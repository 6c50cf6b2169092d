"""Báo cáo as code: the report's data, checks and formats, wired to MkDocs by a thin adapter.

mkdocs-macros loads this package (`module_name: macros`); everything else is plain Python that runs without
MkDocs (`python -m macros check|diff|pdf|new-year`).
"""

_PLUGIN_HOOKS = {"define_env", "on_post_page_macros"}


def __getattr__(name):
    """The mkdocs-macros hooks, imported only when MkDocs asks for them: `python -m macros check` then loads no
    MkDocs, Babel or pygal and stays fast."""
    if name in _PLUGIN_HOOKS:
        from . import plugin
        return getattr(plugin, name)
    raise AttributeError(f"module 'macros' has no attribute {name!r}")
