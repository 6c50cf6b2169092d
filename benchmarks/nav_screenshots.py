"""Screenshots of the site's navigation with ten years of reports, before and after `navigation.prune`:
`.venv/bin/python benchmarks/nav_screenshots.py [OUT_DIR]` (default benchmarks/nav-screenshots/).

The ten-year site of the benchmark (benchmarks/projects.py `tenfold`) is built twice in a temporary folder: as
mkdocs.yml is now, and with the features it had before (`navigation.sections`, no `navigation.prune`). Each is
opened in Chromium (Debian's /usr/bin/chromium) at a desktop width, in a window tall enough for the whole
left-hand nav, on a section page of the newest year and on the home page; the pictures (JPEG, the left half: the
nav and the start of the text) and the size of each page's HTML are written to OUT_DIR.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import projects
from timing import check, child_env

ROOT = Path(__file__).resolve().parent.parent
PAGES = {"muc": "2023/ii-1-2-04-chuyen-doi-so/index.html", "trang-chu": "index.html"}
SIZES = {"may-tinh": (1280, 2400)}   # tall: the whole left-hand nav shows
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]


def before(project: Path) -> None:
    """mkdocs.yml with the features of before: navigation.sections, no navigation.prune."""
    config = projects.read_config(project / "mkdocs.yml")
    features = [f for f in config["theme"]["features"] if f != "navigation.prune"]
    config["theme"]["features"] = ["navigation.sections", *features]
    projects.write_config(project / "mkdocs.yml", config)


def main() -> int:
    from playwright.sync_api import sync_playwright
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "benchmarks" / "nav-screenshots"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="baocao-nav-") as tmp:
        real = projects.snapshot(ROOT, Path(tmp) / "real")
        sites = {}
        for name in ("truoc", "sau"):
            project = projects.tenfold(real, Path(tmp) / f"years10-{name}", 10)
            if name == "truoc":
                before(project)
            sites[name] = Path(tmp) / f"site-{name}"
            check(subprocess.run(projects.build_cmd(project, sites[name]), cwd=project, capture_output=True,
                                 text=True, env=child_env(), timeout=900), f"build {name}")
        lines = []
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            for name, site in sites.items():
                for page_name, rel in PAGES.items():
                    size = (site / rel).stat().st_size
                    lines.append(f"{name} {rel}: {size / 1024:.0f} KiB HTML")
                    for device, (width, height) in SIZES.items():
                        page = browser.new_page(viewport={"width": width, "height": height})
                        page.goto((site / rel).as_uri())
                        page.screenshot(path=str(out / f"{name}-{page_name}-{device}.jpg"), type="jpeg", quality=70,
                                        clip={"x": 0, "y": 0, "width": 640, "height": height})   # nav + text
                        page.close()
            browser.close()
    (out / "sizes.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    print(f"→ {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
