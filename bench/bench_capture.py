"""Scan committed after Enter, on a 100,000-lead file: median and p99, against a bare INSERT+commit.

Both run on the same file with the same durability settings (WAL, synchronous=FULL). Budget: 5 ms median.
"""

from __future__ import annotations

import asyncio
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import cached_demo, fresh_copy, machine, median, percentile, report  # noqa: E402

SCANS = 300


def bare_inserts(path: Path) -> list[float]:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    times = []
    for i in range(SCANS):
        started = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO meta(key, value) VALUES (?, ?)", (f"bench-{i}", "x" * 200))
        conn.execute("COMMIT")
        times.append((time.perf_counter() - started) * 1000)
    conn.close()
    return times


async def captures(path: Path) -> list[float]:
    from eventdesk.capture.service import CaptureService
    from eventdesk.store.db import open_store
    from eventdesk.store.event import load_settings

    times = []
    async with await open_store(path) as store:
        service = CaptureService(store, await load_settings(store))
        for i in range(SCANS):
            payload = (f"MECARD:N:Bench{i},Visitor;ORG:Benchmark Freight {i};EMAIL:visitor{i}@bench-freight.example;"
                       f"TEL:+49 30 5550{i:04d};;")
            started = time.perf_counter()
            result = await service.capture(payload)
            times.append((time.perf_counter() - started) * 1000)
            assert result.outcome == "new", result.message
    return times


def main() -> None:
    source = cached_demo()
    base = bare_inserts(fresh_copy(source, "bare.db"))
    ours = asyncio.run(captures(fresh_copy(source, "ours.db")))
    print(f"machine: {machine()}; {SCANS} scans on a 100,000-lead file")
    print(f"bare INSERT+commit: median {median(base):.2f} ms, p99 {percentile(base, 0.99):.2f} ms")
    print(f"eventdesk capture:  median {median(ours):.2f} ms, p99 {percentile(ours, 0.99):.2f} ms")
    report("scan committed", f"median {median(ours):.2f} ms", median(ours) / median(base),
           f"{median(base):.2f} ms", median(ours) <= 5.0, "5 ms median")


if __name__ == "__main__":
    main()
