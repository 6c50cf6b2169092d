"""Derived figures: indicator tallies, sums, ratios and counts of items, computed from the stated ones."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from ..errors import DataError
from .lookup import closest
from .model import DERIVED, STATUS_SLUG, STATUSES, UNREPORTED, Figure, Year


def register_tallies(year: Year, file: str) -> None:
    groups = [(s.id, f"lĩnh vực {s.name}", s.indicators) for s in year.sectors]
    groups.append(("all", "tất cả lĩnh vực", [i for s in year.sectors for i in s.indicators]))
    for gid, gname, inds in groups:
        base = f"indicators.{gid}"
        year.figures[f"{base}.total"] = Figure(
            key=f"{base}.total", year=year.year, label=f"Số chỉ tiêu, {gname}", unit="chỉ tiêu", kind="count",
            value=len(inds), file=file, derived="tally", inputs=tuple(f"indicators.{i.id}" for i in inds))
        pending = any(i.status == UNREPORTED for i in inds)   # how many are "đạt" is not known until all are
        for status in STATUSES:
            chosen = [i for i in inds if i.status == status]
            key = f"{base}.{STATUS_SLUG[status]}"
            # a status an editorial decision sets, or takes an indicator out of (its source_status), makes the count
            # that decision's proposal, even one it empties (the total is not changed by sorting): html/proposals.py
            # marks it while the decision is not approved
            moved = [i for i in inds if i.status_decision and (i.status == status or status in i.source_status)]
            year.figures[key] = Figure(
                key=key, year=year.year, label=f"Số chỉ tiêu {status}, {gname}", unit="chỉ tiêu", kind="count",
                value=None if pending and status != UNREPORTED else len(chosen), file=file, derived="tally",
                inputs=tuple(f"indicators.{i.id}" for i in (inds if pending and status != UNREPORTED else chosen)),
                proposed_by=tuple(dict.fromkeys(i.status_decision for i in moved)))


FAILED = object()   # a derived figure that cannot be computed (its error is reported); None is "not reported yet"


def compute_derived(year: Year, errors: list) -> None:
    """Sums, ratios and counts of items. Each problem is reported once, at the figure that has it; a figure that
    depends on a refused one is left out silently (its cause is reported already); a figure with an input not
    reported yet is not reported either (value None)."""
    state = {}

    def report(fig: Figure, suffix: str, vi: str, en: str, fix: str) -> None:
        errors.append(DataError(fig.file, fig.line, None, f"figures.{fig.key.split('.', 1)[1]}{suffix}", vi, en, fix))

    def compute(key: str, trail: tuple):
        fig = year.figures[key]
        if fig.derived not in DERIVED or state.get(key) == "done":
            return fig.value
        if state.get(key) == "failed":
            return FAILED
        if state.get(key) == "busy":
            cycle = trail[trail.index(key):] + (key,)
            for k in cycle:
                state[k] = "failed"
            report(fig, f".{fig.derived}", "Số liệu suy ra tham chiếu vòng tròn: " + " → ".join(cycle) + ".",
                   "Derived figures refer to each other in a cycle: " + " → ".join(cycle) + ".",
                   "Bỏ một tham chiếu trong vòng: một số liệu không thể được tính từ chính nó.")
            return FAILED
        state[key] = "busy"
        own = (fig.decision,) if fig.decision else ()   # a value computed under a decision is its proposal
        if fig.derived == "items":
            fig.value = len(fig.inputs)
            fig.proposed_by = own
            state[key] = "done"
            return fig.value
        stated = fig.value is not None   # a sum the source states (checked against its parts) is the source's word
        values = []
        for ref in fig.inputs:
            if ref not in year.figures:
                state[key] = "failed"
                if not year.refused(ref):
                    near = closest(ref, [k for k in year.figures if not k.startswith("indicators.")], 1)
                    shown = near and (near[0].split(".", 1)[1] if near[0].split(".")[0] == key.split(".")[0]
                                      else near[0])
                    report(fig, f".{fig.derived}", f"Số liệu '{ref}' không tồn tại (dùng để tính '{fig.key}').",
                           f"Figure '{ref}' does not exist (needed by '{fig.key}').",
                           (f"Có phải '{shown}'? " if near else "") + "Cùng tệp thì viết tên số liệu "
                           "(poor_households), tệp khác thì tên_tệp.tên_số_liệu (telecom.poor_households).")
                return FAILED
            v = compute(ref, trail + (key,))
            if v is FAILED:
                state[key] = "failed"
                return FAILED
            values.append((year.figures[ref], v))
        why = None
        units = sorted({f.unit for f, _ in values} - {fig.unit if fig.derived == "sum" else values[0][0].unit})
        if fig.derived == "years_between":   # whole years from the first date to the second: an anniversary
            (_, start), (_, end) = values
            if {f.kind for f, _ in values} != {"date"}:
                why = ("cần hai số liệu là ngày (đơn vị 'ngày'), ví dụ ngày mốc và ngày kỷ niệm",
                       "both inputs must be dates")
            elif start is not None and end is not None:
                fig.value = end.year - start.year - ((end.month, end.day) < (start.month, start.day))
        elif fig.derived == "sum":
            kinds = {f.kind for f, _ in values}
            if kinds - {fig.kind} or fig.kind not in ("count", "money"):
                why = ("chỉ cộng được các số đếm hoặc số tiền cùng loại với tổng",
                       "only counts or amounts of the total's kind add up")
            elif units:   # 3 chi bộ + 37 đảng viên, triệu đồng + tỷ đồng: a number, but a wrong one
                why = (f"chỉ cộng được các số cùng đơn vị với tổng ('{fig.unit}'), nhưng có đơn vị "
                       f"{', '.join(map(repr, units))}", f"the parts must be in the total's unit ({fig.unit!r}), "
                       f"not {', '.join(map(repr, units))}")
            elif not all(v is not None for _, v in values):
                pass                 # an input not reported yet: the total is not reported either
            elif fig.value is not None and fig.value != sum(v for _, v in values):   # a stated total
                state[key] = "failed"
                parts = " + ".join(f"{f.key} ({v})" for f, v in values)
                report(fig, ".value", f"Tổng ghi sẵn {fig.value} khác tổng các phần: {parts} = "
                       f"{sum(v for _, v in values)}.",
                       f"The stated total {fig.value} differs from the sum of its parts: {parts} = "
                       f"{sum(v for _, v in values)}.",
                       "Sửa số sai (tổng hoặc một phần); nếu bản gốc tự mâu thuẫn, ghi quyết định vào decisions.yml.")
                return FAILED
            else:
                fig.value = sum(v for _, v in values)
        elif units or {f.kind for f, _ in values} - {"count", "money"}:   # a share of like things
            (top, _), (bottom, _) = values
            why = (f"tử số và mẫu số phải là số đếm hoặc số tiền cùng đơn vị, nhưng là '{top.unit}' và "
                   f"'{bottom.unit}'", f"numerator and denominator must be counts or amounts in one unit, not "
                   f"{top.unit!r} and {bottom.unit!r}")
        elif all(v is not None for _, v in values):
            (_, num), (_, den) = values
            if den == 0:
                why = ("mẫu số bằng 0", "the denominator is 0")
            else:
                exact = Decimal(100) * Decimal(str(num)) / Decimal(str(den))   # half up, as by hand
                fig.value = float(exact.quantize(Decimal(1).scaleb(-fig.decimals), rounding=ROUND_HALF_UP))
        if why:
            state[key] = "failed"
            report(fig, "", f"Không tính được '{fig.key}': {why[0]}.", f"Cannot compute '{fig.key}': {why[1]}.",
                   "Kiểm tra đơn vị của các số liệu thành phần.")
            return FAILED
        state[key] = "done"
        fig.proposed_by = tuple(dict.fromkeys((*(d for f, _ in values for d in f.proposed_by),
                                               *(() if stated else own))))
        return fig.value          # None when an input is not reported yet

    for key in list(year.figures):
        compute(key, ())
    for key in [k for k, st in state.items() if st == "failed"]:
        del year.figures[key]
        year.failed.add(key)
