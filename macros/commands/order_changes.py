"""For the pull-request table (`diff`): lists whose order the reader sees, reordered — the rows of a sector's
indicators table (its "TT" column numbers them), the sectors, the cited documents (numbered on their appendix page),
the rows of the figures appendix (Bảng số liệu), the cover's key-figure cards, and the sidebar (`nav`: a page or group
moved within its group, or into another group; the whole report prints in that order).

Nothing else in the table compares order: figures, indicators and documents are compared by key, the nav by name,
so a reordering would otherwise pass unsaid while the numbers a reader sees shift. Only what moved is listed: of the
entries both revisions have, the longest run that kept its order stays, every other entry is a row with its old and
new place (moving one row to the top of a table of twelve is one row here, not twelve).
"""
from __future__ import annotations

from ..data.changes import card_identity as _card, moved
from ..sources import nav as navs
from .code_changes import md_code, md_text


# --------------------------------------------------------------------------- the data's lists

def data_rows(old_ds, new_ds) -> list[tuple]:
    """[(where, what, old place, new place)] for the data's ordered lists, year by year (none without data, as in
    a table of figure changes alone)."""
    rows = []
    if old_ds is None or new_ds is None:
        return rows
    for year in sorted(set(old_ds.years) & set(new_ds.years)):
        a, b = old_ds.years[year], new_ds.years[year]
        sec_a, sec_b = {s.id: s for s in a.sectors}, {s.id: s for s in b.sectors}
        rows += [(f"Năm {year}: các lĩnh vực chỉ tiêu (indicators.yml)", f"{sec_b[k].name} (`{md_code(k)}`)", i, j)
                 for k, i, j in moved(list(sec_a), list(sec_b))]
        for sid in [s for s in sec_b if s in sec_a]:
            named = [[i.id for i in s.indicators if i.name] for s in (sec_a[sid], sec_b[sid])]
            names = {i.id: i.name for i in sec_b[sid].indicators}
            rows += [(f"Năm {year}: bảng chỉ tiêu lĩnh vực {md_text(sec_b[sid].name)} (cột TT)",
                      f"{md_text(names[k])} (`{md_code(k)}`)", i, j) for k, i, j in moved(*named)]
        home = [{i.id: (s, i) for s in y.sectors for i in s.indicators} for y in (a, b)]
        rows += [(f"Năm {year}: chỉ tiêu chuyển lĩnh vực (indicators.yml)",
                  f"{md_text(home[1][k][1].name or 'chỉ tiêu bản gốc không nêu tên')} (`{md_code(k)}`)",
                  md_text(home[0][k][0].name),
                  md_text(home[1][k][0].name)) for k in home[1] if k in home[0] and home[0][k][0].id != home[1][k][0].id]
        rows += [(f"Năm {year}: Văn bản được trích dẫn (phụ lục, cột STT)",
                  f"{md_text(b.documents[k].get('number') or k)} (`{md_code(k)}`)", i, j)
                 for k, i, j in moved(list(a.documents), list(b.documents))]
        figs = [[k for k, f in y.figures.items() if not k.startswith("indicators.")] for y in (a, b)]
        rows += [(f"Năm {year}: Bảng số liệu (phụ lục)", f"{md_text(b.figures[k].label)} (`{md_code(k)}`)", i, j)
                 for k, i, j in moved(*figs)]
        cards = {_card(c): c for c in b.cover}
        rows += [(f"Năm {year}: thẻ số liệu chính trang đầu (cover.yml)", md_text(_card_words(cards[k])), i, j)
                 for k, i, j in moved([_card(c) for c in a.cover], [_card(c) for c in b.cover])]
    return rows


def _card_words(card: dict) -> str:
    words = f"{card.get('value')} {card.get('text')}"
    return words if len(words) <= 80 else words[:79] + "…"


# --------------------------------------------------------------------------- the sidebar

def _placed(nav) -> dict:
    """{key: (parent group's path, place among its siblings)} of every titled entry; a page's key is (title, page),
    a group's (its path of titles, None) — two groups may share a name ("Phụ lục" of each year)."""
    out = {}

    def visit(items, path):
        place = 0
        for item in items or []:
            if not isinstance(item, dict):
                continue
            for title, value in item.items():
                place += 1
                key = (str(title), value) if isinstance(value, str) else (path + (str(title),), None)
                out.setdefault(key, (path, place))
                if isinstance(value, list):
                    visit(value, path + (str(title),))
    visit(nav, ())
    return out


def nav_moves(old_nav, new_nav) -> list[tuple]:
    """[(key, (old group path, old place), (new group path, new place))]: the entries that moved within their group
    (not kept in order with their siblings), or pages moved into another group that both revisions have."""
    a, b = _placed(old_nav), _placed(new_nav)
    groups = {k[0] for k in a if k[1] is None} & {k[0] for k in b if k[1] is None} | {()}
    out = [(k, a[k], b[k]) for k in b if k in a and a[k][0] != b[k][0] and a[k][0] in groups and b[k][0] in groups]
    for group in dict.fromkeys(g for g, _ in b.values()):
        sibling = [[k for k in sorted((k for k in m if m[k][0] == group), key=lambda k: m[k][1])
                    if k in a and k in b and a[k][0] == b[k][0]] for m in (a, b)]
        out += [(k, a[k], b[k]) for k, _, _ in moved(*sibling)]
    return out


def _title(key) -> str:
    return key[0][-1] if key[1] is None else key[0]


def nav_rows(old_nav, new_nav) -> list[tuple]:
    rows = []
    for key, (g_old, i), (g_new, j) in nav_moves(old_nav, new_nav):
        what = md_text(_title(key)) + (f" (`{md_code(key[1])}`)" if key[1] else " (nhóm)")
        if g_old == g_new:
            rows.append((f"Mục lục (`nav`): {md_text(g_new[-1]) if g_new else 'cấp ngoài cùng'}", what, i, j))
        else:
            rows.append(("Mục lục (`nav`): chuyển nhóm", what, f"{i} trong «{md_text(g_old[-1] if g_old else '—')}»",
                         f"{j} trong «{md_text(g_new[-1] if g_new else '—')}»"))
    return rows


def moved_nav_keys(old_nav, new_nav) -> set:
    """(title, page) of the entries that only moved (those nav_moves reports, and what moved with them: the entries
    of a moved group): the names table (site_changes.nav_section) leaves them out."""
    def flat(nav):
        return list(dict.fromkeys((t, p) for _, t, p, _ in navs.walk(nav)))
    a, b = flat(old_nav), flat(new_nav)
    keys = {(_title(k), k[1]) for k, _, _ in nav_moves(old_nav, new_nav)}
    return keys | {k for k, _, _ in moved(a, b)}


# --------------------------------------------------------------------------- Markdown

def sentence_rows(moves: list, titles: dict) -> list[tuple]:
    """Sentences (a heading, a list item, a table row typed in a page) moved on their page (html/prose.py moves)."""
    def at(place, heading):
        return f"câu thứ {place}" + (f" (mục «{md_text(heading)}»)" if heading else "")
    return [(f"Trang {md_text(titles.get(m.src, m.src))} (`{md_code(m.src)}`): lời văn",
             md_text(m.text if len(m.text) <= 100 else m.text[:99] + "…"), at(m.old_place, m.old_heading),
             at(m.new_place, m.new_heading)) for m in moves]


def order_section(old_ds, new_ds, old_nav, new_nav, moves: list = (), titles: dict | None = None) -> list[str]:
    """The rows of everything reordered ([] when nothing was)."""
    rows = nav_rows(old_nav, new_nav) + data_rows(old_ds, new_ds) + sentence_rows(list(moves), titles or {})
    if not rows:
        return []
    return [f"**Thứ tự thay đổi** / order changed ({len(rows)}): các mục dưới đây đổi chỗ, nên số thứ tự người đọc thấy "
            "(cột TT, STT, thứ tự trang trong mục lục và trong bản in) của chúng và các mục giữa hai chỗ cũng đổi theo; "
            "nội dung không đổi. / These entries moved; the numbers shown before them and between their places shift.",
            "", "| Ở đâu | Mục | Chỗ cũ | Chỗ mới |", "|---|---|---|---|"] + [
        f"| {where} | {what} | {i} | {j} |" for where, what, i, j in rows]
