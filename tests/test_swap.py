"""`publish DEST --rollback` on small fixture folders (no build): output/swap.py's steps as the admin meets them.

(tests/test_publish.py publishes the real site; these need only folders that look like a built site.)
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from macros.commands import cli

NAME = "bao-cao"


def fake_site(folder: Path, marker: str) -> Path:
    """A folder publish and rollback take for a built site (index.html, 404.html, search/)."""
    (folder / "search").mkdir(parents=True)
    (folder / "index.html").write_text(marker, encoding="utf-8")
    (folder / "404.html").write_text("404", encoding="utf-8")
    return folder


@pytest.mark.parametrize("layout", ["folders", "links"])
def test_rollback_after_a_publish_killed_between_its_renames_says_dest_was_restored(tmp_path, capsys, layout):
    """DEST missing, DEST.prev the site from before (Windows' layout: a publish killed between its two renames; Linux:
    DEST a link to a folder gone). The README sends the admin to `--rollback`: it puts DEST.prev back and says so,
    exit 0 — not 'no previous version, DEST unchanged' while it has just changed DEST."""
    dest, prev = tmp_path / NAME, tmp_path / f"{NAME}.prev"
    if layout == "folders":
        fake_site(prev, "truoc")
    else:
        fake_site(tmp_path / f".{NAME}.site-a", "truoc")
        prev.symlink_to(f".{NAME}.site-a", target_is_directory=True)
        dest.symlink_to(f".{NAME}.site-gone", target_is_directory=True)
    code = cli.main(["--root", str(tmp_path), "publish", str(dest), "--rollback"])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert (dest / "index.html").read_text(encoding="utf-8") == "truoc"
    assert "bị thiếu" in out.out and "was missing" in out.out and str(prev) in out.out, out.out
    assert "unchanged" not in out.out + out.err and "Traceback" not in out.out + out.err
    if layout == "links":
        assert os.readlink(dest) == f".{NAME}.site-a"


@pytest.mark.parametrize("name", ["web.config", ".htaccess"])
def test_publish_refuses_a_dest_holding_the_admins_server_settings(tmp_path, capsys, name):
    """A web.config (IIS) or .htaccess (Apache) put inside DEST: a publish replaces everything in DEST, so the
    server's settings (404 page, MIME types, caching) would vanish from the live site without a word."""
    dest = fake_site(tmp_path / NAME, "hien tai")
    (dest / name).write_text("<configuration/>", encoding="utf-8")
    code = cli.main(["--root", str(tmp_path / "project"), "publish", str(dest)])
    out = capsys.readouterr()
    assert code == 1
    assert name in out.err and "không đổi" in out.err and "unchanged" in out.err and "README" in out.err, out.err
    assert sorted(p.name for p in tmp_path.iterdir()) == [NAME] and (dest / name).is_file()
