"""Each rep's meeting under way or next: who, where, and in how long, kept current by the app's clock.

The widget owns no timer: the app's one-second clock calls `tick()`, which redraws only when a line's
text changes (once a minute) and asks for fresh data (`Stale`) when a shown meeting has ended.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from rich.table import Table
from rich.text import Text
from textual.message import Message
from textual.widget import Widget

from eventdesk.domain.models import Meeting
from eventdesk.domain.times import from_stored


def how_long(start: datetime, end: datetime, now: datetime, tz: ZoneInfo) -> tuple[str, str]:
    """How long until a meeting, and a detail: ('now', 'until 10:50') while it is under way, ('in 12 min',
    'at 10:54') or ('in 2 h 05', 'at 12:47') later today, ('Wed 10:00', '') on a later day."""
    if start <= now:
        return "now", f"until {end.astimezone(tz):%H:%M}"
    minutes = math.ceil((start - now).total_seconds() / 60)
    if start.astimezone(tz).date() != now.astimezone(tz).date():
        return f"{start.astimezone(tz):%a %H:%M}", ""
    if minutes < 60:
        return f"in {minutes} min", f"at {start.astimezone(tz):%H:%M}"
    return f"in {minutes // 60} h {minutes % 60:02d}", f"at {start.astimezone(tz):%H:%M}"


def with_whom(meeting: Meeting) -> str:
    people = " / ".join(p for p in (meeting.lead_name, meeting.account_name) if p)
    return f"{meeting.title} ({people})" if people and people not in meeting.title else meeting.title


class NextMeetings(Widget):
    # Styled in code, not with DEFAULT_CSS: a new CSS source makes Textual re-parse the stylesheet and restyle
    # every screen the first time the widget mounts (~27 ms measured when the Meetings screen opens).
    class Stale(Message):
        """A meeting shown here has ended: the owner should fetch each rep's next meeting again."""

    def __init__(self, tz: ZoneInfo, now: Callable[[], datetime], *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.tz = tz
        self.now = now
        self.meetings: tuple[Meeting, ...] = ()
        self._lines: tuple[tuple[str, str], ...] = ()
        self._stale_sent = False
        self.border_title = "Next up, per rep"

    def on_mount(self) -> None:
        self.styles.height = "auto"
        self.styles.padding = (0, 1)
        self.styles.border = ("round", self.app.current_theme.primary)

    def show(self, meetings: Sequence[Meeting]) -> None:
        self.meetings = tuple(meetings)
        self._stale_sent = False
        self._lines = self._compute()
        self.refresh(layout=True)

    def tick(self) -> None:
        """Called by the app's clock every second: cheap, and redraws only when what it says has changed."""
        lines = self._compute()
        if lines != self._lines:
            self._lines = lines
            self.refresh()
        now = self.now()
        if not self._stale_sent and any(from_stored(m.end) <= now for m in self.meetings):
            self._stale_sent = True
            self.post_message(self.Stale())

    def _compute(self) -> tuple[tuple[str, str], ...]:
        now = self.now()
        return tuple(how_long(from_stored(m.start), from_stored(m.end), now, self.tz) for m in self.meetings)

    def render(self) -> Table | Text:
        if not self.meetings:
            return Text("No more meetings scheduled for anyone.", style="dim")
        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True)
        grid.add_column(no_wrap=True, justify="right")
        grid.add_column(no_wrap=True, style="dim")
        grid.add_column(no_wrap=True)
        grid.add_column(no_wrap=True, overflow="ellipsis", ratio=1)
        for meeting, (when, detail) in zip(self.meetings, self._lines, strict=False):
            style = "bold green" if when == "now" else ("bold yellow" if when.startswith("in ") else "")
            grid.add_row(Text(meeting.rep_name or "?", style="bold"), Text(when, style=style), detail,
                         meeting.location or "no room", with_whom(meeting))
        return grid
