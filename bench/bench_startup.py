"""Time to first screen on a 100,000-lead file, against a bare Textual app with the same widgets.

Method: both apps run headless under `App.run_test()` in this process, alternating, 7 runs each; the
time is from constructing the app to the first screen being mounted with its data shown (for eventdesk:
the Capture screen with the header counters and the last-scans table filled) and its footer keys drawn.
The bare app has the same widgets, stylesheet and footer keys (the app's and the Capture screen's
bindings). Budget: 1.3x.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from textual.widgets._footer import FooterKey  # noqa: E402

from bench.bare_app import BareApp  # noqa: E402
from bench.common import cached_demo, machine, median, report  # noqa: E402

RUNS = 7


async def bare() -> float:
    started = time.perf_counter()
    app = BareApp()
    async with app.run_test(size=(130, 40)) as pilot:
        while app.query_one("#recent").row_count < 15 or not app.screen.query(FooterKey):  # type: ignore[attr-defined]
            await pilot.pause(0.005)
    return time.perf_counter() - started


async def ours(path: Path) -> float:
    from textual.widgets import DataTable

    from eventdesk.ui.app import EventDeskApp

    started = time.perf_counter()
    app = EventDeskApp(path, staff_email="dana.reyes@example-vendor.com")
    async with app.run_test(size=(130, 40)) as pilot:
        while not (app.current_mode == "capture" and app.headline and app.screen.query(DataTable)
                   and app.screen.query_one("#recent", DataTable).row_count and app.screen.query(FooterKey)):
            await pilot.pause(0.005)
    return time.perf_counter() - started


async def main() -> None:
    path = cached_demo()
    import eventdesk.ui.app  # noqa: F401 - both apps start with their modules imported (Textual warm)

    await bare()
    bare_times, our_times = [], []
    for _ in range(RUNS):
        bare_times.append(await bare())
        our_times.append(await ours(path))
    b, o = median(bare_times), median(our_times)
    print(f"machine: {machine()}; method: run_test, median of {RUNS} alternating runs, 100,000-lead file")
    report("first screen", f"{o * 1000:.0f} ms", o / b, f"bare Textual app {b * 1000:.0f} ms", o / b <= 1.3, "1.3x")


if __name__ == "__main__":
    asyncio.run(main())
