"""Meetings: the show's schedule per day, rep and room, "now" and "next" marked, conflicts flagged;
each rep's next meeting on top; book, edit, log outcomes and read the brief from the keyboard."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from eventdesk.domain.conflicts import Conflict, find_conflicts, room_key
from eventdesk.domain.models import Meeting
from eventdesk.domain.times import from_stored
from eventdesk.ui.screens.base import BoothScreen
from eventdesk.ui.widgets.next_meetings import NextMeetings, with_whom

# Fixed widths keep the schedule readable at 120-130 columns; the line under the table shows a row in full.
COLUMNS = (("", 10), ("when", 15), ("meeting", 34), ("rep", 15), ("room", 14), ("with", 18), ("status", 9))
STATUS_STYLE = {"scheduled": "", "done": "dim", "no-show": "yellow", "cancelled": "dim strike"}


@dataclass(frozen=True)
class Schedule:
    meetings: list[Meeting]
    next_up: list[Meeting]  # each rep's meeting under way or next


@dataclass
class Filters:
    day: date | None = None      # None: every day
    rep: tuple[str, str] | None = None   # (rep id, name)
    room: str | None = None

    def keep(self, meeting: Meeting, tz) -> bool:  # type: ignore[no-untyped-def]
        return ((self.day is None or from_stored(meeting.start).astimezone(tz).date() == self.day)
                and (self.rep is None or meeting.rep_id == self.rep[0])
                and (self.room is None or room_key(meeting.location) == room_key(self.room)))


def marks(meetings: list[Meeting], now: datetime) -> dict[str, str]:
    """'now' for every scheduled meeting under way, 'next' for the first scheduled one after `now`."""
    out = {}
    for m in meetings:
        if m.status == "scheduled" and from_stored(m.start) <= now < from_stored(m.end):
            out[m.id] = "now"
    upcoming = [m for m in meetings if m.status == "scheduled" and from_stored(m.start) > now]
    if upcoming:
        first = min(from_stored(m.start) for m in upcoming)
        out.update({m.id: "next" for m in upcoming if from_stored(m.start) == first})
    return out


def cycle(options: list, current):  # type: ignore[no-untyped-def, type-arg]
    """The option after `current` in [None, *options] (None: no filter), wrapping round."""
    ring = [None, *options]
    return ring[(ring.index(current) + 1) % len(ring)] if current in ring else None


class MeetingsScreen(BoothScreen):
    WATCHES = frozenset({"meetings", "leads", "accounts", "reps"})
    BINDINGS = [
        Binding("enter", "brief", "Brief", id="brief", show=False),
        Binding("b", "book", "Book", id="book"),
        Binding("e", "edit", "Edit", id="edit"),
        Binding("o", "outcome", "Outcome", id="outcome"),
        Binding("d", "cycle_day", "Day", id="day"),
        Binding("r", "cycle_rep", "Rep", id="rep"),
        Binding("l", "cycle_room", "Room", id="room"),
        Binding("n", "jump_now", "Now", id="now"),
    ]
    # No DEFAULT_CSS (see widgets/next_meetings.py): the clash line is styled by its text.

    def __init__(self) -> None:
        super().__init__()
        # The schedule is fetched while Textual builds the screen, so its first frame already shows it.
        self.prefetch: asyncio.Task[Schedule] = asyncio.create_task(self.fetch())
        self.prefetched = False

    def compose_body(self) -> ComposeResult:
        yield NextMeetings(self.app.tz, self.app.now, id="next-meetings")  # type: ignore[attr-defined]
        yield Static("", id="meetings-filter", classes="panel-title")
        yield DataTable(id="meetings", cursor_type="row", zebra_stripes=True)
        yield Static("", id="meeting-detail")

    async def on_mount(self) -> None:
        self.filters = Filters(day=self._today())
        self.meetings: list[Meeting] = []
        self.shown: list[Meeting] = []
        self.conflicts: list[Conflict] = []
        self.loaded = False
        table = self.query_one(DataTable)
        for label, width in COLUMNS:
            table.add_column(label, width=width)
        table.focus()
        self.query_one("#meeting-detail").styles.padding = (0, 1)
        self.apply(await self.prefetch)
        self.prefetched = True  # the reload that follows on_mount has nothing new to fetch

    def _show_days(self) -> list[date]:
        settings = self.app.settings  # type: ignore[attr-defined]
        days = {from_stored(m.start).astimezone(self.app.tz).date() for m in self.meetings}  # type: ignore[attr-defined]
        if settings and settings.start and settings.end:
            day = settings.start
            while day <= settings.end:
                days.add(day)
                day += timedelta(days=1)
        return sorted(days)

    def _today(self) -> date | None:
        today = self.app.now().astimezone(self.app.tz).date()  # type: ignore[attr-defined]
        settings = self.app.settings  # type: ignore[attr-defined]
        if settings and settings.start and settings.end and not settings.start <= today <= settings.end:
            return None
        return today

    # --- data --------------------------------------------------------------------------------------------------
    async def fetch(self) -> Schedule:
        from eventdesk.store.meetings import list_meetings, next_per_rep

        meetings = await list_meetings(self.store)  # one query: the panel's next meetings come from the same list
        return Schedule(meetings, next_per_rep(meetings, self.app.now()))  # type: ignore[attr-defined]

    @work(exclusive=True, group="meetings")
    async def reload(self) -> None:
        if self.prefetched:
            self.prefetched = False
            return
        self.apply(await self.fetch())

    def apply(self, schedule: Schedule) -> None:
        self.meetings = schedule.meetings
        self.conflicts = find_conflicts(self.meetings)
        self.query_one(NextMeetings).show(schedule.next_up)
        self._show()
        if not self.loaded:
            self.action_jump_now()  # opened: the cursor starts on what is happening now, or next
        self.loaded = True

    def on_next_meetings_stale(self, message: NextMeetings.Stale) -> None:
        self.reload()  # a meeting has ended: the panel and the now/next marks move on

    def _show(self) -> None:
        tz = self.app.tz  # type: ignore[attr-defined]
        table = self.query_one(DataTable)
        selected = self.selected()
        table.clear()
        self.shown = [m for m in self.meetings if self.filters.keep(m, tz)]
        mark = marks(self.meetings, self.app.now())  # type: ignore[attr-defined]
        clash = self._clash_reasons()
        for m in self.shown:
            start, end = from_stored(m.start).astimezone(tz), from_stored(m.end).astimezone(tz)
            label = Text(mark.get(m.id, ""), style="bold green" if mark.get(m.id) == "now" else "bold yellow")
            if m.id in clash:
                label.append((" " if label else "") + "⚠ " + "+".join(sorted(clash[m.id])), style="bold red")
            people = " / ".join(p for p in (m.lead_name, m.account_name) if p)
            style = STATUS_STYLE.get(m.status, "")
            table.add_row(label, f"{start:%a %H:%M}-{end:%H:%M}", Text(m.title, style=style), m.rep_name or "",
                          m.location, people, Text(m.status, style=style), key=m.id)
        if selected and selected in {m.id for m in self.shown}:
            table.move_cursor(row=table.get_row_index(selected))
        self._show_filters(clash)
        self._show_detail()

    def _clash_reasons(self) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for c in self.conflicts:
            for meeting_id in (c.first, c.second):
                out.setdefault(meeting_id, set()).add(c.reason.removeprefix("same "))
        return out

    def _show_filters(self, clash: dict[str, set[str]]) -> None:
        f = self.filters
        day = f"{f.day:%a %d %b}" if f.day else "all days"
        parts = [day, f.rep[1] if f.rep else "all reps", f.room or "all rooms"]
        count = f"{len(self.shown)} meeting{'s' if len(self.shown) != 1 else ''}"
        warn = f"   ⚠ {len(clash)} meetings in conflict" if clash else ""
        self.query_one("#meetings-filter", Static).update(
            f"{' · '.join(parts)}: {count}{warn}   (d day, r rep, l room)")

    def _show_detail(self) -> None:
        detail = self.query_one("#meeting-detail", Static)
        meeting = self.selected_meeting()
        mine = [c for c in self.conflicts if meeting and meeting.id in (c.first, c.second)]
        if meeting is None:
            detail.update("No meetings here. b books one; d, r and l change the day, rep and room shown.")
        elif mine:
            detail.update(Text("  ".join(f"⚠ {c.message}" for c in mine), style="bold red"))
        else:
            outcome = f": {meeting.outcome}" if meeting.outcome else ""
            detail.update(f"{with_whom(meeting)}, {meeting.status}{outcome}   Enter brief  o outcome  e edit")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_brief()

    def selected(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def selected_meeting(self) -> Meeting | None:
        key = self.selected()
        return next((m for m in self.shown if m.id == key), None)

    # --- filters -----------------------------------------------------------------------------------------------
    def action_cycle_day(self) -> None:
        self.filters.day = cycle(self._show_days(), self.filters.day)
        self._show()

    def action_cycle_rep(self) -> None:
        reps = sorted({(m.rep_id, m.rep_name or "?") for m in self.meetings if m.rep_id}, key=lambda r: r[1])
        self.filters.rep = cycle(reps, self.filters.rep)
        self._show()

    def action_cycle_room(self) -> None:
        rooms: dict[str, str] = {}
        for m in self.meetings:
            if m.location.strip():
                rooms.setdefault(room_key(m.location), m.location.strip())
        self.filters.room = cycle(sorted(rooms.values(), key=str.casefold), self.filters.room)
        self._show()

    def action_jump_now(self) -> None:
        mark = marks(self.shown, self.app.now())  # type: ignore[attr-defined]
        target = next((m for m in self.shown if mark.get(m.id) == "now"), None) or next(
            (m for m in self.shown if mark.get(m.id) == "next"), None)
        if target:
            table = self.query_one(DataTable)
            table.move_cursor(row=table.get_row_index(target.id))

    # --- actions -----------------------------------------------------------------------------------------------
    def action_brief(self) -> None:
        from eventdesk.ui.screens.meeting_brief import MeetingBriefScreen

        if meeting := self.selected_meeting():
            self.app.push_screen(MeetingBriefScreen(meeting.id))

    def action_book(self) -> None:
        from eventdesk.ui.screens.book_meeting import BookMeetingScreen

        self.app.push_screen(BookMeetingScreen(day=self.filters.day, room=self.filters.room or ""))

    def action_edit(self) -> None:
        from eventdesk.ui.screens.book_meeting import BookMeetingScreen

        if meeting := self.selected_meeting():
            self.app.push_screen(BookMeetingScreen(meeting=meeting))

    def action_outcome(self) -> None:
        from eventdesk.ui.screens.meeting_outcome import MeetingOutcomeScreen

        if meeting := self.selected_meeting():
            self.app.push_screen(MeetingOutcomeScreen(meeting))
