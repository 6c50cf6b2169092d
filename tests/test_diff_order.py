"""`diff` on a reordering: the numbers a reader sees before rows and pages shift (an indicators table's TT, the
documents' STT, the sidebar and the printed order), while every key and name stays the same. The table says
"Thứ tự thay đổi / order changed" with what moved and its old and new place — one row per thing moved, not a row per
renumbered neighbour, and no false "added"/"removed"/"changed" rows (macros/commands/order_changes.py).

Expected places are counted here from the YAML files read with PyYAML, before and after the move.
"""
from __future__ import annotations

import re

import yaml

from test_diff import base_repo, commit, diff, repo, section   # noqa: F401  (the throwaway git repository fixtures)

TITLE = "**Thứ tự thay đổi**"


def move_block(path, start: str, before: str) -> None:
    """Cut the YAML block that starts with the line `start` (up to the next line as indented, or less) and paste it
    before the line `before`, as an editor cuts and pastes lines."""
    text = path.read_text(encoding="utf-8")
    assert text.count(start) == 1 and text.count(before) == 1, (start, before)
    i = text.index(start)
    indent = len(start) - len(start.lstrip(" "))
    end = re.compile(rf"^ {{0,{indent}}}\S", re.M).search(text, i + len(start))
    block = text[i:end.start() if end else len(text)]
    text = text[:i] + text[i + len(block):]
    j = text.index(before)
    path.write_text(text[:j] + block + text[j:], encoding="utf-8")


def place(items: list, item) -> str:
    return str(items.index(item) + 1)


def order_rows(output: str) -> list[list[str]]:
    return [[c.strip() for c in re.split(r"(?<!\\)\|", r)[1:-1]] for r in section(output, TITLE)]


def test_indicators_documents_figures_and_cover_cards_moved_are_one_row_each(repo):
    data = repo / "data" / "2023"
    read = {stem: (lambda s=stem: yaml.safe_load((data / f"{s}.yml").read_text(encoding="utf-8")))
            for stem in ("indicators", "documents", "telecom", "cover")}
    before = {stem: f() for stem, f in read.items()}
    sector = next(s for s in before["indicators"]["sectors"] if sum(1 for i in s["indicators"] if i.get("name")) >= 3)
    named = [i["id"] for i in sector["indicators"] if i.get("name")]
    move_block(data / "indicators.yml", f"      - id: {named[-1]}\n", f"      - id: {named[0]}\n")   # last to first
    docs = list(before["documents"]["documents"])
    move_block(data / "documents.yml", f"  {docs[0]}:\n", f"  {docs[4]}:\n")
    figs = list(before["telecom"]["figures"])
    move_block(data / "telecom.yml", f"  {figs[4]}:\n", f"  {figs[0]}:\n")
    cards = before["cover"]["key_figures"]
    move_block(data / "cover.yml", f'  - value: "{cards[1]["value"]}"\n', f'  - value: "{cards[0]["value"]}"\n')
    after = {stem: f() for stem, f in read.items()}
    sector_after = next(s for s in after["indicators"]["sectors"] if s["id"] == sector["id"])
    named_after = [i["id"] for i in sector_after["indicators"] if i.get("name")]
    assert named_after == [named[-1]] + named[:-1]
    docs_after, figs_after = list(after["documents"]["documents"]), list(after["telecom"]["figures"])
    cards_after = after["cover"]["key_figures"]
    assert cards_after[0] == cards[1] and docs_after != docs and figs_after != figs

    result = diff(repo)
    assert result.returncode == 0, result.stderr
    rows = order_rows(result.stdout)
    assert len(rows) == 4, rows        # one row per thing moved, not one per renumbered neighbour

    def row(key):
        found = [r for r in rows if f"`{key}`" in r[1]]
        assert len(found) == 1, (key, rows)
        return found[0][2:]
    assert row(named[-1]) == [place(named, named[-1]), place(named_after, named[-1])]
    assert row(docs[0]) == [place(docs, docs[0]), place(docs_after, docs[0])]
    # the figures appendix lists every figure of the year, file by file: places there, counted from the files' order
    assert int(row(f"telecom.{figs[4]}")[0]) - int(row(f"telecom.{figs[4]}")[1]) == 4
    card_row = next(r for r in rows if "cover.yml" in r[0])
    assert card_row[2:] == ["2", "1"] and cards[1]["text"][:20] in card_row[1]
    # nothing else claims a change: no figure, indicator, document or card row, no sentence
    assert "**Số liệu thay đổi**" not in result.stdout and "**Thay đổi khác" not in result.stdout, result.stdout
    assert "0 số liệu đổi" in result.stdout


def test_pages_and_groups_moved_in_the_sidebar_are_order_rows_not_added_and_removed(repo):
    config = repo / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    nav = yaml.safe_load(text.split("\nnav:", 1)[1].join(["nav:", ""]))["nav"]
    year = next(v for item in nav for k, v in item.items() if k.startswith("Năm "))
    part = next(v for item in year if isinstance(item, dict) for k, v in item.items() if isinstance(v, list) and len(v) >= 2
                and all(isinstance(x, dict) and isinstance(next(iter(x.values())), list) for x in v[:2]))
    (g1,), (g2,) = part[0].keys(), part[1].keys()                 # two groups side by side ("1. …", "2. …")
    pages = [(k, v) for x in part[0][g1] for k, v in x.items() if isinstance(v, str)]
    assert len(pages) >= 1
    lines = text.splitlines(keepends=True)

    def block(title):
        """The line of a group and the lines under it (more indented)."""
        i = next(n for n, line in enumerate(lines) if line.strip() == f"- {title}:")
        indent = len(lines[i]) - len(lines[i].lstrip())
        j = next((n for n in range(i + 1, len(lines)) if len(lines[n]) - len(lines[n].lstrip()) <= indent), len(lines))
        return i, j
    i1, j1 = block(g1)
    i2, j2 = block(g2)
    assert j1 == i2
    config.write_text("".join(lines[:i1] + lines[i2:j2] + lines[i1:j1] + lines[j2:]), encoding="utf-8")   # swap
    result = diff(repo)
    assert result.returncode == 0, result.stderr
    assert "**Mục lục thay đổi**" not in result.stdout, result.stdout   # no name added or removed
    rows = order_rows(result.stdout)
    assert len(rows) == 1 and g2 in rows[0][1] and "(nhóm)" in rows[0][1] and rows[0][2:] == ["2", "1"], rows

    commit(repo, "groups swapped")
    title, page = pages[0]
    text = config.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines(keepends=True) if x.strip() == f"- {title}: {page}")
    text = text.replace(line, "")
    anchor = next(x for x in text.splitlines(keepends=True) if x.strip() == f"- {g2}:")
    config.write_text(text.replace(anchor, anchor + anchor.replace(f"- {g2}:", f"  - {title}: {page}")),
                      encoding="utf-8")                     # the page moved into the other group, first
    result = diff(repo, "HEAD")
    assert result.returncode == 0, result.stderr
    assert "**Mục lục thay đổi**" not in result.stdout, result.stdout
    rows = order_rows(result.stdout)
    assert rows == [[rows[0][0], f"{title} (`{page}`)", f"1 trong «{g1}»", f"1 trong «{g2}»"]], rows
    assert "chuyển nhóm" in rows[0][0]


def test_a_card_edited_in_place_is_still_a_change_and_not_an_order_row(repo):
    path = repo / "data/2023/cover.yml"
    card = yaml.safe_load(path.read_text(encoding="utf-8"))["key_figures"][2]
    text = path.read_text(encoding="utf-8")
    assert text.count(f"    text: {card['text']}\n") == 1
    path.write_text(text.replace(f"    text: {card['text']}\n", "    text: hồ sơ đúng hạn\n"), encoding="utf-8")
    out = diff(repo).stdout
    assert TITLE not in out
    assert "| Thẻ số liệu chính (cover.yml) | `2023/cover.3` | lời dưới số |" in out, out


def test_an_indicator_moved_to_another_sector_is_said(repo):
    """Its fields are the same, so nothing else names it: only the sectors' counts move (derived figures)."""
    path = repo / "data/2023/indicators.yml"
    sectors = yaml.safe_load(path.read_text(encoding="utf-8"))["sectors"]
    first, second = sectors[0], sectors[1]
    moving = first["indicators"][0]["id"]
    move_block(path, f"      - id: {moving}\n", f"      - id: {second['indicators'][0]['id']}\n")
    after = yaml.safe_load(path.read_text(encoding="utf-8"))["sectors"]
    assert moving in [i["id"] for i in after[1]["indicators"]] and moving not in [i["id"] for i in after[0]["indicators"]]
    rows = order_rows(diff(repo).stdout)
    name = first["indicators"][0].get("name") or "chỉ tiêu bản gốc không nêu tên"
    assert [r[1:] for r in rows if "chuyển lĩnh vực" in r[0]] == [[f"{name} (`{moving}`)", first["name"],
                                                                   second["name"]]], rows


def test_a_list_item_moved_on_its_page_is_order_rows_not_sentences_removed_and_added(repo):
    """Two list items of a page swapped (an ordered list renumbers them): each sentence of the one that moved is an
    order row with its old and new place; no sentence is claimed removed or added, and the summary counts none."""
    page = repo / "docs" / "2023" / "ii-1-2-02-buu-chinh-vien-thong.md"
    lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
    items = [i for i, line in enumerate(lines) if line.startswith("- ")]
    first, second = items[0], items[1]
    assert second == first + 1
    moving = lines[first]
    lines[first], lines[second] = lines[second], lines[first]
    page.write_text("".join(lines), encoding="utf-8")
    out = diff(repo).stdout
    assert "**Lời văn thay đổi**" not in out and "0 câu lời văn đổi" in out, out
    rows = order_rows(out)
    assert rows and all("`2023/ii-1-2-02-buu-chinh-vien-thong.md`" in r[0] for r in rows), rows
    most = max(len(re.findall(r"[.;]\s", line + " ")) for line in (moving, lines[first]))   # sentences of an item
    assert 1 <= len(rows) <= most, (rows, most)      # the sentences of one of the two items, not of both
    assert all(r[2] != r[3] for r in rows)


def test_a_cover_card_added_twice_is_still_an_added_card(repo):
    """A card copied (two alike on the cover): a card the reader sees more, not a move."""
    path = repo / "data/2023/cover.yml"
    cards = yaml.safe_load(path.read_text(encoding="utf-8"))["key_figures"]
    text = path.read_text(encoding="utf-8")
    start = text.index(f'  - value: "{cards[0]["value"]}"\n')
    end = text.index(f'  - value: "{cards[1]["value"]}"\n')
    path.write_text(text + text[start:end], encoding="utf-8")
    assert len(yaml.safe_load(path.read_text(encoding="utf-8"))["key_figures"]) == len(cards) + 1
    out = diff(repo).stdout
    assert f"| Thẻ số liệu chính (cover.yml) | `2023/cover.{len(cards) + 1}` | (thêm mới) |" in out, out
