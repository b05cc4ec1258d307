"""Goals dashboard refresh after a new scan on a 100,000-lead file: the queries the Goals screen and the
header run (from the trigger-kept counters) against recounting the leads table for the same numbers."""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import cached_demo, fresh_copy, machine, median, report  # noqa: E402

ROUNDS = 10
RECOUNT = (
    "SELECT count(*), sum(rating = 'hot') FROM leads WHERE deleted = 0",
    "SELECT stage, count(*) FROM leads WHERE deleted = 0 GROUP BY stage",
    "SELECT substr(captured_at, 1, 13), count(*) FROM leads WHERE deleted = 0 GROUP BY 1",
    "SELECT captured_by, count(*) FROM leads WHERE deleted = 0 GROUP BY 1",
    "SELECT count(DISTINCT l.account_id) FROM leads l JOIN accounts a ON a.id = l.account_id WHERE a.tier = 1 "
    "AND l.deleted = 0",
)


async def run(path: Path) -> tuple[list[float], list[float]]:
    from zoneinfo import ZoneInfo

    from eventdesk.capture.service import CaptureService
    from eventdesk.domain.times import utc_now
    from eventdesk.store.dashboard import funnel, leads_per_hour, per_rep
    from eventdesk.store.db import open_store
    from eventdesk.store.event import load_settings
    from eventdesk.store.summary import headline

    ours, recount = [], []
    async with await open_store(path) as store:
        settings = await load_settings(store)
        service = CaptureService(store, settings)
        for n in range(ROUNDS):
            await service.capture(f"dash{n}@bench-dashboard.example")
            started = time.perf_counter()
            await headline(store)
            await funnel(store, settings.stages)
            await leads_per_hour(store, ZoneInfo(settings.timezone))
            await per_rep(store, utc_now())
            ours.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            for sql in RECOUNT:
                await store.all(sql)
            recount.append((time.perf_counter() - started) * 1000)
    return ours, recount


def main() -> None:
    ours, recount = asyncio.run(run(fresh_copy(cached_demo(), "dash.db")))
    print(f"machine: {machine()}; {ROUNDS} scans, dashboard refreshed after each, 100,000 leads")
    report("dashboard refresh", f"median {median(ours):.1f} ms", median(ours) / median(recount),
           f"recount of leads {median(recount):.1f} ms", median(ours) <= 50, "no recount of 100k rows per scan")


if __name__ == "__main__":
    main()
