"""Issue 26, part 2 (and 6's escaping): the pull-request table leads with "Thay đổi mã — cần người duyệt kỹ thuật"
when code changes, and every text it prints is inert (macros/commands/code_changes.py)."""
from __future__ import annotations

import re
from pathlib import Path

from macros.commands.code_changes import CODE_HEADING, code_paths, md_code, md_text, printable
from test_diff import base_repo, commit, diff, figures, repo   # noqa: F401  (the throwaway git repository fixtures)

ROOT = Path(__file__).resolve().parent.parent
CONFIG = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
# signed.txt: the committee's record, said by name (signed_texts), not code; nhap/: a request `inbox` reads
EDITS = ["data/2023/telecom.yml", "docs/2023/index.md", "docs/assets/anh.png", "README.md", "data/2023/signed.txt",
         "data/2024/signed.txt", "nhap/so-lieu-2024.xlsx", "nhap/nam-moi.txt"]
CODE = ["macros/x.py", "overrides/main.html", "scripts/serve.sh", ".ci/run", "requirements.txt", "constraints.txt",
        ".github/workflows/bao-cao.yml", ".gitea/workflows/bao-cao.yml", ".gitlab-ci.yml", "docs/assets/a.js",
        "docs/assets/a.css", "docs/assets/a.svg", "evil.py", "tests/conftest.py", "package-lock.json",
        "data/2023/SIGNED.TXT", "data/2023/signed.txt.bak",   # not the record the loader reads
        "nhap/sub/x.py"]                                         # not a request: inbox reads nhap/ itself only


def test_only_data_pages_pictures_and_notes_are_editorial():
    assert code_paths(EDITS + CODE, CONFIG, CONFIG) == CODE


def test_mkdocs_yml_counts_when_its_code_settings_change():
    nav_only = CONFIG.replace("Hướng dẫn biên tập: huong-dan-bien-tap.md", "Hướng dẫn: huong-dan-bien-tap.md")
    assert nav_only != CONFIG and code_paths(["mkdocs.yml"], CONFIG, nav_only) == []
    for changed in (CONFIG.replace("  - macros/site/mkdocs_hooks.py\n", "  - macros/site/mkdocs_hooks.py\n  - x.py\n"),
                    CONFIG.replace("      permalink: false\n", "      permalink: false\n      slugify: !!python/name:x\n"),
                    CONFIG.replace("  - tables\n", "  - tables\n  - pymdownx.snippets\n"),
                    CONFIG + "INHERIT: ../x.yml\n", "{unreadable: [", None):
        assert code_paths(["mkdocs.yml"], CONFIG, changed) == ["mkdocs.yml"], changed


def test_cells_hold_no_control_character_tag_link_or_cell_break():
    hostile = "Bưu\0cục\x1b[2J\x1b]0;PWN\x07\x9b <!-- | [x](javascript:a) ![i](https://e.example/t.png) *b*\n#"
    cell = md_text(hostile)
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", cell + md_code(hostile) + printable(hostile))
    assert not re.search(r"[<>|\[\]*!]", cell), cell
    assert "Bưu" in cell and "cục" in cell
    code = md_code("a`b|c")
    assert "`" not in code and "\\|" in code


def test_diff_leads_with_the_code_heading_and_escapes_labels(repo):   # noqa: F811
    (repo / "macros" / "site" / "extra.py").write_text("x = 1\n", encoding="utf-8")
    config = repo / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - macros/site/mkdocs_hooks.py\n", "  - macros/site/mkdocs_hooks.py\n  - macros/site/extra.py\n"),
        encoding="utf-8")
    path = repo / "data" / "2023" / "telecom.yml"
    name = next(iter(figures(repo, "telecom")))
    old = figures(repo, "telecom")[name]["label"]
    path.write_text(path.read_text(encoding="utf-8").replace(f"label: {old}", f"label: '{old} <!-- | *x*'", 1),
                    encoding="utf-8")
    head = commit(repo, "mã và tên")
    result = diff(repo, "HEAD~1", head)
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith(CODE_HEADING) and "`mkdocs.yml`" in first and "`macros/site/extra.py`" in first
    assert "data/2023/telecom.yml" not in first
    row = next(line for line in result.stdout.splitlines() if old in line)
    assert "<!--" not in row and "*x*" not in row and row.count("|") - row.count("\\|") == 7, row
