"""The report's model: figures, indicators, sectors, a year, the dataset. Plain data, no I/O."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

STATUSES = ("đạt", "khó đạt", "chưa đạt", "chưa thực hiện", "chưa có cơ sở tính", "chưa báo cáo")
STATUS_SLUG = {"đạt": "dat", "khó đạt": "kho_dat", "chưa đạt": "chua_dat",
               "chưa thực hiện": "chua_thuc_hien", "chưa có cơ sở tính": "chua_co_co_so_tinh",
               "chưa báo cáo": "chua_bao_cao"}
UNREPORTED = "chưa báo cáo"      # a new year's indicator before its result is known (python -m macros new-year)
DERIVED = ("sum", "ratio", "items", "years_between")   # the ways a figure is computed from others (data/derive.py)
NO_RESULT = ("chưa thực hiện", "chưa có cơ sở tính")   # statuses of an indicator that has no result to give
UNIT_KIND = {"%": "percent", "đồng": "money", "ngày": "date", "tháng": "month"}   # tháng: a month, "2023-10"


UNNAMED = "bản gốc không nêu tên chỉ tiêu"   # the visible mark of an indicator the source does not name


def indicator_label(name: str | None, sector_name: str, position: int, count: int) -> str:
    """An indicator as a person reads it in a list of figures (the workbook, the figures page): its own wording
    ({target} as '…'), else which one it is in its sector's list, with a visible mark that it has no name — never
    its id, never an invented name."""
    if name:
        return name.replace("{target}", "…").strip()
    return f"Chỉ tiêu thứ {position}/{count} của lĩnh vực {sector_name} [{UNNAMED}]"


@dataclass
class Figure:
    key: str
    year: int
    label: str
    unit: str
    kind: str                      # count | percent | money | date | month
    value: object = None
    file: str = ""
    line: int | None = None
    derived: str | None = None     # sum | ratio | items | tally | None (stated in the report); a sum may have a
                                   # stated value too (checked against its parts)
    inputs: tuple = ()
    decimals: int = 2
    decision: str | None = None
    op: str | None = None
    next_year_key: str | None = None
    source: str | None = None      # the section of the source report that states it (figures files: `source:`)
    qualifier: str | None = None   # words the source writes before a target: "ít nhất" (figures files: `qualifier:`)
    minimum: float | None = None   # `min:` a stated percentage may be below 1 only when this says so
    part_of: tuple = ()            # `part_of:` the wholes this figure is a part of (never larger than any of them)
    part_of_line: int | None = None
    target_of: str | None = None   # `target_of:` the figure of the same year this one is the year's target for
    proposed_by: tuple = ()        # the editorial decisions whose proposal this value is (marked "[đề nghị]" while
                                   # pending, html/proposals.py): a count of indicators a decision re-sorts
                                   # (indicators.yml `status_decision:`, `source_status:`), a value computed from the
                                   # data (sum, ratio, items: not the source's words) under a decision of its own
                                   # (`decision:`), and what is computed from either

    @property
    def global_key(self) -> str:
        return f"{self.year}/{self.key}"

    @property
    def reported(self) -> bool:
        """False for a figure not reported yet (`value: null`, an indicator "chưa báo cáo", or derived from one)."""
        return self.value is not None


@dataclass
class Indicator:
    id: str
    sector: str
    status: str
    name: str | None = None
    target: float | None = None
    target_op: str = ">="
    unit: str = "%"
    actual: float | None = None
    actual_phrase: str = "nhưng hiện tại là"
    reason: str | None = None
    reason_document: str | None = None
    decision: str | None = None      # the decision about its figures (target, actual)
    status_decision: str | None = None   # the decision that sets its status, where the source sorted it otherwise
    source_status: tuple = ()        # with status_decision: the status(es) the source sorted it into (its counts
                                     # change too: a count the decision empties is marked as the proposal's)
    min: float | None = None         # a percentage below 1 is taken for a fraction unless this allows it
    file: str = ""
    line: int | None = None
    status_line: int | None = None   # the line of `status:`, named when the status disagrees


@dataclass
class Sector:
    id: str
    name: str
    lead: str
    indicators: list


@dataclass
class Year:
    year: int
    figures: dict = field(default_factory=dict)
    sectors: list = field(default_factory=list)
    documents: dict = field(default_factory=dict)
    decisions: dict = field(default_factory=dict)
    corrections: list = field(default_factory=list)   # typo fixes of the source (decisions.yml `corrections:`)
    rules: list = field(default_factory=list)
    report: dict = field(default_factory=dict)
    cover: list = field(default_factory=list)      # key figures of the year's cover page (cover.yml), with `line`
    files: list = field(default_factory=list)
    failed: set = field(default_factory=set)   # file stems and figure keys refused (their errors are reported)
    unrevised: list = field(default_factory=list)   # (page, line, year copied from) of each paragraph marked
                                                    # {{ unrevised("2023") }}: filled from the pages (site/context.py)
    unwritten: list = field(default_factory=list)   # (page, line) of each section marked {{ unwritten() }} (new-year)

    def refused(self, key: str) -> bool:
        """True when `key` is missing only because its file or entry has an error already reported."""
        return key in self.failed or key.split(".", 1)[0] in self.failed

    def unreported(self, derived: bool = False) -> list:
        """The figures not reported yet ("chưa báo cáo"), in file order: the ones an editor fills in (`value: null`,
        an indicator's actual or target), and with derived=True also the ones computed from them."""
        return [f for f in self.figures.values() if not f.reported and (derived or not f.derived)]

    def is_complete(self) -> bool:
        """True when every figure of the year is reported and every section of its pages written and revised (no
        {{ unwritten() }}, no {{ unrevised() }}: known once the pages are read, site/context.py make_context)."""
        return all(f.reported for f in self.figures.values()) and not self.unwritten and not self.unrevised


@dataclass
class Dataset:
    root: Path
    years: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)

    def latest(self) -> int | None:
        return max(self.years) if self.years else None

    def presented(self) -> int | None:
        """The year shown and printed by default: the newest year whose report is complete (figures and pages:
        Year.is_complete), else the newest."""
        complete = [y for y, data in self.years.items() if data.is_complete()]
        return max(complete) if complete else self.latest()

    def all_figures(self):
        for year in sorted(self.years):
            yield from self.years[year].figures.values()

