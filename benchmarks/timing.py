"""Run a command several times and summarise: wall time and CPU time (user+sys of the child), median and spread."""
from __future__ import annotations

import os
import resource
import statistics
import subprocess
import time
from dataclasses import dataclass, field


@dataclass
class Sample:
    wall: float
    cpu: float


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


def summary(values: list) -> dict:
    """median, min, max, first and third quartile of a list of seconds (≥ 1 value)."""
    values = sorted(values)
    if len(values) >= 2:
        q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    else:
        q1 = q3 = values[0]
    return {"median": statistics.median(values), "min": values[0], "max": values[-1], "q1": q1, "q3": q3,
            "n": len(values)}


def run_once(cmd: list, cwd, env=None, timeout: float = 600) -> tuple[Sample, subprocess.CompletedProcess]:
    """Run cmd to completion; its wall time and the CPU time it (and its children) used."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Sample(wall, cpu), result


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
    return dict(os.environ, NO_MKDOCS_2_WARNING="1", **extra)
