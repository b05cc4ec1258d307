"""CRM export of 100,000 leads, against the sqlite3 command-line tool printing the same rows as CSV.

The baseline runs `sqlite3 -csv -header` on exactly the SELECT our export runs (same joins, same
mapped columns, same order), writing to a file; ours is the whole `export_crm` call (settings,
filters, count, query, the atomic 0600 file). Runs alternate, five of each; the figure is the median.
Budget (DESIGN §8): at most 2x the baseline, for every preset.
"""

from __future__ import annotations

import asyncio
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import BIG, cached_demo, machine, report  # noqa: E402

RUNS = 5
SQLITE3 = shutil.which("sqlite3") or "/usr/bin/sqlite3"


def baseline_sql(db: Path, preset: str) -> str:
    import json

    from eventdesk.domain.settings import from_dict
    from eventdesk.domain.times import zone
    from eventdesk.handoff.export import crm_query, read_only
    from eventdesk.handoff.presets import get_preset
    from eventdesk.store.event import EVENT_ID

    conn = read_only(db)
    settings = from_dict(json.loads(conn.execute("SELECT settings FROM event WHERE id = ?", (EVENT_ID,)).fetchone()[0]))
    questions = [(q.key, q.text) for q in settings.questions]
    _headers, exprs, body = crm_query(conn, get_preset(preset), settings.name, questions, zone(settings.timezone),
                                      "l.deleted = 0")
    conn.close()
    return f"SELECT {', '.join(exprs)} {body};"


def run_baseline(db: Path, sql: str, out: Path) -> float:
    started = time.perf_counter()
    with out.open("w") as handle:
        subprocess.run([SQLITE3, "-readonly", "-csv", "-header", str(db)], input=sql, text=True, stdout=handle,
                       check=True)
    return time.perf_counter() - started


async def run_ours(db: Path, preset: str, out: Path, excel: bool = False) -> tuple[float, int]:
    from eventdesk.handoff.export import export_crm
    from eventdesk.store.db import open_store

    async with await open_store(db, readonly=True) as store:
        started = time.perf_counter()
        result = await export_crm(store, preset, out, excel=excel)
        return time.perf_counter() - started, result.rows


def main() -> int:
    if not Path(SQLITE3).exists():
        print("bench_export: the sqlite3 command-line tool is needed for the baseline")
        return 2
    db = cached_demo(BIG)
    folder = Path(tempfile.mkdtemp(prefix="eventdesk-bench-export-"))
    print(f"export of {BIG:,} leads; {machine()}")
    failures = 0
    for preset in ("hubspot", "salesforce", "generic"):
        sql = baseline_sql(db, preset)
        ours, theirs, excel = [], [], []
        for _ in range(RUNS):
            seconds, rows = asyncio.run(run_ours(db, preset, folder / f"{preset}.csv"))
            assert rows == BIG, rows
            ours.append(seconds)
            theirs.append(run_baseline(db, sql, folder / f"{preset}-sqlite3.csv"))
            excel.append(asyncio.run(run_ours(db, preset, folder / f"{preset}-excel.csv", excel=True))[0])
        mine, base = statistics.median(ours), statistics.median(theirs)
        ratio = mine / base
        failures += ratio > 2.0
        figure = f"{mine:.2f} s (best {min(ours):.2f} s; with --excel {statistics.median(excel):.2f} s)"
        report(f"export crm --preset {preset}", figure, ratio, f"sqlite3 -csv {base:.2f} s (best {min(theirs):.2f} s)",
               ratio <= 2.0, "<= 2x")
    shutil.rmtree(folder, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
