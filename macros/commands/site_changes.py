"""For the pull-request table (`diff`): what mkdocs.yml changes for the reader — the sidebar's names (`nav`) and the
site's other settings (site_name, copyright, the theme's options…) — and the pages' front matter (the title of the
browser tab, search settings), compared as data, so a comment, quoting or a
reordered mapping is no change. Whether a setting is code is said elsewhere (code_changes.py); here every changed
setting is shown with its old and new value, since most of them show on every page."""
from __future__ import annotations

import json

from ..sources import nav
from .code_changes import md_code, md_text
from .order_changes import moved_nav_keys


def nav_section(old_nav, new_nav, new_pages: set, gone_pages: set = frozenset()) -> list[str]:
    """Page and group names of the sidebar (mkdocs.yml's nav) renamed, added or removed; not those of pages said
    elsewhere (new pages; a deleted year's) nor an entry that only moved (order_changes.order_section)."""
    rows = nav.changed_entries(old_nav, new_nav, new_pages, moved_nav_keys(old_nav, new_nav), gone_pages)
    if not rows:
        return []
    lines = [f"**Mục lục thay đổi** (tên trang, tên nhóm trên thanh bên: `nav` trong mkdocs.yml) ({len(rows)}):", "",
             "| Cũ | Mới | Trang |", "|---|---|---|"]
    for old, new in rows:
        page = (new or old)[2]
        lines.append(f"| {md_text(old[1] if old else '—')} | {md_text(new[1] if new else '—')} | "
                     f"{f'`{md_code(page)}`' if page else '(nhóm)'} |")
    return lines


def flat(settings, prefix: str = "") -> dict:
    """{dotted key: value} of a mapping, nested mappings opened ('theme.palette'), lists kept whole."""
    out = {}
    for key, value in (settings.items() if isinstance(settings, dict) else []):
        dotted = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            out.update(flat(value, dotted + "."))
        else:
            out[dotted] = value
    return out


def _shown(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):   # hide: true, search: {exclude: true}
        return "có" if value else "không"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)


def settings_section(old: dict, new: dict) -> list[str]:
    """mkdocs.yml's settings other than nav whose value differs (site_name, copyright, theme…)."""
    a, b = (flat({k: v for k, v in s.items() if k != "nav"}) for s in (old or {}, new or {}))
    keys = [k for k in dict.fromkeys([*a, *b]) if a.get(k) != b.get(k)]
    if not keys:
        return []
    return [f"**Thiết lập trang web thay đổi** (mkdocs.yml; tên trang web, chân trang… hiện trên mọi trang) "
            f"({len(keys)}):", "", "| Thiết lập | Cũ | Mới |", "|---|---|---|"] + [
        f"| `{md_code(k)}` | {md_text(_shown(a.get(k)))} | {md_text(_shown(b.get(k)))} |" for k in keys]


def meta_section(old: dict, new: dict) -> list[str]:
    """The front matter of the pages both revisions have ({src: meta}), key by key: title (the browser tab's), hide…"""
    rows = []
    for src in [s for s in new if s in old]:
        a, b = flat(old[src]), flat(new[src])
        rows += [(src, k, a.get(k), b.get(k)) for k in dict.fromkeys([*a, *b]) if a.get(k) != b.get(k)]
    if not rows:
        return []
    return [f"**Phần đầu trang thay đổi** (front matter giữa hai dòng `---`: tiêu đề trên thẻ trình duyệt…) "
            f"({len(rows)}):", "", "| Trang | Mục | Cũ | Mới |", "|---|---|---|---|"] + [
        f"| `{md_code(src)}` | `{md_code(k)}` | {md_text(_shown(a))} | {md_text(_shown(b))} |" for src, k, a, b in rows]
