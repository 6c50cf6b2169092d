"""`python -m macros publish DEST` never leaves the published site broken.

On a copy of the project, publishing into a temporary DEST: a good publish, then a publish that fails — a data
error, a page error, a strict warning, or a problem only visible in the built folder (no accent folding, a page, the
search index or 404.html missing, a page or stylesheet that fetches from outside) — leaves DEST and DEST.prev
identical, file by file (SHA-256 of every file), leaves no half-built folder, and says why in Vietnamese and English
with a non-zero exit and no traceback. Renames refused by the system (Windows/IIS: a folder in use) leave DEST as it
was. `--rollback` brings the previous version back, and a second one undoes it.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import copy_project, unsigned

pytestmark = pytest.mark.build   # every test here reads a site, a PDF or a Word file built for it

NAME = "bao-cao"
PAGE = "docs/2023/ii-2-2-to-chuc-xay-dung-dang.md"
MEMBERS = "    label: Đảng viên của Đảng bộ\n    value: 37\n"          # data/2023/party.yml, as in the source text
MATERIAL_LUNR_VI = Path(__import__("material").__file__).parent / "templates/assets/javascripts/lunr/min/lunr.vi.min.js"


def run_publish(project: Path, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "macros", "publish", *args], cwd=project, capture_output=True,
                            text=True, timeout=300, env=dict(os.environ, PYTHONIOENCODING="utf-8"))
    assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr
    return result


def snapshot(folder: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of every file (folders as '<dir>'): equal snapshots = byte-for-byte the same."""
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): "<dir>" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*"))}


def leftovers(www: Path) -> list[str]:
    """What is beside DEST other than DEST, DEST.prev, the folders they link to (the Linux layout), the record of
    DEST's previous version beside DEST's folder and the lock."""
    linked = {Path(os.readlink(p)).name for p in (www / NAME, www / f"{NAME}.prev") if p.is_symlink()}
    if (www / NAME).is_symlink():
        linked.add(Path(os.readlink(www / NAME)).name + ".prev")
    return sorted(p.name for p in www.iterdir() if p.name not in {NAME, NAME + ".prev", f".{NAME}.lock"} | linked)


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A project published twice into www/bao-cao: the first time with 37 party members (→ DEST.prev), the second
    with 38 (→ DEST); the first publish has no DEST yet."""
    tmp = tmp_path_factory.mktemp("publish")
    project = unsigned(copy_project(tmp / "project"))     # 37 → 38 members: a change the signed text would refuse
    www = tmp / "www"
    www.mkdir()
    dest = www / NAME
    first = run_publish(project, str(dest))
    assert first.returncode == 0, first.stdout + first.stderr
    assert "Published" in first.stdout and not (www / f"{NAME}.prev").exists()
    first_snapshot = snapshot(dest)
    party = project / "data/2023/party.yml"
    text = party.read_text(encoding="utf-8")
    assert text.count(MEMBERS) == 1
    party.write_text(text.replace(MEMBERS, MEMBERS.replace("37", "38")), encoding="utf-8")
    second = run_publish(project, str(dest))
    assert second.returncode == 0, second.stdout + second.stderr
    assert "--rollback" in second.stdout
    state = {"project": project, "www": www, "dest": dest, "first": first_snapshot, "second": snapshot(dest)}
    assert snapshot(www / f"{NAME}.prev") == first_snapshot
    assert state["first"] != state["second"]
    assert leftovers(www) == []
    return state


def test_published_site_is_the_built_site(published):
    dest = published["dest"]
    assert len([p for p in dest.rglob("index.html")]) >= 30
    members = (dest / "2023/ii-2-2-to-chuc-xay-dung-dang/index.html").read_text(encoding="utf-8")
    assert 'data-key="2023/party.members"' in members and ">38<" in members
    assert (dest / "404.html").is_file() and (dest / "search/search_index.json").is_file()


FAILURES = {
    "data-error": ([{"file": "data/2023/party.yml", "old": MEMBERS.replace("37", "38"),
                     "new": MEMBERS.replace("37", "yes")}],
                   ["data/2023/party.yml", "yes"]),
    "page-error": ([{"file": PAGE, "old": 'fig("party.members")', "new": 'fig("party.khong_co")'}],
                   ["ii-2-2-to-chuc-xay-dung-dang.md", "party.khong_co"]),
    # a link to an anchor the page does not have (the pre-flight's message, as check says it, not MkDocs' warning)
    "missing-anchor": ([{"file": PAGE, "append": "\n\nXem [mục cũ](../index.md#khong-co-neo).\n"}],
                       ["khong-co-neo", "ii-2-2-to-chuc-xay-dung-dang.md"]),
    "external-image": ([{"file": PAGE, "append": '\n\n<img src="http://anh.example.invalid/logo.png" alt="logo">\n'}],
                       ["http://anh.example.invalid/logo.png", "2023/ii-2-2-to-chuc-xay-dung-dang.md"]),
    "external-css": ([{"file": "docs/assets/baocao.css",
                       "append": "\n.logo { background: url(https://cdn.example.invalid/nen.png); }\n"}],
                     ["https://cdn.example.invalid/nen.png", "assets/baocao.css"]),
}


def _server_root_404(site: Path) -> None:
    page = site / "404.html"
    page.write_text(page.read_text(encoding="utf-8").replace('href="2023/', 'href="/2023/'), encoding="utf-8")


# Problems only the built folder shows (no build check sees them): the build is the published site copied, then
# broken so; the rest of the publish (its checks of the folder, the swap, the cleanup) is the real one, in-process.
BROKEN_AFTER_BUILD = {
    "no-search-folding": (lambda site: shutil.copyfile(MATERIAL_LUNR_VI, site / "assets/javascripts/lunr/min/lunr.vi.min.js"),
                          ["lunr.vi.min.js", "search"]),
    "page-missing": (lambda site: (site / "2023/ii-1-1-chi-tieu-nganh/index.html").unlink(),
                     ["2023/ii-1-1-chi-tieu-nganh/index.html"]),
    "search-index-missing": (lambda site: (site / "search/search_index.json").unlink(), ["search/search_index.json"]),
    "404-missing": (lambda site: (site / "404.html").unlink(), ["thiếu trang lỗi", "404.html"]),
    "404-from-server-root": (_server_root_404, ["404.html", "/2023/"]),
    # docs/2023/web.config: MkDocs copies it like an image; IIS would take an editor's file as its settings
    "server-settings-file": (lambda site: (site / "2023/Web.config").write_text("<configuration/>", encoding="utf-8"),
                             ["2023/Web.config", "IIS"]),
}


def assert_left_as_it_was(published: dict, case: str, code: int, out: str, expected: list) -> None:
    www, dest = published["www"], published["dest"]
    assert code != 0, out
    assert snapshot(dest) == published["second"], f"{case}: DEST changed"
    assert snapshot(www / f"{NAME}.prev") == published["first"], f"{case}: DEST.prev changed"
    assert leftovers(www) == [], f"{case}: half-built folder left: {leftovers(www)}"
    assert "Chưa đưa lên" in out and "not published" in out and "không đổi" in out and "unchanged" in out, out
    assert "Traceback" not in out, out
    for fragment in expected:
        assert fragment in out, f"{case}: the message does not name {fragment!r}:\n{out}"


@pytest.mark.parametrize("case", BROKEN_AFTER_BUILD, ids=list(BROKEN_AFTER_BUILD))
def test_a_broken_build_is_not_published(published, case, monkeypatch, capsys):
    from macros.commands import cli
    from macros.output import publish as pub
    breakage, expected = BROKEN_AFTER_BUILD[case]
    built = published["dest"].resolve()

    def build_site(root, new):    # the published version, broken after its build
        shutil.copytree(built, new, dirs_exist_ok=True)
        breakage(new)
    monkeypatch.setattr(pub, "build_site", build_site)
    code = cli.main(["--root", str(published["project"]), "publish", str(published["dest"])])
    captured = capsys.readouterr()
    assert_left_as_it_was(published, case, code, captured.out + captured.err, expected)


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions (Windows: the folder's ACL, inherited)")
def test_the_published_site_is_readable_whatever_the_umask(published, tmp_path, monkeypatch):
    """Run as root on a hardened server (umask 077 or 027), a publish must not put online a version the web
    server's user (www-data, nginx) cannot read: 403 for every reader where the previous version worked. The build
    (here the published version copied file by file, as MkDocs writes it: mode from the umask) runs readable."""
    import stat
    from macros.output import publish as pub
    built = published["dest"].resolve()
    monkeypatch.setattr(pub, "build_site", lambda root, new: shutil.copytree(
        built, new, dirs_exist_ok=True, copy_function=shutil.copyfile))
    dest = tmp_path / NAME
    umask = os.umask(0o077)
    try:
        pub.publish(published["project"], dest)
    finally:
        os.umask(umask)
    site = dest.resolve()
    unreadable = [p.relative_to(tmp_path).as_posix() for p in [site, *site.rglob("*")]
                  if not p.stat().st_mode & stat.S_IROTH or p.is_dir() and not p.stat().st_mode & stat.S_IXOTH]
    assert unreadable == [], unreadable[:5]
    assert os.umask(umask) == umask   # the caller's umask is given back


@pytest.mark.parametrize("case", FAILURES, ids=list(FAILURES))
def test_failed_publish_leaves_the_site_as_it_was(published, case):
    project, www, dest = published["project"], published["www"], published["dest"]
    steps, expected = FAILURES[case]
    saved = {}
    try:
        for step in steps:
            path = project / step["file"]
            saved[path] = text = path.read_text(encoding="utf-8")
            if "old" in step:
                assert text.count(step["old"]) == 1, (step["file"], step["old"])
                text = text.replace(step["old"], step["new"])
            else:
                text += step["append"]
            path.write_text(text, encoding="utf-8")
        result = run_publish(project, str(dest))
    finally:
        for path, text in saved.items():
            path.write_text(text, encoding="utf-8")
    assert_left_as_it_was(published, case, result.returncode, result.stdout + result.stderr, expected)


def test_first_publish_that_fails_creates_nothing(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / PAGE).write_text((project / PAGE).read_text(encoding="utf-8") + "\n\nXem [x](khong-co.md).\n",
                                encoding="utf-8")
    www = tmp_path / "www"
    www.mkdir()
    result = run_publish(project, str(www / NAME))
    assert result.returncode != 0 and "khong-co.md" in result.stderr
    assert [p.name for p in www.iterdir()] == [f".{NAME}.lock"]   # the lock file stays (output/swap.py says why)


def test_rollback_swaps_back_and_forth(published):
    project, www, dest = published["project"], published["www"], published["dest"]
    result = run_publish(project, str(dest), "--rollback")
    assert result.returncode == 0, result.stderr
    assert snapshot(dest) == published["first"]
    assert snapshot(www / f"{NAME}.prev") == published["second"]
    result = run_publish(project, str(dest), "--rollback")
    assert result.returncode == 0, result.stderr
    assert snapshot(dest) == published["second"]
    assert snapshot(www / f"{NAME}.prev") == published["first"]
    assert leftovers(www) == []


def test_rollback_without_a_previous_version_says_so(tmp_path, published):
    (tmp_path / NAME).mkdir()
    result = run_publish(published["project"], str(tmp_path / NAME), "--rollback")
    assert result.returncode == 1
    assert "Không có bản trước" in result.stderr and "no previous version" in result.stderr


def test_rollback_of_a_mistyped_dest_says_the_folder_does_not_exist(tmp_path):
    from macros.output import swap
    dest = tmp_path / "khong-co" / NAME
    with pytest.raises(swap.PublishError) as error:
        swap.rollback(dest)
    message = str(error.value)
    assert f"Thư mục {dest.parent} không tồn tại" in message and f"{dest.parent} does not exist" in message, message
    assert "quyền ghi" not in message and not dest.parent.exists()


@pytest.mark.parametrize("where", ["not-a-site", "project-parent", "no-parent", "a-file", "in-project",
                                   "windows-path-on-linux"])
def test_publish_refuses_a_destination_it_would_damage(tmp_path, published, where):
    """Checked before building: a DEST that is not a built site (C:\\inetpub\\wwwroot itself), the project's own
    folder or a parent of it, a missing parent folder, a file, a folder inside the project (given as such, or a
    Windows path typed on Linux: one relative file name there, so in the project folder the command runs from)."""
    project = published["project"]
    in_project = sorted(p.name for p in project.iterdir())
    if where == "in-project":
        dest = project / "site"
    elif where == "windows-path-on-linux":
        if os.name == "nt":
            pytest.skip("a Windows path is the right path on Windows")
        dest = Path("C:\\inetpub\\wwwroot\\bao-cao")
    elif where == "not-a-site":
        dest = tmp_path / "wwwroot"
        dest.mkdir()
        (dest / "iisstart.htm").write_text("IIS", encoding="utf-8")
    elif where == "project-parent":
        dest = project.parent
    elif where == "no-parent":
        dest = tmp_path / "khong-co" / NAME
    else:
        dest = tmp_path / "site.txt"
        dest.write_text("x", encoding="utf-8")
    before = snapshot(dest) if dest.is_dir() else None
    result = run_publish(project, str(dest))
    assert result.returncode == 1, result.stdout
    assert "Chưa đưa lên" in result.stderr and "not published" in result.stderr
    if before is not None:
        assert snapshot(dest) == before
    assert not list(tmp_path.glob(".*new-*")) and not list(project.parent.glob(".*new-*"))
    assert sorted(p.name for p in project.iterdir()) == in_project
    if where in ("in-project", "windows-path-on-linux"):
        assert "thư mục dự án" in result.stderr and "inside the project" in result.stderr


def test_a_full_disk_is_said_with_where_and_what_to_do(tmp_path, monkeypatch, capsys):
    """A file system error no step foresaw (a full disk while the lock file is written: an error with no file
    name) names the folder and says what to do — not 'No space left on device ()'."""
    import errno
    from macros.commands import cli
    from macros.commands import publish as command

    def full(root, dest):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(command, "publish", full)
    www = tmp_path / "www"
    code = cli.main(["--root", str(tmp_path), "publish", str(www / NAME)])
    err = capsys.readouterr().err
    assert code == 1 and "()" not in err and "Traceback" not in err and "Chưa đưa lên / not published" in err
    assert f"trên ổ chứa {www}" in err and f"free some space on the disk holding {www}" in err, err
    assert err.index("không đổi") < err.index("unchanged")


def test_a_lock_file_of_another_user_is_said_so(tmp_path, monkeypatch):
    """The lock file left by a first run as root (cron then runs as another user, in a folder it may write): the
    message says whose file it is and what to do, not 'write access to the folder is needed'."""
    from macros.output import swap
    dest = tmp_path / NAME
    lock_file = tmp_path / f".{NAME}.lock"
    lock_file.write_text("1\n", encoding="ascii")
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda path, *args, **kwargs: (_ for _ in ()).throw(
        PermissionError(13, "Permission denied", str(path))) if Path(path) == lock_file else real_open(path, *args, **kwargs))
    with pytest.raises(swap.PublishError) as error:
        with swap.lock(dest):
            pass
    message = str(error.value)
    assert "người dùng khác" in message and "another user" in message and str(lock_file) in message, message
    assert "chown" in message and message.index("người dùng khác") < message.index("another user")


def test_publish_refuses_the_folder_a_link_leads_to(tmp_path):
    """DEST given as where its link leads (readlink -f /var/www/bao-cao: .bao-cao.site-…), not as the link: the
    running version itself would be renamed (readers got 404s meanwhile) and links chained on links; or as its
    DEST.prev (Tab completion), whose version would be taken away. Publish and --rollback refuse them, naming the
    path to give."""
    from macros.output import publish as pub
    site = tmp_path / f".{NAME}.site-20261204-233826-25609-37006086949273"
    site.mkdir()
    (tmp_path / NAME).symlink_to(site.name, target_is_directory=True)
    (tmp_path / f"{NAME}.prev").symlink_to(site.name, target_is_directory=True)
    for given in (site, tmp_path / f"{site.name}.prev", tmp_path / f".{NAME}.old-20261204-233826-1-2",
                  tmp_path / f"{NAME}.prev"):
        for step in (lambda: pub.check_destination(tmp_path / "project", given), lambda: pub.rollback(given)):
            with pytest.raises(pub.PublishError) as error:
                step()
            message = str(error.value)
            assert f"cho đường dẫn mà máy chủ web dùng, {tmp_path / NAME}" in message.lower(), message
            assert f"give the path the web server uses, {tmp_path / NAME}" in message.lower(), message
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([NAME, f"{NAME}.prev", site.name])   # no lock
    for fine in (tmp_path / NAME, tmp_path / f"{NAME}-2024", tmp_path / f".{NAME}.site-moi", tmp_path / "x.prev"):
        pub.check_destination(tmp_path / "project", fine)   # the link itself, other names: not this refusal


def test_the_rollback_command_shown_can_be_pasted_back(tmp_path, monkeypatch, capsys):
    """After a publish into a folder whose path has spaces (and Vietnamese letters), the --rollback command that
    the message offers is one command: the path in quotes."""
    import shlex
    from macros.commands import cli
    from macros.commands import publish as command
    dest = tmp_path / "Máy chủ web" / "Báo cáo năm"
    prev = command.prev_of(dest)
    (prev / "search").mkdir(parents=True)   # a version (the rollback is offered only for one)
    (prev / "index.html").write_text("v1", encoding="utf-8")
    (prev / "404.html").write_text("404", encoding="utf-8")
    monkeypatch.setattr(command, "publish", lambda root, dest: {"pages": 1, "build_s": 0, "verify_s": 0,
                                                                 "swap_ms": 0, "total_s": 0, "recovered": False})
    assert cli.main(["--root", str(tmp_path), "publish", str(dest)]) == 0
    out = capsys.readouterr().out
    shown = out.split("quay lại: ")[1].split(")")[0]
    assert shlex.split(shown) == ["python", "-m", "macros", "publish", str(dest), "--rollback"], shown


# ---- renames refused by the system (Windows: a folder in use) — the swap itself, in-process

@pytest.fixture
def swap_setup(tmp_path, published, monkeypatch):
    """DEST and a new build beside it (copies of the published versions); os.rename made to fail on demand."""
    from macros.output import swap as pub
    www = tmp_path / "www"
    www.mkdir()
    dest = www / NAME
    shutil.copytree(published["dest"], dest)
    new = www / f".{NAME}.new-test"
    shutil.copytree(published["www"] / f"{NAME}.prev", new)
    monkeypatch.setattr(pub, "RENAME_PAUSE_S", 0)
    real_rename, calls = os.rename, []

    def setup(fail_when):
        def rename(source, target):
            calls.append((Path(source).name, Path(target).name))
            if fail_when(Path(source).name, Path(target).name):
                raise PermissionError(13, "The process cannot access the file because it is being used")
            return real_rename(source, target)
        monkeypatch.setattr(os, "rename", rename)
        return pub, dest, new, calls
    return setup


def test_swap_refused_on_the_first_rename_leaves_dest(swap_setup, published):
    pub, dest, new, calls = swap_setup(lambda source, target: source == NAME)
    with pytest.raises(pub.PublishError) as error:
        pub.swap(new, dest)
    assert snapshot(dest) == published["second"]
    assert len(calls) == pub.RENAME_TRIES, "a busy folder is retried"
    assert "không đổi" in str(error.value) and "unchanged" in str(error.value)


def test_swap_refused_on_the_second_rename_restores_dest(swap_setup, published):
    pub, dest, new, calls = swap_setup(lambda source, target: source.startswith(f".{NAME}.new-"))
    with pytest.raises(pub.PublishError) as error:
        pub.swap(new, dest)
    assert snapshot(dest) == published["second"]
    assert (NAME + ".prev", NAME) in calls, "DEST.prev was not renamed back"
    assert "restored" in str(error.value)


def test_swap_that_cannot_restore_names_both_folders(swap_setup, published):
    pub, dest, new, _calls = swap_setup(lambda source, target: source != NAME)
    with pytest.raises(pub.SwapBroken) as error:
        pub.swap(new, dest)
    message = str(error.value)
    assert not dest.exists() and str(pub.prev_of(dest)) in message and str(new) in message
    assert snapshot(pub.prev_of(dest)) == published["second"] and new.is_dir()


def test_a_swap_stopped_while_dropping_the_oldest_version_leaves_no_half_version(swap_setup, published, monkeypatch):
    """Windows' layout: the oldest version (DEST.prev) is dropped to make room. A run killed part-way through
    deleting it (or a file Windows keeps busy) must leave under DEST and DEST.prev whole versions only — never a
    folder with index.html but no stylesheets, which looks like a site and which --rollback would put online."""
    pub, dest, new, _calls = swap_setup(lambda source, target: False)
    prev = pub.prev_of(dest)
    shutil.copytree(published["www"] / f"{NAME}.prev", prev)
    real_rmtree = shutil.rmtree

    def killed_rmtree(path, *args, **kwargs):   # the stylesheets and scripts deleted, then the run stops
        real_rmtree(Path(path) / "assets")
        raise KeyboardInterrupt
    monkeypatch.setattr(shutil, "rmtree", killed_rmtree)
    with pytest.raises(KeyboardInterrupt):
        pub.swap(new, dest)
    monkeypatch.setattr(shutil, "rmtree", real_rmtree)
    for folder in (dest, prev):
        assert not pub.looks_like_site(folder) or snapshot(folder) in (published["first"], published["second"]), \
            f"{folder.name} is a half-deleted version that looks like a site"
    assert snapshot(dest) == published["first"] and snapshot(prev) == published["second"]


@pytest.mark.skipif(os.name == "nt", reason="the link layout is the POSIX one")
def test_a_real_folder_made_a_link_and_killed_midway_comes_back_as_it_was(swap_setup, published, monkeypatch):
    """The first publish onto a real DEST folder (Windows' layout, an older one, a site copied by hand) makes DEST a
    link: two steps with DEST missing in between. Killed there, the next run's first step (recover) must put back
    the version that was online — not the older DEST.prev, with the version that was online deleted as a
    leftover."""
    pub, dest, new, _calls = swap_setup(lambda source, target: False)
    shutil.copytree(published["www"] / f"{NAME}.prev", pub.prev_of(dest))
    online = snapshot(dest)

    def killed(*args, **kwargs):   # the first link made after DEST was renamed away: the run stops there
        raise KeyboardInterrupt
    monkeypatch.setattr(os, "symlink", killed)
    with pytest.raises(KeyboardInterrupt):
        pub.put_in_place(new, dest)
    monkeypatch.undo()
    assert not dest.exists()
    assert pub.recover(dest)
    assert snapshot(dest) == online == published["second"]


@pytest.mark.skipif(os.name == "nt", reason="the link layout is the POSIX one")
@pytest.mark.parametrize("code", ["EBUSY", "EXDEV"])
def test_a_mount_point_is_named_when_its_rename_fails(swap_setup, published, monkeypatch, code):
    """DEST a mount point (a disk or a container volume mounted right at DEST; tried with a tmpfs and a bind mount)
    refuses its rename with EBUSY (EXDEV: a rename across disks): the message says mount point and what to do, not
    'close Explorer'; DEST and DEST.prev unchanged, the new build removed. (No check before the build: a btrfs
    subvolume looks like a mount point to os.path.ismount, and can be renamed.)"""
    import errno
    pub, dest, new, _calls = swap_setup(lambda source, target: False)
    prev = pub.prev_of(dest)
    shutil.copytree(published["www"] / f"{NAME}.prev", prev)
    real_rename = os.rename

    def rename(source, target):
        if Path(source) == dest:
            raise OSError(getattr(errno, code), os.strerror(getattr(errno, code)))
        return real_rename(source, target)
    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(pub.PublishError) as error:
        pub.put_in_place(new, dest)
    message = str(error.value)
    assert "điểm gắn" in message and "mount point" in message and "Explorer" not in message, message
    assert snapshot(dest) == published["second"] and snapshot(prev) == published["first"]
    assert sorted(p.name for p in dest.parent.iterdir()) == [NAME, f"{NAME}.prev"]


@pytest.mark.skipif(os.name == "nt", reason="the link layout is the POSIX one")
def test_a_real_folder_beside_a_prev_link_is_made_a_link(swap_setup, published):
    """A rollback by renames (DEST a link, DEST.prev a real folder: a conversion stopped after its link) leaves
    DEST a real folder and DEST.prev a link; the next publish converts that too (a folder cannot be renamed over
    a link: the version behind the link is the one dropped)."""
    pub, dest, new, _calls = swap_setup(lambda source, target: False)
    older = dest.with_name(f".{NAME}.site-20261204-000000-1-1")
    shutil.copytree(published["www"] / f"{NAME}.prev", older)
    pub.prev_of(dest).symlink_to(older.name, target_is_directory=True)
    pub.put_in_place(new, dest)
    assert dest.is_symlink() and snapshot(dest) == published["first"]
    assert snapshot(pub.prev_of(dest)) == published["second"] and not older.exists()


def test_publish_removes_the_new_build_when_the_swap_fails(tmp_path, published, monkeypatch):
    """Through publish(): the half-built folder goes away, DEST stays."""
    from macros.output import publish as pub
    from macros.output import swap
    www = tmp_path / "www"
    www.mkdir()
    dest = www / NAME
    shutil.copytree(published["dest"], dest)
    monkeypatch.setattr(swap, "RENAME_PAUSE_S", 0)
    real_rename = os.rename
    monkeypatch.setattr(os, "rename", lambda s, t: (_ for _ in ()).throw(PermissionError(13, "in use"))
                        if Path(s).name == NAME else real_rename(s, t))
    with pytest.raises(pub.PublishError):
        pub.publish(published["project"], dest)
    assert snapshot(dest) == published["second"]
    assert sorted(p.name for p in www.iterdir()) == [f".{NAME}.lock", NAME]


# ---- interrupted and concurrent publishes (output/swap.py): a lock, a cleanup, DEST never missing

def start_publish(project: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "macros", "publish", *args], cwd=project, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=dict(os.environ, PYTHONIOENCODING="utf-8"))


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """A project of its own with one good publish into www/bao-cao, and how long that publish took."""
    import time
    tmp = tmp_path_factory.mktemp("kills")
    project = copy_project(tmp / "project")
    www = tmp / "www"
    www.mkdir()
    start = time.perf_counter()
    assert run_publish(project, str(www / NAME)).returncode == 0
    return project, www, time.perf_counter() - start


def test_killed_publishes_never_leave_dest_missing_and_the_next_one_cleans_up(fresh):
    """Ten publishes killed (SIGKILL: no cleanup of their own) at random moments of a publish's run: after each,
    DEST is a whole site (on Linux a link flipped by one rename, so never missing); the next publish removes every
    folder and link they left."""
    import random
    import time
    from macros.output.swap import looks_like_site
    project, www, seconds = fresh
    dest = www / NAME
    chance = random.Random(24)
    left = []
    for _ in range(10):
        proc = start_publish(project, str(dest))
        time.sleep(chance.uniform(0.3, seconds * 1.1))
        proc.kill()
        proc.communicate()
        assert looks_like_site(dest), sorted(p.name for p in www.iterdir())
        left += leftovers(www)
    assert left, "no kill fell inside a publish: the test proves nothing"
    result = run_publish(project, str(dest))
    assert result.returncode == 0, result.stderr
    assert leftovers(www) == [] and looks_like_site(dest) and looks_like_site(www / f"{NAME}.prev")


def test_a_second_publish_while_one_runs_is_refused(fresh):
    import time
    project, www, _ = fresh
    dest = www / NAME
    first = start_publish(project, str(dest))
    lock = www / f".{NAME}.lock"
    deadline = time.monotonic() + 60
    while str(first.pid) not in (lock.read_text(encoding="ascii") if lock.exists() else ""):
        assert time.monotonic() < deadline and first.poll() is None
        time.sleep(0.05)
    second = run_publish(project, str(dest))
    assert second.returncode == 1 and f"đang chạy cho {dest} (tiến trình {first.pid})" in second.stderr, second.stderr
    assert "is running" in second.stderr
    rollback = run_publish(project, str(dest), "--rollback")
    assert rollback.returncode == 1 and "is running" in rollback.stderr
    out, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    assert run_publish(project, str(dest)).returncode == 0      # the lock is free again


@pytest.mark.parametrize("layout", ["folders", "links"])
def test_a_missing_dest_is_put_back_first_even_by_a_failing_publish(fresh, tmp_path, layout):
    """A publish killed between its two renames (Windows' layout), or a link left pointing at nothing: the next run
    puts DEST.prev back as DEST before it builds, so even a publish that then fails restores the site."""
    project, www, _ = fresh
    dest, prev = tmp_path / NAME, tmp_path / f"{NAME}.prev"
    shutil.copytree(www / NAME, tmp_path / ".site-a")
    expected = snapshot(tmp_path / ".site-a")
    if layout == "folders":
        (tmp_path / ".site-a").rename(prev)
    else:
        prev.symlink_to(".site-a", target_is_directory=True)
        dest.symlink_to(".site-gone", target_is_directory=True)
    page = project / PAGE
    good = page.read_text(encoding="utf-8")
    page.write_text(good.replace('fig("party.members")', 'fig("party.khong_co")'), encoding="utf-8")
    try:
        result = run_publish(project, str(dest))
    finally:
        page.write_text(good, encoding="utf-8")
    assert result.returncode == 1 and "party.khong_co" in result.stderr
    assert snapshot(dest) == expected
