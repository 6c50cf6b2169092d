"""A 404.html that works from any sub-folder of a web server (the site published at /bao-cao/, say).

How and why: the comment below. Pure text functions; site/mkdocs_hooks.py calls install_relocatable_404 after a build.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

# MkDocs renders 404.html with base_url = the path of site_url, "/" when
# site_url is unset, so its stylesheets, scripts and links start at the server's root ("/assets/…"): served from a
# sub-folder (IIS C:\inetpub\wwwroot\bao-cao → /bao-cao/) the page comes unstyled. The server sends this page's
# content at whatever address was not found, at any depth, so no fixed relative link can work either. Instead:
# 1. links become relative to the site's root ("/assets/x" → "assets/x");
# 2. a script first in <head> finds the site's root in the address and sets <base href> to it. The root is what
#    precedes the first path segment that is a top-level folder of the site ("2023", "assets", …); with none, the
#    missing page was asked for at the root level: /bao-cao/trang-cu/ → /bao-cao/;
# 3. the tags that fetch (stylesheets, icon, scripts) are written by document.write at their place: left as markup,
#    the browser's preload scanner would fetch them against the address before <base> exists (a failed request
#    each); written, they still block and run in order as the theme expects;
# 4. Material resolves its __config "base" and __md_scope against the address, not <base>: both get the root.
# Limits: a missing address two unknown folders deep (/bao-cao/a/b/) or a sub-folder named like a top folder of
# the site (/2023/) gets a wrong root, hence an unstyled page (as before); without JavaScript the page is unstyled.
FIND_ROOT_JS = """<script>(function () {
  var top = %s, parts = location.pathname.split("/").slice(1), k = 0;
  if (parts[parts.length - 1] === "") parts.pop();
  while (k < parts.length && top.indexOf(parts[k]) < 0) k++;
  if (k === parts.length) k = Math.max(parts.length - 1, 0);
  var base = document.createElement("base");
  base.href = "/" + parts.slice(0, k).map(function (p) { return p + "/"; }).join("");
  document.head.appendChild(base);
})();</script>"""
MATERIAL_ROOT_JS = """<script>(function (c) {
  var config = JSON.parse(c.textContent); config.base = document.baseURI; c.textContent = JSON.stringify(config);
})(document.getElementById("__config"));</script>"""
_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
_FETCHING_TAG = re.compile(r'<link\b[^>]*\brel="(?:icon|stylesheet)"[^>]*>|<script\b[^>]*\bsrc="[^"]*"[^>]*></script>')


def _script_json(value) -> str:
    """JSON that is safe inside <script> (what Jinja's tojson does)."""
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def relocatable_404(html: str, base_path: str, top_folders: list[str]) -> str:
    """404.html that works from any sub-folder (see the comment above); base_path is what MkDocs put in front of its
    links ("/" without site_url), top_folders the site's top-level folders."""
    html = re.sub(r'(\s(?:href|src)=")' + re.escape(base_path) + r"(?!/)", r"\1", html)   # "/assets/x" -> "assets/x"

    def config(m: re.Match) -> str:
        data = json.loads(m.group(2))
        data["base"] = "."
        if isinstance(data.get("search"), str) and data["search"].startswith(base_path):
            data["search"] = data["search"][len(base_path):]
        return m.group(1) + _script_json(data) + m.group(3) + MATERIAL_ROOT_JS

    html = _CONFIG.sub(config, html, count=1)
    html = html.replace(f'__md_scope=new URL("{base_path}",location)', "__md_scope=new URL(document.baseURI)", 1)
    html = _FETCHING_TAG.sub(lambda m: f"<script>document.write({_script_json(m.group())})</script>", html)
    return html.replace('<meta charset="utf-8">', '<meta charset="utf-8">' + FIND_ROOT_JS % json.dumps(top_folders),
                        1)


def install_relocatable_404(site_dir: Path, site_url: str | None) -> None:
    page = site_dir / "404.html"
    if not page.is_file():
        return   # the post-build checks of `python -m macros publish` report a missing 404.html
    base_path = urlsplit(site_url or "/").path or "/"
    base_path = base_path if base_path.endswith("/") else base_path + "/"
    top = sorted(p.name for p in site_dir.iterdir() if p.is_dir())
    html = page.read_text(encoding="utf-8")
    if FIND_ROOT_JS.split("%s")[0] not in html:   # idempotent: `mkdocs serve --dirty` keeps files
        page.write_text(relocatable_404(html, base_path, top), encoding="utf-8")
