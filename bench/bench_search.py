"""Search as you type over 100,000 leads: each keystroke's page of results, against the same FTS5 query
timed inside the sqlite3 command-line tool (`.timer on`) on the same file. Budget: 30 ms per keystroke."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import cached_demo, machine, median, percentile, report  # noqa: E402

WORDS = ("lindqvist", "okafor", "brightwave", "logistics", "hanse", "maria")


def keystrokes() -> list[str]:
    return [word[:n] for word in WORDS for n in range(1, len(word) + 1)]


async def ours(path: Path) -> list[float]:
    from eventdesk.store.db import open_store
    from eventdesk.store.lead_pages import count_and_position, page

    times = []
    async with await open_store(path, readonly=True) as store:
        for text in keystrokes():
            started = time.perf_counter()
            await page(store, size=100, search=text)
            await count_and_position(store, None, search=text)  # the first page: no position query
            times.append((time.perf_counter() - started) * 1000)
    return times


def sqlite_cli(path: Path) -> list[float]:
    from eventdesk.store.leads import fts_query

    script = [".timer on"]
    for text in keystrokes():
        query = (fts_query(text) or "").replace("'", "''")
        script.append(f"SELECT id FROM leads WHERE rowid IN (SELECT rowid FROM leads_fts WHERE leads_fts MATCH "
                      f"'{query}') AND deleted = 0 ORDER BY captured_at DESC, id DESC LIMIT 101;")
    out = subprocess.run(["sqlite3", "-readonly", str(path)], input="\n".join(script), capture_output=True,
                         text=True, check=True).stdout
    return [float(m) * 1000 for m in re.findall(r"Run Time: real ([0-9.]+)", out)]


def main() -> None:
    path = cached_demo()
    ours_ms, cli_ms = asyncio.run(ours(path)), sqlite_cli(path)
    print(f"machine: {machine()}; {len(ours_ms)} keystrokes over 100,000 leads (page of 100 + count)")
    print(f"eventdesk: median {median(ours_ms):.1f} ms, p95 {percentile(ours_ms, 0.95):.1f} ms, "
          f"max {max(ours_ms):.1f} ms")
    print(f"sqlite3 CLI (page query only): median {median(cli_ms):.1f} ms")
    report("search per keystroke", f"median {median(ours_ms):.1f} ms", median(ours_ms) / max(median(cli_ms), 0.01),
           f"sqlite3 {median(cli_ms):.1f} ms", percentile(ours_ms, 0.95) <= 30, "30 ms")


if __name__ == "__main__":
    main()
