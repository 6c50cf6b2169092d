"""Post the pull request's comment (the change table `python -m macros preview` wrote) for the CI templates, in place
of the previous one: `python3 .ci/comment.py github|gitea|gitlab xem-truoc/thay-doi.md`.

One comment per pull request, the newest push's: the earlier comments this CI posted (the bot's own, starting with
MARKER) are deleted before the new one is posted, so two pushes give one table, not two that disagree. A run whose
commit is no longer the pull request's head (a newer push came while it ran; Gitea cannot cancel it) posts nothing:
the newer run posts. No table file (the job stopped before `preview`: installing, fetching) posts a line saying so,
with the log's address, instead of leaving the earlier push's table standing.

Environment: TOKEN, API (the server's REST root), REPO (owner/name; GitLab: the merge request's project id),
NUMBER (pull request number; GitLab: iid), HEAD_SHA (this run's head commit; empty: no check), RUN_URL (the log).
Prints the new comment's id (Gitea attaches the files to it). Python's standard library only: it runs before, or
without, the project's virtual environment.
"""
from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request
from pathlib import Path

MARKER = "<!-- bao-cao: bang-thay-doi -->"   # hidden on every server; how this CI knows its own comments
BOTS = {"github": "github-actions[bot]", "gitea": "gitea-actions"}   # GitLab: the token's user (GET /user)
PAGE = 100
MOST = 65_536   # characters GitHub takes in a comment (GitLab and Gitea take more)


class Failed(Exception):
    pass


class Server:
    def __init__(self, kind: str, env: dict):
        self.kind, self.api, self.token = kind, env["API"].rstrip("/"), env["TOKEN"]
        repo, number = env["REPO"], env["NUMBER"]
        if kind == "gitlab":
            mr = f"{self.api}/projects/{repo}/merge_requests/{number}"
            self.pull, self.comments, self.comment = mr, f"{mr}/notes", f"{mr}/notes/{{}}"
        else:
            self.pull = f"{self.api}/repos/{repo}/pulls/{number}"
            self.comments = f"{self.api}/repos/{repo}/issues/{number}/comments"
            self.comment = f"{self.api}/repos/{repo}/issues/comments/{{}}"

    def call(self, method: str, url: str, body: dict | None = None):
        auth = {"github": ("Authorization", f"Bearer {self.token}"), "gitea": ("Authorization", f"token {self.token}"),
                "gitlab": ("PRIVATE-TOKEN", self.token)}[self.kind]
        request = urllib.request.Request(url, method=method, data=json.dumps(body).encode() if body else None,
                                         headers={auth[0]: auth[1], "Accept": "application/json",
                                                  "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                text = response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            raise Failed(f"{method} {url}: máy chủ trả lời {exc.code} {exc.reason}"
                         + (" (token không có quyền: pull request từ fork, hoặc thiếu quyền ghi bình luận)"
                            if exc.code in (401, 403) else "")) from None
        except (urllib.error.URLError, OSError) as exc:
            raise Failed(f"{method} {url}: không kết nối được ({exc})") from None
        return json.loads(text) if text.strip() else None

    def head(self) -> str:
        pull = self.call("GET", self.pull)
        return pull["sha"] if self.kind == "gitlab" else pull["head"]["sha"]

    def bot(self) -> str:
        return BOTS.get(self.kind) or self.call("GET", f"{self.api}/user")["username"]

    def ours(self) -> list:
        """The ids of the comments this CI posted before (author the bot, body starting with MARKER)."""
        bot, found = self.bot(), []
        for page in range(1, 51):
            listed = self.call("GET", f"{self.comments}?per_page={PAGE}&page={page}&sort=asc") or []
            for c in listed:
                author = (c.get("author") if self.kind == "gitlab" else c.get("user")) or {}
                if author.get("username" if self.kind == "gitlab" else "login") == bot and \
                        (c.get("body") or "").startswith(MARKER) and c["id"] not in found:
                    found.append(c["id"])
            if self.kind == "gitea" or len(listed) < PAGE:   # Gitea lists every comment at once
                break
        return found


def body_of(table: Path, run_url: str) -> str:
    if table.is_file():
        text = f"{MARKER}\n{table.read_text(encoding='utf-8')}"
        if len(text) > MOST:   # the table is cut by `preview`; a long failure note above it may not be
            text = text[:text.rfind("\n", 0, MOST - 200)] + (
                f"\n\n_… quá dài cho một bình luận, đã cắt; đầy đủ: tệp `{table.name}` trong bản xem trước._\n")
        return text
    return (f"{MARKER}\n**Chưa có bảng thay đổi**: máy kiểm tra dừng trước khi làm bản xem trước (cài đặt, lấy mã "
            f"nguồn). Mở nhật ký, đọc những dòng cuối; nếu lỗi không nói đến tệp nào của bạn, báo nhóm kỹ thuật. / "
            f"The job stopped before the preview; see the log." + (f" <{run_url}>" if run_url else "") + "\n")


def post(kind: str, table: Path, env: dict) -> str | None:
    """Replace this CI's comment on the pull request with the table; the new comment's id, or None when a newer
    push made this run stale."""
    server = Server(kind, env)
    if env.get("HEAD_SHA") and server.head() != env["HEAD_SHA"]:
        print(f"Yêu cầu hợp nhất đã có lần đẩy mới hơn {env['HEAD_SHA'][:8]}: không đăng bảng cũ (lần chạy mới "
              f"sẽ đăng). / A newer push exists; not posting.", file=sys.stderr)
        return None
    for old in server.ours():
        server.call("DELETE", server.comment.format(old))
    return str(server.call("POST", server.comments, {"body": body_of(table, env.get("RUN_URL", ""))})["id"])


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("github", "gitea", "gitlab"):
        print("Dùng / usage: python3 .ci/comment.py github|gitea|gitlab xem-truoc/thay-doi.md", file=sys.stderr)
        return 2
    missing = [name for name in ("TOKEN", "API", "REPO", "NUMBER") if not os.environ.get(name)]
    if missing:
        print(f"Không đăng được bình luận: thiếu biến {', '.join(missing)} (xem tệp CI). / could not post the "
              f"comment: {', '.join(missing)} not set.", file=sys.stderr)
        return 1
    try:
        made = post(argv[0], Path(argv[1]), dict(os.environ))
    except (Failed, KeyError, TypeError, ValueError) as exc:
        print(f"Không đăng được bình luận / could not post the comment: {exc}", file=sys.stderr)
        return 1
    if made:
        print(made)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
