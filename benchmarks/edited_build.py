"""Edit one figure's value, then become a strict build of the project: the build an editor runs after a change
(the cache holds everything but what the change touches). Used by benchmarks/run.py. The edit is made by this
script before it turns into `python -m mkdocs build` (exec, same process): its Python start, about 15 ms of CPU
with the standard library only, is counted in the build's time.

    python benchmarks/edited_build.py PROJECT SITE_DIR
"""
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from probe import _VALUE, editable_figures, newest_year  # noqa: E402

project, site = Path(sys.argv[1]), Path(sys.argv[2])
path, _name, line = editable_figures(project, newest_year(project))[0]
lines = path.read_text(encoding="utf-8").split("\n")
lines[line] = _VALUE.sub(lambda m: f"{m.group(1)}{int(m.group(2)) + 1}", lines[line])
path.write_text("\n".join(lines), encoding="utf-8")
cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(site)]
os.execv(cmd[0], cmd)
