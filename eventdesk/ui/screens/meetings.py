"""Meetings: the show's schedule per rep and room, with conflicts flagged."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from eventdesk.domain.conflicts import find_conflicts
from eventdesk.domain.times import from_stored, utc_now
from eventdesk.ui.screens.base import BoothScreen


class MeetingsScreen(BoothScreen):
    WATCHES = frozenset({"meetings"})

    def compose_body(self) -> ComposeResult:
        yield Static("", id="next-up", classes="panel-title")
        yield DataTable(id="meetings", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("", "when", "meeting", "rep", "room", "with", "status")
        self.query_one(DataTable).focus()

    @work(exclusive=True, group="meetings")
    async def reload(self) -> None:
        from eventdesk.store.meetings import list_meetings

        meetings = await list_meetings(self.store)
        clashing = {c.first for c in find_conflicts(meetings)} | {c.second for c in find_conflicts(meetings)}
        now = utc_now()
        tz = self.app.tz  # type: ignore[attr-defined]
        table = self.query_one(DataTable)
        table.clear()
        upcoming = None
        for m in meetings:
            start, end = from_stored(m.start), from_stored(m.end)
            mark = "now" if start <= now < end else ""
            if upcoming is None and start > now and m.status == "scheduled":
                upcoming, mark = m, "next"
            if m.id in clashing:
                mark = (mark + " ⚠").strip()
            who = " / ".join(p for p in (m.lead_name, m.account_name) if p)
            table.add_row(mark, f"{start.astimezone(tz):%a %H:%M}-{end.astimezone(tz):%H:%M}", m.title,
                          m.rep_name or "", m.location, who, m.status, key=m.id)
        if upcoming:
            minutes = int((from_stored(upcoming.start) - now).total_seconds() // 60)
            text = f"Next: {upcoming.title} with {upcoming.rep_name} in {upcoming.location} (in {minutes} min)"
        else:
            text = "No more scheduled meetings"
        if clashing:
            text += f"   ⚠ {len(clashing)} meetings in conflict"
        self.query_one("#next-up", Static).update(text)
