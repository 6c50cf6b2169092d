"""The published site opened from a disk (a copy of the built folder on a shared drive, a double-click on
index.html: file://), in real Chromium. Its links lead to pages, not to the browser's listing of a folder; its
search, which a browser does not let run from a disk, says so and what to do instead of waiting for ever.
(The preview copy, made for the disk, is tested in tests/test_preview_command.py.)"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit


def test_links_of_a_page_opened_from_disk_lead_to_pages(browser, site):
    page = browser.new_page()
    try:
        page.goto((site / "2023" / "index.html").as_uri(), wait_until="load")
        hrefs = page.evaluate("""() => [...document.querySelectorAll('a[href]')]
            .map(a => a.href).filter(h => h.startsWith('file:'))""")
        page.click(".md-nav__link >> text=I. Một số kết quả nổi bật")
        page.wait_for_load_state("load")
        title, url = page.title(), page.url
    finally:
        page.close()
    assert len(hrefs) > 30, hrefs
    missing = sorted({h for h in hrefs if not Path(unquote(urlsplit(h).path)).is_file()})
    assert not missing, f"{len(missing)} links lead to no page: {missing[:5]}"
    assert "Index of" not in title and url.endswith("i-ket-qua-noi-bat/index.html"), (title, url)


def test_search_opened_from_disk_says_it_needs_the_server(browser, site):
    page = browser.new_page()
    try:
        page.goto((site / "2023" / "index.html").as_uri(), wait_until="load")
        page.keyboard.press("/")
        page.keyboard.type("dang vien", delay=20)
        page.wait_for_timeout(1000)
        said = page.evaluate("document.querySelector('.md-search-result__meta').textContent.trim()")
    finally:
        page.close()
    assert "máy chủ" in said, said
