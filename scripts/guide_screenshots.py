"""The pictures of the editors' guide, section "Sửa qua trang web của máy chủ Git", made by the real tools:
`.venv/bin/python scripts/guide_screenshots.py [OUT_DIR]` (default docs/assets/huong-dan/).

A throwaway git repository holds a copy of the project (commit "main"); the example edit of the guide is made in its
working tree (one figure, one word of a page), then the real `python -m macros preview --base main` runs in it, as
CI runs it on a pull request. Then Chromium (Debian's /usr/bin/chromium, through Playwright) takes:
  binh-luan.png         the change table (thay-doi.md) rendered as HTML the way a Git server renders a comment
                        (Python-Markdown with tables: pipes, <del>/<ins> and entities as GitHub/GitLab/Gitea read them);
  xem-truoc-tim-kiem.png the preview site unzipped and opened from disk (file://), a search typed in;
  xem-truoc-chan-trang.png the bottom of a page of that site: the footer with revision, build date, draft;
and pdftoppm (poppler) draws the top of page 1 of the draft PDF: pdf-du-thao.png (DỰ THẢO and the line under it).
The change table itself is printed, for the guide's text block.
"""
from __future__ import annotations

import html
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros.output.pdf import CHROMIUM_ARGS, chromium_path  # noqa: E402

EXAMPLE_LINK = "https://git.so-tttt.invalid/dang-bo/bao-cao/-/jobs/123/artifacts/browse/xem-truoc/"
FIGURE = ("data/2023/telecom.yml", "    value: 14871\n", "    value: 14872\n")
WORD = ("docs/2023/ii-1-2-02-buu-chinh-vien-thong.md", "Các doanh nghiệp hoạt động bưu chính",
        "Các doanh nghiệp đang hoạt động bưu chính")
COMMENT_PAGE = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>
body {{ font: 14px/1.5 "Liberation Sans", Arial, sans-serif; margin: 16px; color: #1f2328; background: #fff; }}
.comment {{ border: 1px solid #d0d7de; border-radius: 6px; max-width: 1150px; }}
.head {{ background: #f6f8fa; border-bottom: 1px solid #d0d7de; padding: 8px 16px; color: #59636e; }}
.body {{ padding: 8px 16px; }} table {{ border-collapse: collapse; margin: 8px 0; font-size: 13px; }}
th, td {{ border: 1px solid #d0d7de; padding: 4px 8px; vertical-align: top; }} th {{ background: #f6f8fa; }}
code {{ background: #eff1f3; padding: 1px 4px; border-radius: 4px; font-size: 12px; }}
del {{ background: #ffebe9; }} ins {{ background: #dafbe1; }}
</style></head><body><div class="comment"><div class="head"><b>ci-bot</b> đã bình luận</div>
<div class="body">{body}</div></div></body></html>"""


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.email=ci@example.invalid", "-c", "user.name=CI", *args], cwd=repo, check=True,
                   capture_output=True)


def edit(repo: Path, file: str, old: str, new: str) -> None:
    path = repo / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (file, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def main() -> int:
    import markdown
    from playwright.sync_api import sync_playwright
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "assets" / "huong-dan"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="baocao-guide-") as tmp:
        repo, preview = Path(tmp) / "bao-cao", Path(tmp) / "xem-truoc"
        for name in ("data", "docs", "macros", "overrides"):
            shutil.copytree(ROOT / name, repo / name, ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
        git(repo, "init", "-q", "-b", "main")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "main")
        edit(repo, *FIGURE)
        edit(repo, *WORD)
        done = subprocess.run([sys.executable, "-m", "macros", "--root", str(repo), "preview", "--base", "main",
                               "--out", str(preview), "--link", EXAMPLE_LINK], cwd=ROOT, capture_output=True, text=True)
        print(done.stdout, done.stderr, sep="\n")
        if done.returncode:
            return done.returncode
        table = (preview / "thay-doi.md").read_text(encoding="utf-8")
        print(table)
        (Path(tmp) / "binh-luan.html").write_text(COMMENT_PAGE.format(
            body=markdown.markdown(table, extensions=["tables"])), encoding="utf-8")
        with zipfile.ZipFile(preview / "trang-web.zip") as archive:
            archive.extractall(tmp)
        site = Path(tmp) / "bao-cao-xem-truoc"
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
            page = browser.new_page(viewport={"width": 1200, "height": 700})
            page.goto((Path(tmp) / "binh-luan.html").as_uri())
            page.locator(".comment").screenshot(path=str(out / "binh-luan.png"))
            page.goto((site / "index.html").as_uri(), wait_until="load")
            box = page.locator("input.md-search__input")
            box.click()
            box.press_sequentially("buu chinh", delay=20)
            box.press("End")
            page.wait_for_selector(".md-search-result__item")
            page.wait_for_timeout(500)
            page.screenshot(path=str(out / "xem-truoc-tim-kiem.png"))
            page.goto((site / "2023" / "ii-1-2-02-buu-chinh-vien-thong.html").as_uri(), wait_until="load")
            page.locator("footer").scroll_into_view_if_needed()
            page.locator(".md-footer-meta").screenshot(path=str(out / "xem-truoc-chan-trang.png"))
            browser.close()
        pdf = preview / "bao-cao-2023.pdf"
        subprocess.run(["pdftoppm", "-f", "1", "-l", "1", "-r", "80", "-x", "0", "-y", "0", "-W", "662", "-H", "330",
                        "-png", "-singlefile", str(pdf), str(out / "pdf-du-thao")], check=True)
    for f in sorted(out.iterdir()):
        print(f"{f.relative_to(ROOT) if f.is_relative_to(ROOT) else f} — {f.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
