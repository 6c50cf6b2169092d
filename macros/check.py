"""`python -m macros check`: every data file, every rule and every figure a page asks for — no site build."""
from __future__ import annotations

import sys
import time
from pathlib import Path

from . import dataset, usage
from .errors import DataError, format_errors


def add_arguments(parser) -> None:
    parser.add_argument("--docs", type=Path, default=None, help="thư mục trang (mặc định: docs/)")


def page_errors(ds: dataset.Dataset, docs_dir: Path) -> list[DataError]:
    """Figures that pages ask for but the data does not have."""
    errors = []
    for key, places in sorted(usage.scan(docs_dir, ds.years, ds.latest()).items()):
        year, local = int(key[:4]), key[5:]
        try:
            dataset.find_figure(ds, year, local)
        except dataset.LookupFailed as exc:
            for src, line in places:
                errors.append(DataError(f"docs/{src}", line, None, local, str(exc).split(" / ")[0],
                                        f"Figure '{local}' not found.",
                                        "Sửa khoá trên trang, hoặc thêm số liệu vào tệp dữ liệu."))
    return errors


def run(args) -> int:
    start = time.perf_counter()
    root = args.root
    ds = dataset.load(root)
    errors = list(ds.errors)
    docs = args.docs or root / "docs"
    if not ds.errors and docs.is_dir():
        errors += page_errors(ds, docs)
    elapsed = time.perf_counter() - start
    if errors:
        print(format_errors(errors), file=sys.stderr)
        return 1
    count = sum(1 for _ in ds.all_figures())
    years = ", ".join(str(y) for y in sorted(ds.years))
    print(f"Dữ liệu hợp lệ / data OK: {count} số liệu, năm {years}, "
          f"{sum(len(y.rules) for y in ds.years.values())} quy tắc ({elapsed:.2f} s).")
    return 0
