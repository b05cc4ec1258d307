"""Book a meeting (from the schedule, a lead card or an account) or edit one: rep, day, start, length, room.

Saving checks the schedule first. A clash (the rep already booked, or the room taken) is shown, not
refused: saving the same details again books it anyway, as the booth sometimes must.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time, timedelta

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Select

from eventdesk.domain.models import Account, Lead, Meeting
from eventdesk.domain.times import from_stored, to_stored
from eventdesk.store.meetings import Clash, NewMeeting

LENGTHS = (15, 30, 45, 60, 90, 120)


def parse_clock(text: str) -> time | None:
    """'10:30', '10.30', '1030' or '9' as a time of day; None if it is not one."""
    match = re.fullmatch(r"\s*(\d{1,2})(?:[:.h]?(\d{2}))?\s*", text)
    if not match:
        return None
    hour, minute = int(match[1]), int(match[2] or 0)
    return time(hour, minute) if hour < 24 and minute < 60 else None


def describe(clash: Clash, tz) -> str:  # type: ignore[no-untyped-def]
    other = clash.other
    when = f"{from_stored(other.start).astimezone(tz):%a %H:%M}-{from_stored(other.end).astimezone(tz):%H:%M}"
    if clash.reason == "same rep":
        return f"⚠ {other.rep_name or 'this rep'} is already in '{other.title}' {when} ({other.location or 'no room'})"
    return f"⚠ {other.location} is taken by '{other.title}' ({other.rep_name or 'no rep'}) {when}"


class BookMeetingScreen(ModalScreen[str | None]):
    DEFAULT_CSS = """
    BookMeetingScreen { align: center middle; }
    BookMeetingScreen > Vertical { width: 90; height: auto; border: thick $accent; background: $surface; padding: 0 1; }
    BookMeetingScreen Grid { grid-size: 2; grid-columns: 14 1fr; grid-rows: 3; height: auto; }
    BookMeetingScreen Label.field { padding: 1 0 0 0; }
    #book-warning { color: $warning; text-style: bold; height: auto; }
    #book-error { color: $error; height: auto; }
    """
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="cancel"),
                Binding("ctrl+s", "save", "Save", id="save")]

    def __init__(self, *, meeting: Meeting | None = None, lead: Lead | None = None, account: Account | None = None,
                 day: date | None = None, room: str = "") -> None:
        super().__init__()
        self.meeting, self.lead, self.account = meeting, lead, account
        self.day, self.room = day, room
        self.confirmed: NewMeeting | None = None  # the clashing details the user has been warned about

    # --- defaults ----------------------------------------------------------------------------------------------
    def _days(self) -> list[date]:
        settings, today = self.app.settings, self._now().date()  # type: ignore[attr-defined]
        days = []
        if settings and settings.start and settings.end:
            days = [settings.start + timedelta(days=n) for n in range((settings.end - settings.start).days + 1)]
        days = days or [today + timedelta(days=n) for n in range(3)]
        if self.meeting:
            days.append(from_stored(self.meeting.start).astimezone(self.app.tz).date())  # type: ignore[attr-defined]
        return sorted(set(days))

    def _now(self) -> datetime:
        return self.app.now().astimezone(self.app.tz)  # type: ignore[attr-defined, no-any-return]

    def _defaults(self) -> tuple[str, date, str, int, str]:
        """Title, day, start (HH:MM), minutes and room to start from."""
        tz, days = self.app.tz, self._days()  # type: ignore[attr-defined]
        if self.meeting:
            start, end = from_stored(self.meeting.start).astimezone(tz), from_stored(self.meeting.end).astimezone(tz)
            return (self.meeting.title, start.date(), f"{start:%H:%M}", int((end - start).total_seconds() // 60),
                    self.meeting.location)
        if self.lead:
            title = f"Meeting with {self.lead.name}" + (f" ({self.lead.company})" if self.lead.company else "")
        else:
            title = f"{self.account.name} meeting" if self.account else ""
        now = self._now()
        day = self.day or (now.date() if now.date() in days else days[0])
        if day == now.date():
            quarter = math.ceil((now.hour * 60 + now.minute + 1) / 15) * 15  # the next quarter hour
            start = f"{min(quarter, 23 * 60 + 45) // 60:02d}:{min(quarter, 23 * 60 + 45) % 60:02d}"
        else:
            opens = self.app.settings.open_hours[0] if self.app.settings else 9  # type: ignore[attr-defined]
            start = f"{opens:02d}:00"
        return title, day, start, 30, self.room

    def _default_rep(self) -> str | None:
        staff = self.app.staff  # type: ignore[attr-defined]
        return ((self.meeting.rep_id if self.meeting else None) or (self.account.owner_rep_id if self.account else None)
                or (self.lead.rep_id if self.lead else None) or (staff.id if staff else None))

    # --- layout ------------------------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        title, day, start, minutes, room = self._defaults()
        lengths = sorted({*LENGTHS, minutes})
        with Vertical():
            yield Label(f"Edit '{self.meeting.title}'" if self.meeting else "Book a meeting", classes="panel-title")
            yield Label(self._with_whom(), classes="muted")
            with Grid():
                yield Label("Title", classes="field")
                yield Input(title, id="title")
                yield Label("Rep", classes="field")
                yield Select([], id="rep", prompt="loading reps…")
                yield Label("Day", classes="field")
                yield Select([(f"{d:%a %d %b}", d.isoformat()) for d in self._days()], value=day.isoformat(),
                             allow_blank=False, id="day")
                yield Label("Start (HH:MM)", classes="field")
                yield Input(start, id="start", restrict=r"[0-9:.h]*", max_length=5)
                yield Label("Minutes", classes="field")
                yield Select([(f"{n} min", n) for n in lengths], value=minutes, allow_blank=False, id="length")
                yield Label("Room", classes="field")
                yield Input(room, id="room", placeholder="e.g. Booth table 1")
            yield Label("", id="book-warning")
            yield Label("", id="book-error")
            yield Label("Ctrl+S or Enter to save, Esc to cancel", classes="muted")

    def _with_whom(self) -> str:
        if self.meeting:
            people = " / ".join(p for p in (self.meeting.lead_name, self.meeting.account_name) if p)
            return f"with {people}" if people else "no lead or account linked"
        parts = [self.lead.name] if self.lead else []
        if self.account:
            parts.append(f"{self.account.name}, tier {self.account.tier}")
        return f"with {' / '.join(parts)}" if parts else "no lead or account linked (book from a lead or account card)"

    def on_mount(self) -> None:
        self.load_choices()
        self.query_one("#title", Input).focus()

    @work(group="book-load")
    async def load_choices(self) -> None:
        from eventdesk.store.meetings import list_meetings
        from eventdesk.store.reps import list_reps

        store = self.app.store  # type: ignore[attr-defined]
        reps = await list_reps(store)
        select = self.query_one("#rep", Select)
        select.set_options([(f"{r.name} ({r.role})", r.id) for r in reps])
        default = self._default_rep()
        if default in {r.id for r in reps}:
            select.value = default
        rooms = sorted({m.location.strip() for m in await list_meetings(store) if m.location.strip()})
        self.query_one("#room", Input).suggester = SuggestFromList(rooms, case_sensitive=False)

    # --- saving ------------------------------------------------------------------------------------------------
    def on_input_submitted(self) -> None:
        self.action_save()

    def on_input_changed(self) -> None:
        self.query_one("#book-error", Label).update("")

    def action_save(self) -> None:
        self.save()

    def proposal(self) -> NewMeeting | str:
        """The meeting as typed, or what is wrong with it."""
        title = self.query_one("#title", Input).value.strip()
        rep, day = self.query_one("#rep", Select).value, self.query_one("#day", Select).value
        clock = parse_clock(self.query_one("#start", Input).value)
        if not title:
            return "Give the meeting a title"
        if self.query_one("#rep", Select).is_blank():
            return "Choose the rep"
        if clock is None:
            return "Start must be a time like 14:30"
        start = datetime.combine(date.fromisoformat(str(day)), clock, self.app.tz)  # type: ignore[attr-defined]
        end = start + timedelta(minutes=int(self.query_one("#length", Select).value))  # type: ignore[arg-type]
        base = self.meeting
        return NewMeeting(title=title, start=to_stored(start), end=to_stored(end), rep_id=str(rep),
                          lead_id=base.lead_id if base else (self.lead.id if self.lead else None),
                          account_id=base.account_id if base else (
                              self.account.id if self.account else (self.lead.account_id if self.lead else None)),
                          location=self.query_one("#room", Input).value.strip(),
                          status=base.status if base else "scheduled", outcome=base.outcome if base else "")

    @work(exclusive=True, group="book-save")
    async def save(self) -> None:
        from eventdesk.store.meetings import book_meeting, check_meeting, update_meeting

        store, tz = self.app.store, self.app.tz  # type: ignore[attr-defined]
        proposal = self.proposal()
        if isinstance(proposal, str):
            self.query_one("#book-error", Label).update(proposal)
            return
        clashes = await check_meeting(store, proposal, self.meeting.id if self.meeting else None)
        warning = self.query_one("#book-warning", Label)
        if clashes and proposal != self.confirmed:
            self.confirmed = proposal
            warning.update("\n".join([*(describe(c, tz) for c in clashes),
                                      "Save again (Ctrl+S) to book it anyway, or change the time, rep or room."]))
            return
        warning.update("")
        try:
            if self.meeting:
                await update_meeting(store, self.meeting.id, title=proposal.title, start=proposal.start,
                                     end=proposal.end, rep_id=proposal.rep_id, location=proposal.location)
                meeting_id = self.meeting.id
            else:
                meeting_id = await book_meeting(store, proposal)
        except ValueError as exc:
            self.query_one("#book-error", Label).update(str(exc))
            return
        accepted = f" ({len(clashes)} conflict{'s' if len(clashes) > 1 else ''} accepted)" if clashes else ""
        when = from_stored(proposal.start).astimezone(tz)
        self.app.notify(f"{'Saved' if self.meeting else 'Booked'}: {proposal.title}, {when:%a %H:%M}{accepted}")
        self.dismiss(meeting_id)
