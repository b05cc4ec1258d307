"""Daily recap on the 100,000-lead demo file: gathering the numbers, Markdown, the workbook, and the whole
`eventdesk report` command, against the one grouped count over the leads that any recap needs at least
(rating by stage through the day), run with Python's sqlite3 on the same file in the same run."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import cached_demo, fresh_copy, machine, median, report  # noqa: E402

ROUNDS = 5
BASELINE = "SELECT rating, stage, count(*) FROM leads WHERE deleted = 0 AND captured_at < ? GROUP BY 1, 2"


async def ours(path: Path, out: Path) -> tuple[list[float], list[float], list[float], str]:
    from eventdesk.domain.times import to_stored, utc_now, zone
    from eventdesk.handoff.recap import build_recap, day_bounds
    from eventdesk.handoff.recap_md import render_markdown
    from eventdesk.handoff.recap_xlsx import write_workbook
    from eventdesk.store.db import open_store
    from eventdesk.store.event import load_settings

    gather, markdown, workbook = [], [], []
    async with await open_store(path) as store:
        settings = await load_settings(store)
        now = utc_now()
        day = now.astimezone(zone(settings.timezone)).date()
        for _ in range(ROUNDS):
            started = time.perf_counter()
            recap = await build_recap(store, settings, day, now)
            gather.append(time.perf_counter() - started)
            started = time.perf_counter()
            render_markdown(recap)
            markdown.append(time.perf_counter() - started)
            started = time.perf_counter()
            write_workbook(recap, settings.timezone, out)
            workbook.append(time.perf_counter() - started)
        end = to_stored(day_bounds(day, settings)[1])
    return gather, markdown, workbook, end


def baseline(path: Path, end: str) -> list[float]:
    times = []
    with sqlite3.connect(path) as conn:
        for _ in range(ROUNDS):
            started = time.perf_counter()
            conn.execute(BASELINE, (end,)).fetchall()
            times.append(time.perf_counter() - started)
    return times


def command(path: Path, out: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "eventdesk", "report", "--db", str(path), "-o", str(out)], check=True,
                   capture_output=True)
    return time.perf_counter() - started


def main() -> int:
    path = fresh_copy(cached_demo(), "recap.db")
    folder = Path(tempfile.mkdtemp(prefix="eventdesk-bench-recap-"))
    gather, markdown, workbook, end = asyncio.run(ours(path, folder / "recap.xlsx"))
    base = median(baseline(path, end))
    print(f"machine: {machine()}; 100,000-lead demo file, median of {ROUNDS}")
    g, m, w = median(gather), median(markdown), median(workbook)
    report("recap: gather the numbers", f"{g * 1000:.0f} ms", g / base, f"one grouped count {base * 1000:.0f} ms",
           g < 1.0, "< 1 s")
    print(f"  Markdown {m * 1000:.1f} ms, workbook {w * 1000:.0f} ms; "
          f"`eventdesk report -o recap.md` {command(path, folder / 'recap.md'):.2f} s, "
          f"`-o recap.xlsx` {command(path, folder / 'recap.xlsx'):.2f} s (both with Python's start)")
    return 0 if g < 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
