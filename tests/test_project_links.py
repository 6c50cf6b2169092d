"""Issue 26, parts 1-2 on small fixtures (quick tier): no link or junction among the files the site is made from
(macros/sources/links.py), and mkdocs.yml's code-bearing settings held to the allow-list (macros/config_policy.py).
The same refusals through `check` and the strict build: tests/bad_inputs/90-95; through `publish`: below."""
from __future__ import annotations

import os
import textwrap
from pathlib import Path
from types import SimpleNamespace

import pytest

from macros import config_policy
from macros.output.publish import PublishError, publish
from macros.sources import links

ROOT = Path(__file__).resolve().parent.parent


def small_project(tmp_path: Path) -> Path:
    for folder in ("docs/assets", "data/2023", "overrides"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "docs/index.md").write_text("# Trang\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    return tmp_path


def refused(root: Path, config=None) -> list[str]:
    return [e.file for e in links.link_errors(root, config)]


def test_links_anywhere_in_the_site_folders_are_refused_and_not_entered(tmp_path):
    root = small_project(tmp_path / "p")
    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "deep" / "secret.txt").write_text("x")
    (root / "docs/assets/p.css").symlink_to("/etc/passwd")
    (root / "docs/assets/folder").symlink_to(outside, target_is_directory=True)
    (root / "docs/assets/inside.md").symlink_to(root / "docs/index.md")         # inside the project: refused too
    (root / "overrides/partials").mkdir()
    (root / "overrides/partials/x.html").symlink_to(outside / "deep/secret.txt")
    (root / "macros/sources/system_pages").mkdir(parents=True)          # a system page's template
    (root / "macros/sources/system_pages/index.md").symlink_to("/proc/self/environ")
    assert refused(root) == ["docs/assets/folder", "docs/assets/inside.md", "docs/assets/p.css",
                             "overrides/partials/x.html", "macros/sources/system_pages/index.md"]


def test_a_linked_top_folder_or_config_is_refused_once(tmp_path):
    root = small_project(tmp_path / "p")
    outside = tmp_path / "outside"
    (outside / "2023").mkdir(parents=True)
    os.rmdir(root / "data/2023")
    os.rmdir(root / "data")
    (root / "data").symlink_to(outside, target_is_directory=True)
    (root / "real.yml").write_text("site_name: x\n")
    (root / "mkdocs.yml").unlink()
    (root / "mkdocs.yml").symlink_to(root / "real.yml")
    assert refused(root) == ["mkdocs.yml", "data"]


def test_the_configured_folders_are_walked_too(tmp_path):
    root = small_project(tmp_path / "p")
    (root / "src").symlink_to(tmp_path, target_is_directory=True)
    (root / "theme").mkdir()
    (root / "theme/x.html").symlink_to("/etc/hostname")
    config = {"docs_dir": "src/docs", "theme": {"custom_dir": "theme"}}
    assert refused(root, config) == ["src", "theme/x.html"]


def fake_lstat(paths: dict):
    """os.lstat as on Windows for the given paths: a reparse point with the given tag."""
    real = os.lstat

    def lstat(path, *args, **kwargs):
        info = real(path, *args, **kwargs)
        tag = paths.get(Path(path).name)
        if tag is None:
            return info
        return SimpleNamespace(st_mode=info.st_mode, st_file_attributes=links.FILE_ATTRIBUTE_REPARSE_POINT,
                               st_reparse_tag=tag)
    return lstat


def test_windows_junctions_and_symlinks_are_links_other_reparse_points_are_not(tmp_path, monkeypatch):
    root = small_project(tmp_path / "p")
    for name in ("junction", "winlink", "onedrive"):
        (root / "docs" / name).mkdir()
    (root / "docs/junction/a.md").write_text("x")
    monkeypatch.setattr(links.os, "lstat", fake_lstat({
        "junction": links.IO_REPARSE_TAG_MOUNT_POINT, "winlink": links.IO_REPARSE_TAG_SYMLINK,
        "onedrive": 0x9000601A}))    # a OneDrive placeholder: a reparse point that is a real folder
    assert links.is_link(root / "docs/junction") and not links.is_link(root / "docs/onedrive")
    assert refused(root) == ["docs/junction", "docs/winlink"]


def test_publish_refuses_a_link_before_building(project, tmp_path):
    (project / "docs/assets/env.txt").symlink_to("/proc/self/environ")
    dest = tmp_path / "www" / "bao-cao"
    dest.parent.mkdir()
    with pytest.raises(PublishError) as failed:
        publish(project, dest)
    assert "docs/assets/env.txt" in str(failed.value) and "chưa dựng gì" in str(failed.value)
    assert [p.name for p in dest.parent.iterdir()] == [f".{dest.name}.lock"]   # nothing built or left but the lock (output/swap.py)


# ------------------------------------------------------------------------------------------ mkdocs.yml is code

def policy(tmp_path: Path, text: str) -> list:
    config = tmp_path / "mkdocs.yml"
    config.write_text(textwrap.dedent(text), encoding="utf-8")
    return config_policy.policy_errors(config)


def test_the_real_configuration_is_within_the_allow_list():
    assert config_policy.policy_errors(ROOT / "mkdocs.yml") == []


@pytest.mark.parametrize("text, line, key", [
    ("site_name: x\nINHERIT: ../other.yml\n", 2, "INHERIT"),
    ("site_name: x\nhooks:\n  - macros/site/mkdocs_hooks.py\n  - evil.py\n", 4, "hooks"),
    ("site_name: x\nsite_dir: /var/www\n", 2, "site_dir"),
    ("docs_dir: /etc\n", 1, "docs_dir"),
    ("theme:\n  name: material\n  custom_dir: /tmp/evil\n", 3, "theme.custom_dir"),
    ("plugins:\n  - macros:\n      module_name: evil\n", 3, "plugins.macros.module_name"),
    ("plugins:\n  - macros:\n      modules: [evil]\n", 3, "plugins.macros.modules"),
    ("plugins:\n  macros:\n    include_dir: /\n", 3, "plugins.macros.include_dir"),
    ("plugins:\n  - search\n  - exec\n", 3, "plugins.exec"),
    ("markdown_extensions:\n  - pymdownx.snippets:\n      base_path: ['/']\n", 2,
     "markdown_extensions.pymdownx.snippets"),
    ("markdown_extensions:\n  - toc:\n      slugify: x\n", 3, "markdown_extensions.toc.slugify"),
    ("site_name: !ENV [HOME]\n", 1, "site_name"),
    ("extra:\n  x: !!python/object/apply:os.system [id]\n", 2, "extra.x"),
    ("extra_javascript:\n  - https://evil.example/a.js\n", 2, "extra_javascript"),
    ("site_name: x\nexclude_docs: |\n  !.htaccess\n", 2, "exclude_docs"),   # MkDocs would publish docs/.htaccess
    ("<<: {hooks: [evil.py]}\n", 1, "(gốc)"),   # a merge key (with an alias: refused as an alias, test_hostile_pr.py)
])
def test_code_settings_outside_the_allow_list_are_refused_at_their_line(tmp_path, text, line, key):
    errors = policy(tmp_path, text)
    assert [(e.line, e.key) for e in errors][:1] == [(line, key)], errors
    assert "macros/config_policy.py" in errors[0].fix


def test_allowed_settings_pass_in_either_plugin_spelling(tmp_path):
    assert policy(tmp_path, """\
        plugins:
          search:
            lang: vi
          macros:
            module_name: macros
        markdown_extensions:
          - admonition
          - toc:
              permalink: true
        """) == []


def test_odd_yaml_is_answered_not_crashed_on(tmp_path):
    """Keys that are lists, nesting deeper than Python's recursion limit: errors or nothing, never an exception."""
    errors = policy(tmp_path, "plugins:\n  - ? [x]\n    : 1\n  - macros:\n      ? [z]\n      : 2\n? [a]\n: b\n")
    assert [e.line for e in errors] == [2, 5]
    assert policy(tmp_path, "site_name: x\na: " + "[" * 5000 + "]" * 5000 + "\n") == []
    assert config_policy.read_config(tmp_path / "mkdocs.yml") in ({}, {"site_name": "x"})
