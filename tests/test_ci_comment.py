""".ci/comment.py, which the three CI templates use to post the change table: one comment per pull request, the
newest push's. Against a small stand-in of each server's REST API on 127.0.0.1 (the same paths and JSON shapes:
GitHub and Gitea `issues/N/comments`, GitLab `merge_requests/N/notes`)."""
from __future__ import annotations

import http.server
import importlib.util
import json
import threading
from urllib.parse import urlsplit

import pytest

from conftest import ROOT

spec = importlib.util.spec_from_file_location("ci_comment", ROOT / ".ci" / "comment.py")
ci_comment = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ci_comment)

BOT = {"github": "github-actions[bot]", "gitea": "gitea-actions", "gitlab": "project_7_bot"}
HEAD = "1" * 40


class Fake:
    """One pull request (number 5, head HEAD) and its comments on a stand-in server of `kind`."""

    def __init__(self, kind):
        self.kind, self.comments, self.calls, self.next_id = kind, {}, [], 100
        self.head = HEAD
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def reply(self, status, value=None):
                data = json.dumps(value).encode() if value is not None else b""
                self.send_response(status)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                fake.calls.append(("GET", self.path))
                path, query = urlsplit(self.path).path, urlsplit(self.path).query
                if path.endswith(("/pulls/5", "/merge_requests/5")):
                    return self.reply(200, {"sha": fake.head} if fake.kind == "gitlab" else {"head": {"sha": fake.head}})
                if path.endswith("/user"):
                    return self.reply(200, {"username": BOT["gitlab"]})
                page = int(dict(p.split("=") for p in query.split("&")).get("page", 1)) if query else 1
                listed = list(fake.comments.values())
                return self.reply(200, listed if fake.kind == "gitea" else listed[(page - 1) * 100:page * 100])

            def do_DELETE(self):
                fake.calls.append(("DELETE", self.path))
                fake.comments.pop(int(self.path.rsplit("/", 1)[1]))
                self.reply(204)

            def do_POST(self):
                fake.calls.append(("POST", self.path))
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))["body"]
                fake.add(body, BOT[fake.kind])
                self.reply(201, fake.comments[fake.next_id])

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, args=(0.01,), daemon=True).start()

    def add(self, body, author):
        self.next_id += 1
        key = "author" if self.kind == "gitlab" else "user"
        self.comments[self.next_id] = {"id": self.next_id, "body": body,
                                       key: {("username" if self.kind == "gitlab" else "login"): author}}
        return self.next_id

    def env(self, **more):
        api = f"http://127.0.0.1:{self.server.server_address[1]}/api"
        return {"TOKEN": "t", "API": api, "REPO": "7" if self.kind == "gitlab" else "dang-bo/bao-cao", "NUMBER": "5",
                "HEAD_SHA": HEAD, "RUN_URL": "https://git.example.invalid/run/9", **more}


@pytest.fixture(params=["github", "gitea", "gitlab"])
def fake(request):
    server = Fake(request.param)
    yield server
    server.server.shutdown()
    server.server.server_close()


def post(fake, table, **env):
    return ci_comment.post(fake.kind, table, fake.env(**env))


def test_a_second_push_replaces_the_comment_not_adds_one(fake, tmp_path):
    table = tmp_path / "thay-doi.md"
    table.write_text("**Tóm tắt**: 1 số liệu đổi.\n", encoding="utf-8")
    human = fake.add(f"{ci_comment.MARKER}\nMột người chép lại bình luận của máy.", "bien-tap-vien")
    first = post(fake, table)
    table.write_text("**Tóm tắt**: 2 số liệu đổi.\n", encoding="utf-8")
    second = post(fake, table)
    assert first != second and int(first) not in fake.comments
    bodies = [c["body"] for c in fake.comments.values()]
    assert bodies.count(f"{ci_comment.MARKER}\n**Tóm tắt**: 2 số liệu đổi.\n") == 1
    assert not any("1 số liệu đổi" in b for b in bodies), "the earlier push's table is gone"
    assert human in fake.comments, "a comment by someone else is never deleted"


def test_a_run_overtaken_by_a_newer_push_posts_nothing(fake, tmp_path):
    table = tmp_path / "thay-doi.md"
    table.write_text("**Tóm tắt**: bảng mới nhất.\n", encoding="utf-8")
    newest = post(fake, table)
    fake.head = "2" * 40                                   # a newer push; this run (HEAD) finished late
    table.write_text("**Tóm tắt**: bảng cũ.\n", encoding="utf-8")
    assert post(fake, table) is None
    assert [c["id"] for c in fake.comments.values()] == [int(newest)]
    assert not [c for c in fake.calls if c[0] in ("POST", "DELETE")][1:]


def test_no_table_posts_a_line_saying_the_job_stopped(fake, tmp_path):
    made = post(fake, tmp_path / "missing.md")
    body = fake.comments[int(made)]["body"]
    assert body.startswith(ci_comment.MARKER) and "**Chưa có bảng thay đổi**" in body
    assert "https://git.example.invalid/run/9" in body


def test_a_refused_post_says_why_without_a_traceback(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("API", "http://127.0.0.1:9")       # nothing listens there
    for name, value in {"TOKEN": "t", "REPO": "a/b", "NUMBER": "5", "HEAD_SHA": ""}.items():
        monkeypatch.setenv(name, value)
    assert ci_comment.main(["github", str(tmp_path / "t.md")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Không đăng được bình luận") and "Traceback" not in err
    monkeypatch.delenv("TOKEN")
    assert ci_comment.main(["github", str(tmp_path / "t.md")]) == 1
    assert "TOKEN" in capsys.readouterr().err


def test_a_body_longer_than_a_comment_takes_is_cut_at_a_line(fake, tmp_path):
    """GitHub refuses a comment over 65,536 characters (and the job would fail with no comment): a table with a long
    failure note above it is cut at a line, saying where the whole one is."""
    table = tmp_path / "thay-doi.md"
    table.write_text("**Bản xem trước chưa đầy đủ**\n" + "".join(f"- dòng {i} " + "x" * 300 + "\n" for i in range(400)),
                     encoding="utf-8")
    body = fake.comments[int(post(fake, table))]["body"]
    assert len(body) <= 65_536 and "thay-doi.md" in body.splitlines()[-1]
    assert body.splitlines()[-2].endswith("x" * 300) or body.splitlines()[-2] == "", "cut inside a line"
