"""Run a command several times and summarise: wall time, CPU time (user+sys) and peak memory (maximum resident set)
of the child process, median and spread."""
from __future__ import annotations

import math
import os
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Sample:
    wall: float
    cpu: float
    rss: float = math.nan      # peak resident memory of the process (and the children it waited for), MiB


@dataclass
class Series:
    """Timings of one measured thing; `note` replaces the numbers when it could not be measured."""
    name: str
    samples: list = field(default_factory=list)
    note: str = ""

    def walls(self) -> list:
        return [s.wall for s in self.samples]

    def cpus(self) -> list:
        return [s.cpu for s in self.samples]

    def rsss(self) -> list:
        return [s.rss for s in self.samples]


def summary(values: list) -> dict:
    """median, min, max, first and third quartile of a list of seconds (≥ 1 value)."""
    values = sorted(values)
    if len(values) >= 2:
        q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    else:
        q1 = q3 = values[0]
    return {"median": statistics.median(values), "min": values[0], "max": values[-1], "q1": q1, "q3": q3,
            "n": len(values)}


def run_once(cmd: list, cwd, env=None, timeout: float = 900) -> tuple[Sample, subprocess.CompletedProcess]:
    """Run cmd to completion: its wall time, and from the kernel's account of that one process (wait4) its CPU
    time and peak memory. Output goes through temporary files, so a talkative command cannot block."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err)
        guard = threading.Timer(timeout, proc.kill)
        guard.start()
        try:
            _pid, status, usage = os.wait4(proc.pid, 0)
        finally:
            guard.cancel()
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        result = subprocess.CompletedProcess(cmd, proc.returncode, out.read().decode("utf-8", "replace"),
                                             err.read().decode("utf-8", "replace"))
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024), result


class CommandFailed(RuntimeError):
    pass


def check(result: subprocess.CompletedProcess, what: str) -> None:
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-15:])
        raise CommandFailed(f"{what} failed (exit {result.returncode}):\n{tail}")


def interleaved(commands: dict, runs: int, warmup: int = 1) -> dict:
    """Time several commands in turns (A B A B ...), so load from other processes hits them alike.

    commands: {name: (cmd, cwd, env)}. Returns {name: Series}. A failing run raises CommandFailed.
    """
    series = {name: Series(name) for name in commands}
    for i in range(warmup + runs):
        for name, (cmd, cwd, env) in commands.items():
            sample, result = run_once(cmd, cwd, env)
            check(result, f"{name}: {' '.join(map(str, cmd))}")
            if i >= warmup:
                series[name].samples.append(sample)
    return series


def child_env(**extra) -> dict:
    """The environment of a measured command: as an editor's machine has it. Python writes its compiled modules
    (.pyc) there, so PYTHONDONTWRITEBYTECODE (set on some CI machines and sandboxes, which would make every run
    compile the package from source) is left out."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return dict(env, NO_MKDOCS_2_WARNING="1", **extra)
