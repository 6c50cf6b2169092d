"""What differs between two datasets, as a reader would see it, and what looks like a slip for a human to confirm.

Pure: two Datasets in, lists of changes out (values as they are; `python -m macros diff` formats them for the pull
request). Compared: figures (value, label, unit, source section, the words before a target, the editorial decision
it waits for; added, removed; derived figures that move), the cover's key-figure cards (cover.yml: value, text,
links), cited documents (kind, number, date, issuer, title, the number a decision corrects it to, its decision, out
of use; added, removed), the report's own facts (report.yml: number, date, signer, recipients...), editorial
decisions (title, what the source says, the decision, the words it changes, its approval), indicators (status,
target, actual, name, unit...) and their sectors (name, lead), the consistency rules `check` applies (rules.yml: not
seen by the reader, but a rule dropped is a check gone). A figure renamed or moved to another file
(renamed_figures) is one row: a card or rule that only follows its new key is none.
Flagged for the reviewer: a value multiplied or divided by 10 or more, a computed figure that
became typed, an indicator whose status changed while its actual did not.
"""
from __future__ import annotations

import datetime as dt
import difflib
from collections import Counter
from dataclasses import dataclass
from functools import partial

from .cover import SLOT
from .model import DERIVED, Dataset, Figure

DOCUMENT_FIELDS = ("kind", "number", "date", "issuer", "title", "corrected_number", "decision", "out_of_use")
DECISION_FIELDS = ("title", "source_says", "decision", "changes", "approval")
INDICATOR_FIELDS = ("status", "target", "actual", "name", "unit", "target_op", "actual_phrase", "reason",
                    "reason_document", "decision", "status_decision", "source_status")
FIGURE_FIELDS = ("label", "unit", "source", "qualifier", "decision")   # decision: "[đề nghị]", Bảng số liệu
COVER_FIELDS = ("value", "text", "links")
SECTOR_FIELDS = ("name", "lead")
RULE_FIELDS = ("label", "check", "left", "right", "decision")
SLIP_FACTOR = 10


@dataclass
class FigureChange:
    key: str                         # global key, "2023/party.members_good"
    old: Figure | None
    new: Figure | None

    @property
    def status(self) -> str:
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "derived" if self.new.derived else "changed"


@dataclass
class FieldChange:
    kind: str        # figure | document | report | decision | indicator
    year: int
    key: str         # the entry's key ("qd_85_tw", "ttbcxb_truyen_thanh", "number" for report.yml)
    field: str       # "" for an entry added or removed as a whole
    old: object      # None when added (or the field was empty)
    new: object
    added: bool = False
    removed: bool = False


@dataclass
class Slip:
    key: str
    vi: str          # what looks wrong, for the reviewer


def figure_changes(old: Dataset, new: Dataset, shown) -> list[FigureChange]:
    """Figures whose value (as `shown(fig)` writes it) differs, then figures added, then removed. An indicator's
    target and actual are left to indicator_changes (one row each, not two)."""
    before = {f.global_key: f for f in old.all_figures() if not _indicator_value(f)}
    after = {f.global_key: f for f in new.all_figures() if not _indicator_value(f)}
    changes = [FigureChange(k, before[k], after[k]) for k in after
               if k in before and (before[k].value != after[k].value or shown(before[k]) != shown(after[k]))]
    changes += [FigureChange(k, None, after[k]) for k in after if k not in before]
    changes += [FigureChange(k, before[k], None) for k in before if k not in after]
    order = {"changed": 0, "derived": 1, "added": 2, "removed": 3}
    return sorted(changes, key=lambda c: (order[c.status], c.key))


def renamed_figures(changes: list[FigureChange], shown) -> dict:
    """{old global key: new global key} of the figures removed and added (figure_changes) that are one figure under a
    new key — renamed, or moved to another file: same year, same value as shown, way of being computed and every
    field a reader sees (FIGURE_FIELDS: label, unit, section, words before it), and no other removed or added figure
    alike (then it is left as added and removed)."""
    def alike(fig):
        return (fig.year, shown(fig), fig.derived) + tuple(repr(getattr(fig, f)) for f in FIGURE_FIELDS)
    groups: dict = {}
    for c in changes:
        if c.status in ("added", "removed"):
            groups.setdefault(alike(c.new or c.old), []).append(c)
    out = {}
    for found in groups.values():
        gone, new = ([c for c in found if c.status == s] for s in ("removed", "added"))
        if len(gone) == 1 and len(new) == 1:
            out[gone[0].key] = new[0].key
    return out


def _indicator_value(fig: Figure) -> bool:
    return fig.key.startswith("indicators.") and fig.key.rsplit(".", 1)[1] in ("target", "actual") \
        and fig.derived is None


def _fields(kind: str, year: int, key: str, old: dict | None, new: dict | None, fields,
            renamed=lambda entry: entry) -> list[FieldChange]:
    """The rows of one entry; `renamed(old)`: the old entry as it reads with renamed figures' new keys, compared (a
    field that only names a renamed figure is no row: the rename is its own), while a row shows the old as written."""
    if old is None and new is None:
        return []
    if old is None:
        return [FieldChange(kind, year, key, "", None, new, added=True)]
    if new is None:
        return [FieldChange(kind, year, key, "", old, None, removed=True)]
    seen = renamed(old)
    return [FieldChange(kind, year, key, f, old.get(f), new.get(f)) for f in fields if seen.get(f) != new.get(f)]


def _with_new_keys(entry: dict, keys: dict) -> dict:
    """A cover card or a rule with the figure keys it names renamed as `keys` says ({old local key: new}): the
    slots of a card's value and text ('{digital.services_total:02}'), a rule's sides (a key or a list of keys)."""
    if not keys or entry is None:
        return entry

    def slot(m):
        return "{" + keys.get(m.group(1), m.group(1)) + (f":0{m.group(2)}" if m.group(2) else "") + "}"

    out = dict(entry)
    for field in ("value", "text"):
        if isinstance(out.get(field), str):
            out[field] = SLOT.sub(slot, out[field])
    for side in ("left", "right"):
        if isinstance(out.get(side), str):
            out[side] = keys.get(out[side], out[side])
        elif isinstance(out.get(side), list):
            out[side] = [keys.get(k, k) if isinstance(k, str) else k for k in out[side]]
    return out


def field_changes(old: Dataset, new: Dataset, renamed: dict | None = None) -> list[FieldChange]:
    """Every change of a label, unit, cover card, document, report fact, decision or indicator, year by year.
    `renamed` ({old global key: new}, renamed_figures): a card or rule that names a renamed figure by its new key
    is not changed by that (the rename is one row of its own)."""
    out = []
    for year in sorted(set(old.years) | set(new.years)):
        a, b = old.years.get(year), new.years.get(year)
        keys = {o.split("/", 1)[1]: n.split("/", 1)[1] for o, n in (renamed or {}).items()
                if o.split("/", 1)[0] == str(year) and n.split("/", 1)[0] == str(year)}
        as_renamed = partial(_with_new_keys, keys=keys)
        fa = {k: f for k, f in (a.figures.items() if a else []) if f.derived != "tally"}
        fb = {k: f for k, f in (b.figures.items() if b else []) if f.derived != "tally"}
        for key in sorted(set(fa) & set(fb)):
            if _indicator_value(fa[key]):
                continue
            out += [FieldChange("figure", year, key, f, getattr(fa[key], f), getattr(fb[key], f))
                    for f in FIGURE_FIELDS if getattr(fa[key], f) != getattr(fb[key], f)]
        docs_a, docs_b = (a.documents if a else {}), (b.documents if b else {})
        for key in sorted(set(docs_a) | set(docs_b)):
            out += _fields("document", year, key, docs_a.get(key), docs_b.get(key), DOCUMENT_FIELDS)
        rep_a, rep_b = (a.report if a else {}), (b.report if b else {})
        for key in [k for k in dict.fromkeys(list(rep_a) + list(rep_b)) if k != "file"]:
            if rep_a.get(key) != rep_b.get(key):
                out.append(FieldChange("report", year, key, key, rep_a.get(key), rep_b.get(key)))
        dec_a, dec_b = (a.decisions if a else {}), (b.decisions if b else {})
        for key in sorted(set(dec_a) | set(dec_b)):
            out += _fields("decision", year, key, dec_a.get(key), dec_b.get(key), DECISION_FIELDS)
        cov_a, cov_b = (a.cover if a else []), (b.cover if b else [])
        cov_a, cov_b = _unmatched_cards(cov_a, cov_b, as_renamed)   # a card in both, wherever it moved, is none
        for i in range(max(len(cov_a), len(cov_b))):
            old_card, new_card = (cov[i] if i < len(cov) else (None, None) for cov in (cov_a, cov_b))
            out += _fields("cover", year, f"cover.{(new_card or old_card)[0]}", old_card[1], new_card[1], COVER_FIELDS,
                           as_renamed)
        sec_a, sec_b = ({s.id: vars(s) for s in (y.sectors if y else [])} for y in (a, b))
        for key in list(dict.fromkeys(list(sec_a) + list(sec_b))):
            out += _fields("sector", year, key, sec_a.get(key), sec_b.get(key), SECTOR_FIELDS)
        rule_a, rule_b = ({r.get("id"): r for r in (y.rules if y else [])} for y in (a, b))
        for key in list(dict.fromkeys(list(rule_a) + list(rule_b))):
            out += _fields("rule", year, str(key), rule_a.get(key), rule_b.get(key), RULE_FIELDS, as_renamed)
        ind_a, ind_b = _indicators(a), _indicators(b)
        for key in list(dict.fromkeys(list(ind_a) + list(ind_b))):
            out += _fields("indicator", year, key, ind_a.get(key), ind_b.get(key), INDICATOR_FIELDS)
    return out


def _unmatched_cards(old: list, new: list, renamed=lambda card: card) -> tuple[list, list]:
    """[(place, card)] of each list without the cards the other has as well (as many times as both have them); an
    old card is read as `renamed(card)` (with renamed figures' new keys)."""
    def identity(card):
        return card_identity(renamed(card))
    both = Counter(map(identity, old)) & Counter(map(card_identity, new))

    def rest(cards, ident):
        left, out = Counter(both), []
        for i, card in enumerate(cards, 1):
            if left[ident(card)]:
                left[ident(card)] -= 1
            else:
                out.append((i, card))
        return out
    return rest(old, identity), rest(new, card_identity)


def card_identity(card: dict) -> tuple:
    """What a cover card shows (its place and line aside): a card found unchanged in both revisions is no change
    here, wherever it moved (commands/order_changes.py says the move)."""
    return tuple((f, repr(card.get(f))) for f in COVER_FIELDS)


def _indicators(year) -> dict:
    if year is None:
        return {}
    return {i.id: {f: getattr(i, f) for f in INDICATOR_FIELDS} for s in year.sectors for i in s.indicators}


def slips(figures: list[FigureChange], fields: list[FieldChange], head: Dataset | None = None) -> list[Slip]:
    """What looks like a slip of the keyboard or a half-made change: for a human to confirm, not an error. With the
    head's data, also a date of a new year copied from the year before (last_years_date)."""
    out = []
    for c in figures:
        copied = last_years_date(c, head) if head is not None and c.new is not None else ""
        if copied:
            out.append(Slip(c.key, copied))
        if c.old is None or c.new is None:
            continue
        if c.old.derived in DERIVED and c.new.derived is None:
            out.append(Slip(c.key, f"được tính ({c.old.derived}) trước đây, nay được gõ tay (value): không còn gì "
                                   "bảo đảm nó khớp với các số liệu thành phần."))
        factor = _factor(c.old.value, c.new.value)
        if factor:
            out.append(Slip(c.key, f"giá trị {factor} (có gõ thừa hoặc thiếu chữ số, hoặc nhầm đơn vị?)."))
    for f in fields:
        if f.kind == "indicator" and f.field in ("target", "actual"):
            factor = _factor(f.old, f.new)
            if factor:
                out.append(Slip(f"{f.year}/indicators.{f.key}.{f.field}", f"giá trị {factor}."))
    status = {(f.year, f.key) for f in fields if f.kind == "indicator" and f.field == "status"}
    actual = {(f.year, f.key) for f in fields if f.kind == "indicator" and f.field in ("actual", "target")}
    for year, key in sorted(status - actual):
        out.append(Slip(f"{year}/indicators.{key}", "tình trạng đổi mà kết quả (actual) và chỉ tiêu (target) không "
                                                   "đổi: căn cứ nào cho tình trạng mới?"))
    return out


def last_years_date(c: FigureChange, head: Dataset) -> str:
    """A date given to year Y's figure that falls in year Y-1, where Y-1's own value of it fell in Y-1 too (the date
    moves with the year: "ngày kỷ niệm … năm 2024", "thời điểm thống kê"): most likely last year's, copied (a unit
    that filled the workbook's 2024 column from its 2023 column). A date that stays (a birthday, 21/06/1925) is not
    one: last year's value was not in last year."""
    year, _, key = c.key.partition("/")
    value = c.new.value
    if not year.isdigit() or not isinstance(value, dt.date):
        return ""
    prev = head.years.get(int(year) - 1)
    last = prev.figures.get(key) if prev else None
    if last is None or not isinstance(last.value, dt.date) or not value.year == last.value.year == prev.year:
        return ""
    return (f"ngày {value:%d/%m/%Y} là của năm {prev.year}, trong số liệu năm {year} (năm {prev.year}: "
            f"{last.value:%d/%m/%Y}): chép từ năm trước? Ghi ngày của năm {year}.")


def _factor(old, new) -> str:
    if isinstance(old, bool) or isinstance(new, bool) or not all(isinstance(v, (int, float)) for v in (old, new)):
        return ""
    if not old or not new:
        return ""
    ratio = new / old
    if abs(ratio) >= SLIP_FACTOR:
        return f"gấp {abs(ratio):.4g} lần giá trị cũ"
    if abs(ratio) <= 1 / SLIP_FACTOR:
        return f"chỉ bằng 1/{abs(1 / ratio):.4g} giá trị cũ"
    return ""


def moved(old: list, new: list) -> list[tuple]:
    """[(item, old place, new place)] (1-based, in `new`'s order) of the items of both lists that are not in the
    longest common run of them; [] when the items both have are in the same order. Items are unique and hashable."""
    common = set(old) & set(new)
    a, b = [x for x in old if x in common], [x for x in new if x in common]
    if a == b:
        return []
    stay = set()
    for block in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
        stay.update(a[block.a:block.a + block.size])
    where_old, where_new = {x: i for i, x in enumerate(old, 1)}, {x: i for i, x in enumerate(new, 1)}
    return [(x, where_old[x], where_new[x]) for x in b if x not in stay]
