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


async def test_merge_from_the_palette_while_scanning(sample_event: Path, samples: Path) -> None:
    """Two other laptops in an `incoming` folder: merged one by one from the palette; a scan made meanwhile
    is saved too, the other files are not written, and the booth's own file ends with every lead."""
    import hashlib

    from textual.widgets import Input

    from eventdesk.capture.service import CaptureService
    from eventdesk.store.db import open_store
    from eventdesk.store.event import load_settings
    from tests.ui.conftest import build_sample_event

    incoming = sample_event.parent / "incoming"
    incoming.mkdir()
    for laptop in (2, 3):
        other = await build_sample_event(incoming / f"laptop{laptop}.db", samples)
        async with await open_store(other) as store:
            service = CaptureService(store, await load_settings(store))
            for n in range(40):
                await service.capture(f"visitor{n}.laptop{laptop}@example.org")
            await service.capture("shared.visitor@example.org")  # seen at every laptop: one lead after the merge
    digests = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in incoming.glob("*.db")}
    app = EventDeskApp(sample_event, staff_email=STAFF)
    async with app.run_test(size=(130, 40)) as pilot:
        assert "Merge: other laptops' files" in [c.title for c in app.get_system_commands(app.screen)]
        burst(app, key_events("shared.visitor@example.org"))
        await wait_until(pilot, lambda: getattr(app.screen, "saved", 0) >= 1)
        capture = app.screen
        app.action_merge()
        await wait_until(pilot, lambda: type(app.screen).__name__ == "MergeScreen" and app.screen.query("#merge-paths"))
        field = app.screen.query_one("#merge-paths", Input)
        assert field.value == str(incoming)  # the incoming folder beside the event file is offered
        await pilot.press("enter", "escape")  # the merge goes on behind; the booth scans meanwhile
        assert app.screen is capture
        burst(app, key_events("walk.up.during.merge@example.org"))
        await wait_until(pilot, lambda: getattr(capture, "saved", 0) >= 2)
        await wait_until(pilot, lambda: any("Merged 2 files" in n.message for n in app._notifications))
        shown = next(n.message for n in app._notifications if "Merged 2 files" in n.message)
    assert "laptop2.db: " in shown and "laptop3.db: " in shown and "people joined" in shown
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in incoming.glob("*.db")} == digests
    async with await open_store(sample_event) as store:
        assert await store.scalar("SELECT count(*) FROM leads WHERE deleted = 0") == 40 + 40 + 1 + 1
        assert await store.scalar("SELECT count(*) FROM touches t JOIN leads l ON l.id = t.lead_id "
                                  "WHERE l.email = 'shared.visitor@example.org' AND t.deleted = 0") == 3


async def test_merge_refuses_a_foreign_file_before_writing(sample_event: Path) -> None:
    from textual.widgets import Input

    stray = sample_event.parent / "notes.db"
    stray.write_bytes(b"not a database, just a file someone named .db" * 40)
    before = sample_event.read_bytes()
    app = EventDeskApp(sample_event, staff_email=STAFF)
    async with app.run_test(size=(130, 40)) as pilot:
        app.action_merge()
        await wait_until(pilot, lambda: type(app.screen).__name__ == "MergeScreen" and app.screen.query("#merge-paths"))
        await pilot.press(*str(sample_event.parent), "enter")  # the folder: the event's own file is left out
        result = app.screen.query_one("#merge-result", Label)
        await wait_until(pilot, lambda: "Not merged" in str(result.render()))
        assert "notes.db" in str(result.render()) and not app.screen.query_one("#merge-paths", Input).disabled
    assert sample_event.read_bytes() == before
