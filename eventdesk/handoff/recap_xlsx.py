"""The daily recap as an Excel workbook: one sheet per table, every value typed, nothing a formula.

Counts are numbers and times are real date-times (in the event's local time: Excel has no time zones,
so the Summary sheet names the zone). Text from lead data that starts with '=' would be written by
openpyxl as a formula; such cells are forced to text, so the workbook never computes anything.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from eventdesk.handoff.csvwrite import atomic_file
from eventdesk.handoff.recap import Recap

# sheet name -> header; recap_sheets() gives the rows in the same order.
SHEETS: dict[str, tuple[str, ...]] = {
    "Goals": ("goal", "reached", "that day", "target", "should be by then", "pace"),
    "Ratings": ("rating", "that day", "through the day"),
    "Stages": ("stage", "what it means", "that day", "through the day"),
    "Accounts": ("account", "tier", "owner", "people", "that day", "meetings held", "reached"),
    "Meetings": ("start", "meeting", "rep", "account", "room", "status", "outcome"),
    "Reps": ("rep", "team", "leads that day", "hot leads owned", "meetings held", "no-shows", "open follow-ups",
             "overdue follow-ups", "open asks"),
    "Follow-ups and asks": ("kind", "who", "asked by", "about", "what", "due", "overdue", "status", "note",
                            "reply"),
}


def _local(moment: datetime | None) -> datetime | None:
    return moment.replace(tzinfo=None) if moment else None


def recap_sheets(recap: Recap) -> dict[str, list[tuple[Any, ...]]]:
    """The workbook's rows per sheet, as the values they are (tests compare a read-back workbook to these)."""
    return {
        "Goals": [(g.label, g.actual, g.today, g.goal, g.expected, g.pace) for g in recap.goals],
        "Ratings": [tuple(r) for r in recap.ratings],
        "Stages": [tuple(s) for s in recap.stages],
        "Accounts": [(a.name, a.tier, a.owner, a.leads, a.leads_today, a.meetings_held, a.reached)
                     for a in recap.accounts],
        "Meetings": [(_local(m.start), m.title, m.rep, m.account, m.location, m.status, m.outcome)
                     for m in recap.meetings],
        "Reps": [(r.name, r.role, r.leads_today, r.hot_owned, r.meetings_held, r.no_shows, r.open_followups,
                  r.overdue_followups, r.open_asks) for r in recap.reps],
        "Follow-ups and asks": [(t.kind, t.owner, t.asked_by, t.about, t.action, _local(t.due), t.overdue, t.status,
                                 t.note, t.reply) for t in recap.tasks],
    }


def summary_rows(recap: Recap, timezone: str) -> list[tuple[str, Any]]:
    return [
        ("event", recap.event), ("venue", recap.venue), ("day", recap.day),
        ("show day", recap.day_number), ("show days", recap.show_days),
        ("numbers as of", _local(recap.as_of)), ("time zone", timezone),
        ("open hours gone", recap.open_share),
        ("follow-ups open", recap.open_followups), ("follow-ups overdue", recap.overdue_followups),
        ("asks open", recap.open_asks), ("asks overdue", recap.overdue_asks),
        ("asks answered that day", recap.answered_asks_today),
    ]


def _append(sheet, values: Iterable[Any]) -> None:  # type: ignore[no-untyped-def]
    row = sheet.max_row + 1 if sheet.max_row > 1 or sheet.cell(1, 1).value is not None else 1
    for column, value in enumerate(values, 1):
        cell = sheet.cell(row, column, "" if value is None else value)
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"   # openpyxl took it for a formula: lead data is never run
        elif isinstance(value, datetime):
            cell.number_format = "yyyy-mm-dd hh:mm"
        elif isinstance(value, date):
            cell.number_format = "yyyy-mm-dd"


def _sheet(book, title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:  # type: ignore[no-untyped-def]
    from openpyxl.styles import Font

    sheet = book.create_sheet(title)
    _append(sheet, header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in rows:
        _append(sheet, row)
    for column, name in enumerate(header, 1):   # wide enough to read, without measuring every cell
        longest = max([len(name), *(len(str(c.value)) for c in sheet[sheet.cell(1, column).column_letter][1:50])])
        sheet.column_dimensions[sheet.cell(1, column).column_letter].width = min(60, max(8, longest + 2))


def write_workbook(recap: Recap, timezone: str, path: str | os.PathLike[str]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    summary = book.active
    summary.title = "Summary"
    for row in summary_rows(recap, timezone):
        _append(summary, row)
    summary.column_dimensions["A"].width = 24
    summary.column_dimensions["B"].width = 40
    for label, value in summary.iter_rows(min_col=1, max_col=2):
        if label.value == "open hours gone":
            value.number_format = "0%"
    for title, rows in recap_sheets(recap).items():
        _sheet(book, title, SHEETS[title], rows)
    target = Path(path).expanduser()
    with atomic_file(target, binary=True) as handle:
        book.save(handle)
    return target
