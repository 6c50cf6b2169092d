"""Báo cáo as code: the report's data, checks and formats, wired to MkDocs by a thin adapter.

A figure travels down the stages, each a sub-package:
  data/      YAML files in -> a checked Dataset (strict loader, schemas, derived figures, rules, lookups)
  formats    values -> Vietnamese text (numbers, percentages, money, dates)
  stamp      where an output came from: git revision, build date, draft or final (footer, PDF, Word)
  sources/   docs/*.md and mkdocs.yml -> pages, front matter, nav, macro calls
  html/      Dataset + page -> HTML, from Jinja templates in html/templates/, every data string escaped
  site/      the adapter: mkdocs-macros' define_env registers the page macros; MkDocs hooks
  output/    the built site -> PDF (Chromium), Word
  sheet/     a year's figures as a workbook to fill and back into data/ (openpyxl); the figures page's downloads
  commands/  `python -m macros check|diff|pdf|docx|preview|new-year|sheet|sign|publish`
mkdocs-macros loads this package (`module_name: macros`) and finds its hooks here.
"""

_PLUGIN_HOOKS = {"define_env", "on_pre_page_macros", "on_post_page_macros"}


def __getattr__(name):
    """The mkdocs-macros hooks, imported only when MkDocs asks for them: the commands do not load the adapter."""
    if name in _PLUGIN_HOOKS:
        from .site import plugin
        return getattr(plugin, name)
    raise AttributeError(f"module 'macros' has no attribute {name!r}")
