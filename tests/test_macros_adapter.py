"""The adapter to mkdocs-macros (macros/site/plugin.py) keeps what the plugin does at every build that no page can
use from costing the build: its `git` variable is made without running `git`."""
from __future__ import annotations

import subprocess


class _Env:
    """What mkdocs-macros' own define_env writes into: its variables, macros and filters."""

    def __init__(self):
        self.variables, self.config = {}, {}

    def macro(self, function, name=""):
        return function

    filter = macro


def test_mkdocs_macros_context_runs_no_git_process(monkeypatch):
    from mkdocs_macros import context as macros_context

    from macros.site.plugin import without_git_info
    started = []

    def spawned(args, *a, **kw):
        started.append(args)
        raise subprocess.CalledProcessError(128, args)
    monkeypatch.setattr(subprocess, "check_output", spawned)
    monkeypatch.setattr(macros_context, "get_git_info", macros_context.get_git_info)   # undone after the test
    without_git_info()
    env = _Env()
    macros_context.define_env(env)
    assert started == [], f"mkdocs-macros still starts {len(started)} processes: {started[:3]}"
    assert env.variables["git"]["status"] is False   # its own answer for a folder without git
