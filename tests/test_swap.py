"""`publish DEST --rollback` on small fixture folders (no build): output/swap.py's steps as the admin meets them.

(tests/test_publish.py publishes the real site; these need only folders that look like a built site.)
"""
from __future__ import annotations

import os
import subprocess
import sys
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


# ---------------------------------------------------------------------------------------------- killed mid-way

KILL_AFTER = r"""
import os, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from macros.output import swap
what, dest, n = sys.argv[2], Path(sys.argv[3]), int(sys.argv[4])
steps = [0]
def killing(call):
    def step(*args, **kwargs):
        call(*args, **kwargs)
        steps[0] += 1
        if steps[0] == n:
            os._exit(9)      # killed right after this rename: no finally, no cleanup
    return step
os.replace, os.rename = killing(os.replace), killing(os.rename)
if what == "rollback":
    swap.rollback(dest)
else:
    with swap.lock(dest):
        swap.put_in_place(Path(sys.argv[5]), dest)
"""


def killed_after(step: int, what: str, dest: Path, new: Path | None = None) -> bool:
    """Run a rollback (or put a new build in place) in a process killed right after its `step`-th rename; False
    when it finished before that step."""
    import subprocess
    import sys
    args = [sys.executable, "-c", KILL_AFTER, str(Path(__file__).resolve().parent.parent), what, str(dest), str(step)]
    done = subprocess.run(args + ([str(new)] if new else []), capture_output=True, text=True, timeout=60)
    assert done.returncode in (0, 9), done.stderr
    return done.returncode == 9


def shown(dest: Path) -> str | None:
    return (dest / "index.html").read_text(encoding="utf-8") if (dest / "index.html").is_file() else None


@pytest.mark.skipif(os.name == "nt", reason="the linked layout (Linux, macOS); 'folders' runs Windows' renames")
@pytest.mark.parametrize("case", ["rollback", "publish", "rollback-folders"])
def test_a_rollback_or_publish_killed_at_any_step_leaves_a_rollback_that_works_or_says_why(tmp_path, capsys, case):
    """Killed after any one of its renames, a rollback (or a publish's swap) leaves DEST a site, and the next
    `--rollback` either brings another version back (exit 0, DEST shows something else) or says why it cannot (exit
    1) — never "rolled back" with DEST unchanged (DEST and DEST.prev left on the same version). A rollback killed
    loses neither version: after the next run DEST and DEST.prev are A and B, in some order."""
    step = 0
    while True:
        step += 1
        www = tmp_path / f"kill-{step}"
        www.mkdir()
        dest, prev = www / NAME, www / f"{NAME}.prev"
        if case == "rollback-folders":   # Windows' layout: real folders, swapped by renames
            fake_site(dest, "A")
            fake_site(prev, "B")
        else:
            fake_site(www / f".{NAME}.site-a", "A")
            fake_site(www / f".{NAME}.site-b", "B")
            dest.symlink_to(f".{NAME}.site-a", target_is_directory=True)    # A published over B
            prev.symlink_to(f".{NAME}.site-b", target_is_directory=True)
        what = case.split("-")[0]
        new = fake_site(www / f".{NAME}.new-c", "C") if what == "publish" else None
        if not killed_after(step, what, dest, new):
            break
        before = shown(dest)
        assert before in ("A", "B", "C") or (prev / "index.html").is_file(), step   # missing: put back first
        code = cli.main(["--root", str(www), "publish", str(dest), "--rollback"])
        out = capsys.readouterr()
        assert "Traceback" not in out.out + out.err
        after = shown(dest)
        assert after is not None, (step, out)
        if code == 0:
            assert after != before or before is None, (f"killed after rename {step}: '--rollback' said it worked and "
                                                       f"DEST still shows {after}", out.out)
        else:
            assert code == 1 and "không đổi" in out.err and "unchanged" in out.err, (step, out.err)
        if what == "rollback":
            assert sorted([after, shown(prev)]) == ["A", "B"], (step, after, shown(prev), out)
    assert step > 2, "the rollback or swap was never killed mid-way"


@pytest.mark.skipif(os.name == "nt", reason="the linked layout (Linux, macOS)")
def test_a_rollback_where_dest_prev_is_dest_says_there_is_nothing_to_go_back_to(tmp_path, capsys):
    """DEST and DEST.prev on the same version, as an earlier version of this command left them when killed between
    its two link updates: `--rollback` says so and what to do, exit 1, DEST unchanged — not 'rolled back'."""
    dest, prev = tmp_path / NAME, tmp_path / f"{NAME}.prev"
    fake_site(tmp_path / f".{NAME}.site-a", "A")
    dest.symlink_to(f".{NAME}.site-a", target_is_directory=True)
    prev.symlink_to(f".{NAME}.site-a", target_is_directory=True)
    code = cli.main(["--root", str(tmp_path), "publish", str(dest), "--rollback"])
    out = capsys.readouterr()
    assert code == 1 and "Đã quay lại" not in out.out and "Rolled back" not in out.out, out
    assert "cùng một bản" in out.err and "same version" in out.err and "publish" in out.err, out.err
    assert "không đổi" in out.err and "unchanged" in out.err
    assert os.readlink(dest) == f".{NAME}.site-a" and (dest / "index.html").read_text(encoding="utf-8") == "A"


def test_cleaning_beside_dest_leaves_a_neighbour_sites_folders_alone(tmp_path, capsys):
    """Two sites published side by side, `bao-cao` and `bao-cao.new-2024` (a name an admin may well pick): the
    leftovers of an interrupted run of `bao-cao` are `.bao-cao.new-<time>-<pid>-<n>` — the live folder of the
    neighbour, `.bao-cao.new-2024.site-…`, is not one of them, and a publish or rollback of `bao-cao` keeps it."""
    neighbour = tmp_path / f"{NAME}.new-2024"
    live = fake_site(tmp_path / f".{NAME}.new-2024.site-20240101-000000-1-1", "neighbour")
    neighbour.symlink_to(live.name, target_is_directory=True)
    left = fake_site(tmp_path / f".{NAME}.new-20240101-000000-7-7", "half")   # an interrupted run of bao-cao
    fake_site(tmp_path / NAME, "A")
    fake_site(tmp_path / f"{NAME}.prev", "B")
    assert cli.main(["--root", str(tmp_path / "project"), "publish", str(tmp_path / NAME), "--rollback"]) == 0
    capsys.readouterr()
    assert (neighbour / "index.html").read_text(encoding="utf-8") == "neighbour"
    assert not left.exists()


@pytest.mark.parametrize("kind", ["folder", "file"])
def test_publish_refuses_a_dest_prev_that_is_not_a_published_version(tmp_path, capsys, kind):
    """DEST.prev holding something else (an admin's own backup folder or file under that name): a publish would
    delete or overwrite it to keep the version it replaces. Refused before anything is built, both left as they were."""
    dest = fake_site(tmp_path / NAME, "hien tai")
    prev = tmp_path / f"{NAME}.prev"
    if kind == "folder":
        prev.mkdir()
        (prev / "ghi-chu.txt").write_text("sao lưu của tôi", encoding="utf-8")
    else:
        prev.write_text("sao lưu của tôi", encoding="utf-8")
    code = cli.main(["--root", str(tmp_path / "project"), "publish", str(dest)])
    out = capsys.readouterr()
    assert code == 1, out
    assert str(prev) in out.err and "không đổi" in out.err and "unchanged" in out.err, out.err
    assert (prev / "ghi-chu.txt" if kind == "folder" else prev).read_text(encoding="utf-8") == "sao lưu của tôi"
    assert (dest / "index.html").read_text(encoding="utf-8") == "hien tai"


@pytest.mark.skipif(os.name == "nt", reason="the linked layout (Linux, macOS)")
def test_a_dest_linked_by_hand_to_a_folder_elsewhere_of_the_same_name_rolls_back_and_forth(tmp_path, capsys):
    """DEST made by the admin as a link to /srv/bao-cao (same name as DEST, absolute): the record of the previous
    version is kept only beside this command's own folders, never at a name that is DEST.prev itself."""
    from macros.output import swap
    www, srv = tmp_path / "www", tmp_path / "srv"
    www.mkdir()
    old = fake_site(srv / NAME, "cu")
    dest = www / NAME
    dest.symlink_to(old, target_is_directory=True)
    new = fake_site(www / f".{NAME}.new-20240101-000000-1-1", "moi")
    with swap.lock(dest):
        swap.put_in_place(new, dest)
    assert shown(dest) == "moi" and shown(www / f"{NAME}.prev") == "cu"
    for expected in ("cu", "moi", "cu"):
        assert cli.main(["--root", str(tmp_path), "publish", str(dest), "--rollback"]) == 0, capsys.readouterr().err
        assert shown(dest) == expected and shown(www / f"{NAME}.prev") == ({"cu": "moi", "moi": "cu"}[expected])
    assert shown(old) == "cu"


@pytest.mark.skipif(not hasattr(os, "O_NOFOLLOW"), reason="POSIX: a link to another file")
def test_a_lock_file_made_a_link_to_another_file_is_refused_and_that_file_left_alone(tmp_path):
    """.DEST.lock is written (the pid) by whoever publishes, root often: made a link to another file by someone who
    may write beside DEST, that file's first bytes were overwritten. The lock is refused instead, DEST unchanged."""
    from macros.output import swap
    from macros.output.publish_errors import PublishError
    dest = fake_site(tmp_path / "www" / NAME, "cu")
    other = tmp_path / "passwd"
    other.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (dest.parent / f".{NAME}.lock").symlink_to(other)
    with pytest.raises(PublishError) as refused:
        with swap.lock(dest):
            pass
    assert other.read_text(encoding="utf-8") == "root:x:0:0:root:/root:/bin/bash\n"
    assert "liên kết" in str(refused.value) and str(dest) in str(refused.value)


def test_a_rollback_of_the_root_of_a_drive_is_refused_in_words(tmp_path, capsys):
    """`publish "$WWW/" --rollback` with WWW unset is `--rollback /`: it said 'Lỗi chương trình … has an empty name'."""
    assert cli.main(["--root", str(tmp_path), "publish", "/", "--rollback"]) == 1
    err = capsys.readouterr().err
    assert "thư mục gốc của ổ đĩa" in err and "Lỗi chương trình" not in err, err


@pytest.mark.parametrize("lock_made", [True, False], ids=["lock-file-there", "first-run"])
def test_a_read_only_web_folder_is_said_so_not_blamed_on_another_user(tmp_path, monkeypatch, capsys, lock_made):
    """The folder holding DEST on a read-only mount (a container's `-v /var/www:…:ro`, the README's own example, or
    a read-only NFS share): opening the lock file fails with EROFS. It said 'another user made it … chown -R', which
    no chown can fix (tried on a tmpfs remounted ro)."""
    import errno
    www = tmp_path / "www"
    www.mkdir()
    lock_file = www / f".{NAME}.lock"
    if lock_made:
        lock_file.write_text("1\n", encoding="ascii")
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda path, *args, **kwargs: (_ for _ in ()).throw(
        OSError(errno.EROFS, "Read-only file system", str(path))) if Path(path) == lock_file
        else real_open(path, *args, **kwargs))
    for rollback in ([], ["--rollback"]):
        assert cli.main(["--root", str(tmp_path / "project"), "publish", str(www / NAME), *rollback]) == 1
        err = capsys.readouterr().err
        assert "chỉ đọc" in err and "read-only file system" in err and "chown" not in err, err
        assert f"{www} nằm trên một ổ chỉ đọc" in err and err.index("không đổi") < err.index("unchanged"), err


@pytest.mark.parametrize("before", ["empty-folder", "site"])
def test_the_rollback_offered_after_a_publish_is_one_that_works(tmp_path, capsys, monkeypatch, before):
    """The first publish into an empty folder the admin made for the server (`mkdir /var/www/bao-cao`, then the
    server's settings) keeps that empty folder as DEST.prev: the message offered `--rollback`, which then refused
    ('no previous version'). Offered only when DEST.prev is a version (the publish is stood in for: this is about
    what the command says after it)."""
    from macros.commands import publish as command
    www = tmp_path / "www"
    dest = www / NAME

    def publish(root, dest):
        fake_site(dest, "new")
        prev = command.prev_of(dest)
        fake_site(prev, "old") if before == "site" else prev.mkdir()
        return {"pages": 1, "build_s": 0, "verify_s": 0, "swap_ms": 0, "total_s": 0, "recovered": False}
    monkeypatch.setattr(command, "publish", publish)
    assert cli.main(["--root", str(tmp_path / "project"), "publish", str(dest)]) == 0
    said = capsys.readouterr().out
    offered = "--rollback" in said
    assert offered == (before == "site"), said
    if offered:
        assert cli.main(["--root", str(tmp_path / "project"), "publish", str(dest), "--rollback"]) == 0


@pytest.mark.parametrize("rollback", [[], ["--rollback"]], ids=["publish", "rollback"])
def test_ctrl_c_during_a_publish_says_the_site_is_whole_and_what_to_do(tmp_path, capsys, monkeypatch, rollback):
    """Ctrl+C while the site builds (the admin's likeliest moment): it said 'Đã dừng. / Interrupted.' — not whether
    the site online was touched, nor what to do next."""
    from macros.commands import publish as command

    def interrupted(*args):
        raise KeyboardInterrupt
    monkeypatch.setattr(command, "rollback" if rollback else "publish", interrupted)
    dest = tmp_path / "www" / NAME
    assert cli.main(["--root", str(tmp_path / "project"), "publish", str(dest), *rollback]) == 130
    err = capsys.readouterr().err
    assert f"{dest} là bản cũ" in err and "Chạy lại lệnh" in err and "Run the command again" in err, err


@pytest.mark.parametrize("rollback", [[], ["--rollback"]], ids=["publish", "rollback"])
def test_a_dest_ending_in_a_quote_is_the_windows_trailing_backslash_and_is_said_so(tmp_path, capsys, rollback):
    """`publish "C:\\Máy chủ\\bao-cao\\"` in cmd.exe or PowerShell: the last backslash escapes the closing quote, and
    Python receives `C:\\Máy chủ\\bao-cao"`. Windows refuses the quote in a file name, so the lock file could not be
    made, and the message asked for write access to the folder. Said as what it is, before anything is touched."""
    www = tmp_path / "Máy chủ"
    www.mkdir()
    assert cli.main(["--root", str(tmp_path / "project"), "publish", f'{www / NAME}"', *rollback]) == 1
    err = capsys.readouterr().err
    assert "dấu ngoặc kép" in err and "bỏ dấu \\ cuối" in err and "drop the trailing \\" in err, err
    assert list(www.iterdir()) == []


@pytest.mark.parametrize("layout", ["converted", "windows"])
def test_a_publish_over_real_folders_killed_at_any_step_never_puts_an_older_version_online(tmp_path, capsys, layout):
    """The publishes over real folders (DEST = A, DEST.prev = B, the new build C), killed right after each of their
    renames: the first publish on Linux into a folder of the older layout or copied by hand (_convert), and Windows'
    two-rename swap (swap.LINKED off in the killed process). The next run puts DEST back if it was left missing, and
    then DEST shows A or C — never B, the version before the one that was online — and `--rollback` brings another
    version back or says why it cannot. (The linked layout's publish and the rollbacks: the test above.)"""
    from macros.output import swap
    script = KILL_AFTER if layout == "converted" else KILL_AFTER.replace('if what == "rollback":',
                                                                         'swap.LINKED = False\nif what == "rollback":')
    step = 0
    while True:
        step += 1
        www = tmp_path / f"kill-{step}"
        www.mkdir()
        dest, prev = www / NAME, www / f"{NAME}.prev"
        fake_site(dest, "A")
        fake_site(prev, "B")
        new = fake_site(www / f".{NAME}.new-c", "C")
        args = [sys.executable, "-c", script, str(Path(__file__).resolve().parent.parent), "publish", str(dest),
                str(step), str(new)]
        done = subprocess.run(args, capture_output=True, text=True, timeout=60)
        assert done.returncode in (0, 9), done.stderr
        if done.returncode == 0:
            break
        with swap.lock(dest):   # what the next run does first
            swap.recover(dest)
            swap.settle(dest)
            swap.clean(dest)
        assert shown(dest) in ("A", "C"), (step, shown(dest), sorted(p.name for p in www.iterdir()))
        before = shown(dest)
        code = cli.main(["--root", str(www), "publish", str(dest), "--rollback"])
        out = capsys.readouterr()
        assert "Traceback" not in out.out + out.err
        if code == 0:
            assert shown(dest) not in (None, before), (step, out.out)
        else:
            assert code == 1 and "không đổi" in out.err and shown(dest) == before, (step, out.err)
    assert step > 2, "the publish was never killed mid-way"
