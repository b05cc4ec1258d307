"""Shared benchmark helpers: the cached 100k demo file, timing, and the report line."""

from __future__ import annotations

import asyncio
import os
import platform
import shutil
import statistics
import tempfile
from pathlib import Path

BIG = 100_000


def cached_demo(leads: int = BIG) -> Path:
    """A demo event file with `leads` leads, built once per machine and copied for each benchmark."""
    from eventdesk.demo import build_demo

    cache = Path(tempfile.gettempdir()) / f"eventdesk-bench-{leads}.db"
    if not cache.exists():
        asyncio.run(build_demo(cache, leads=leads, seed=7))
    return cache


def fresh_copy(source: Path, name: str) -> Path:
    """A private copy of a (checkpointed, closed) event file, so each benchmark starts from the same state."""
    target = Path(tempfile.mkdtemp(prefix="eventdesk-bench-")) / name
    shutil.copyfile(source, target)
    os.chmod(target, 0o600)
    return target


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def median(values: list[float]) -> float:
    return statistics.median(values)


def machine() -> str:
    return f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def report(name: str, figure: str, ratio: float, baseline: str, ok: bool, budget: str) -> None:
    print(f"{name}: {figure} | baseline {baseline} | ratio {ratio:.2f}x | budget {budget} | "
          f"{'PASS' if ok else 'FAIL'}")
