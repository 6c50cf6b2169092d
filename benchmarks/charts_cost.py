"""Build cost of the dashboard charts: `.venv/bin/python benchmarks/charts_cost.py [RUNS]`.
Strict builds, interleaved: the real site, and a copy whose pages have no chart() calls.
Median of wall time and of CPU time (user+sys of the build process; less sensitive to other load)."""
import re, resource, shutil, statistics, subprocess, sys, tempfile, time
from pathlib import Path
ROOT = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).resolve().parent.parent; N = int(sys.argv[1]) if len(sys.argv) > 1 else 7
def copy(dest, strip):
    for n in ("docs", "data", "macros", "overrides"):
        shutil.copytree(ROOT / n, dest / n, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    if strip:
        for md in (dest / "docs").rglob("*.md"):
            t = md.read_text(encoding="utf-8")
            md.write_text(re.sub(r'\{\{\s*chart\([^)]*\)\s*\}\}', "", t), encoding="utf-8")
    return dest
def once(project):
    with tempfile.TemporaryDirectory() as site:
        before = resource.getrusage(resource.RUSAGE_CHILDREN); t = time.perf_counter()
        r = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", site], cwd=project,
                           capture_output=True, text=True)
        wall = time.perf_counter() - t; after = resource.getrusage(resource.RUSAGE_CHILDREN)
        assert r.returncode == 0, r.stderr
        return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
with tempfile.TemporaryDirectory() as tmp:
    a = copy(Path(tmp) / "with", False); b = copy(Path(tmp) / "without", True)
    once(a); once(b)                                   # warm-up
    res = {"with": [], "without": []}
    for _ in range(N):
        res["without"].append(once(b)); res["with"].append(once(a))
    med = {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v)) for k, v in res.items()}
    for k, v in res.items():
        print(f"{k:8} charts: wall median {med[k][0]:.3f} s, cpu median {med[k][1]:.3f} s; walls {sorted(round(w, 3) for w, _ in v)}")
    dw = med["with"][0] - med["without"][0]; dc = med["with"][1] - med["without"][1]
    print("min wall: with %.3f s, without %.3f s" % (min(w for w, _ in res["with"]), min(w for w, _ in res["without"])))
    print(f"charts add: wall {dw:+.3f} s ({100 * dw / med['without'][0]:+.1f}%), cpu {dc:+.3f} s ({100 * dc / med['without'][1]:+.1f}%)")
