"""The daily recap from the booth app: the palette's export writes today's recap, Markdown or workbook."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from textual.widgets import Label

from eventdesk.ui.app import EventDeskApp
from eventdesk.ui.screens.export import ExportScreen
from tests.ui.conftest import STAFF, wait_until
from tests.unit.test_recap import NOW, known_show


async def written(app: EventDeskApp, pilot, kind: str) -> tuple[Path, str]:  # type: ignore[no-untyped-def]
    app.action_export(kind)
    await wait_until(pilot, lambda: isinstance(app.screen, ExportScreen) and app.screen.query("#export-result")
                     and "Written to" in str(app.screen.query_one("#export-result", Label).render()))
    text = str(app.screen.query_one("#export-result", Label).render())
    await pilot.press("escape")
    return Path(text.split("Written to ")[1].split()[0]), text


async def test_recap_from_the_palette(tmp_path: Path, samples: Path) -> None:
    show = await known_show(tmp_path / "booth.db", samples)
    app = EventDeskApp(show, staff_email=STAFF, now=NOW)
    async with app.run_test(size=(130, 40)) as pilot:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert {"Export: Daily recap (Markdown, today)", "Export: Daily recap (Excel workbook, today)"} <= set(titles)
        markdown, shown = await written(app, pilot, "recap")
        assert "Recap of Wed 11 Mar: leads 5/400" in shown
        book, _ = await written(app, pilot, "recap-xlsx")
    assert markdown.parent == show.parent / "exports" and markdown.suffix == ".md"
    assert "daily recap, Wednesday 11 March 2026 (day 2 of 3)" in markdown.read_text(encoding="utf-8")
    assert load_workbook(book)["Goals"]["B2"].value == 5 and book.stat().st_mode & 0o777 == 0o600
