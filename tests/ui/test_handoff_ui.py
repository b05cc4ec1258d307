"""Handoff from the booth app: exports through the palette's screen, and the QR screen."""

from __future__ import annotations

import csv
from pathlib import Path

from textual.widgets import Label, Static

from eventdesk.handoff.qr import booth_url
from eventdesk.ui.app import EventDeskApp
from eventdesk.ui.screens.export import ExportScreen
from tests.ui.conftest import STAFF, burst, key_events, wait_until


async def test_export_writes_the_file_and_shows_where(sample_event: Path) -> None:
    app = EventDeskApp(sample_event, staff_email=STAFF)
    async with app.run_test(size=(130, 40)) as pilot:
        burst(app, key_events("chidi.okafor@brightwave.io"))
        await wait_until(pilot, lambda: getattr(app.screen, "saved", 0) >= 1)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Export: CRM CSV for Salesforce" in titles and "QR: booth landing page" in titles
        app.action_export("salesforce")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportScreen) and app.screen.query("#export-result")
                         and "Written to" in str(app.screen.query_one("#export-result", Label).render()))
        text = str(app.screen.query_one("#export-result", Label).render())
    written = Path(text.split("Written to ")[1].split()[0])
    assert written.parent == sample_event.parent / "exports" and written.stat().st_mode & 0o777 == 0o600
    with written.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 1 and rows[0]["Company"] == "Brightwave Energy" and rows[0]["Email Opt Out"]


async def test_booth_qr_screen_draws_and_decodes(sample_event: Path) -> None:
    import zxingcpp
    from PIL import Image

    app = EventDeskApp(sample_event, staff_email=STAFF)
    async with app.run_test(size=(130, 60)) as pilot:
        app.action_qr_booth()
        await wait_until(pilot, lambda: type(app.screen).__name__ == "QrScreen" and app.screen.lines)
        await pilot.pause(0.1)
        lines = app.screen.lines
        assert "too small" not in str(app.screen.query_one("#qr-code", Static).render())
        url = booth_url(app.settings)  # type: ignore[arg-type]
    # Turn the half blocks back into pixels and decode them: what the screen shows is the right code.
    height, width = len(lines) * 2, len(lines[0])
    image = Image.new("L", (width * 4, height * 4), 255)
    for y, line in enumerate(lines):
        for x, ch in enumerate(line):
            for dy, dark in ((0, ch in "█▀"), (1, ch in "█▄")):
                if dark:
                    image.paste(0, (x * 4, (2 * y + dy) * 4, x * 4 + 4, (2 * y + dy) * 4 + 4))
    assert [r.text for r in zxingcpp.read_barcodes(image)] == [url]


async def test_qr_says_when_the_terminal_is_too_small(sample_event: Path) -> None:
    app = EventDeskApp(sample_event, staff_email=STAFF)
    async with app.run_test(size=(40, 15)) as pilot:
        app.action_qr_booth()
        await wait_until(pilot, lambda: type(app.screen).__name__ == "QrScreen" and app.screen.lines)
        await pilot.pause(0.1)
        assert "too small" in str(app.screen.query_one("#qr-code", Static).render())
