"""The current lead at the desk: who they are, whether they matter, and how they are qualified."""

from __future__ import annotations

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget

from eventdesk.domain.models import Account, Lead, Meeting
from eventdesk.domain.settings import Question
from eventdesk.domain.times import from_stored

RATING_STYLE = {"hot": "bold white on red", "warm": "bold black on yellow", "cold": "bold white on blue",
                "unrated": "dim"}


@dataclass
class CardState:
    lead: Lead
    account: Account | None = None
    meetings: tuple[Meeting, ...] = ()
    answers: dict[str, str] = field(default_factory=dict)
    previous: str | None = None
    outcome: str = "new"


class LeadCard(Widget, can_focus=True):
    """Shows a CardState. Its keys call the Capture screen's actions, which own the saving."""

    BINDINGS = [
        Binding("h", "screen.rate('hot')", "Hot", id="rate-hot"),
        Binding("w", "screen.rate('warm')", "Warm", id="rate-warm"),
        Binding("c", "screen.rate('cold')", "Cold", id="rate-cold"),
        Binding("0", "screen.rate('unrated')", "Unrated", show=False),
        *[Binding(str(n), f"screen.answer({n})", f"Answer {n}", show=False) for n in range(1, 10)],
        Binding("q", "next_question", "Next question", id="next-question"),
        Binding("s", "screen.toggle_consent", "Consent", id="consent"),
        Binding("n", "screen.note", "Note", id="note"),
        Binding("a", "screen.assign", "Rep", id="assign"),
        Binding("b", "screen.book_meeting", "Book meeting", id="book-meeting"),
        Binding("k", "screen.raise_ask", "Ask someone", id="raise-ask"),
        Binding("u", "screen.undo", "Undo scan", id="undo"),
        Binding("enter,escape", "screen.focus_scan", "Back to scanning", id="back"),
    ]
    # Back to the scan field after this long without a key, so the next badge is never typed into the card.
    IDLE_RETURN_S = 20.0

    DEFAULT_CSS = """
    LeadCard { height: 1fr; border: round $primary; padding: 0 1; }
    LeadCard:focus { border: round $success; }
    """

    def __init__(self, tz: ZoneInfo, questions: tuple[Question, ...], *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.tz = tz
        self.questions = questions
        self.state: CardState | None = None
        self.question_index = 0
        self._idle: Timer | None = None

    class Overflow(Message):
        """Typing that belongs in the scan field (or, empty, a request to go back to it)."""

        def __init__(self, text: str) -> None:
            self.text = text
            super().__init__()

    def show(self, state: CardState | None) -> None:
        self.state = state
        self.question_index = 0
        self.refresh()

    @property
    def current_question(self) -> Question | None:
        return self.questions[self.question_index] if self.questions else None

    def next_question(self) -> None:
        if self.questions:
            self.question_index = (self.question_index + 1) % len(self.questions)
            self.refresh()

    def _time(self, stored: str) -> str:
        return from_stored(stored).astimezone(self.tz).strftime("%a %H:%M")

    def render(self) -> RenderableType:
        if self.state is None:
            return Text("No lead yet. Scan a badge: the visitor shows here, ready to rate and qualify.", style="dim")
        s, lead = self.state, self.state.lead
        title = Text.assemble((lead.name, "bold"), "  ", (f" {lead.rating.upper()} ", RATING_STYLE[lead.rating]))
        if s.outcome == "touch":
            title.append(f"   scanned before{', at ' + s.previous if s.previous else ''}", style="italic yellow")
        rows = Table.grid(padding=(0, 2))
        rows.add_column(style="dim", justify="right")
        rows.add_column()
        job = ", ".join(p for p in (lead.title, lead.company) if p)
        rows.add_row("who", job or "-")
        rows.add_row("contact", "  ".join(p for p in (lead.email, lead.phone) if p) or "-")
        if s.account:
            owner = f", owner {s.account.owner_name}" if s.account.owner_name else ""
            rows.add_row("account", Text(f"Tier {s.account.tier}: {s.account.name}{owner}",
                                         style="bold red" if s.account.tier == 1 else "bold"))
        rows.add_row("scanned", f"{lead.touches} time{'s' if lead.touches != 1 else ''}, first "
                     f"{self._time(lead.captured_at)}")
        for meeting in s.meetings[:3]:
            rows.add_row("meeting", f"{self._time(meeting.start)} {meeting.title} with "
                         f"{meeting.rep_name or '?'} ({meeting.location or 'no room'}) [{meeting.status}]")
        rows.add_row("rep", lead.rep_name or "unassigned")
        if lead.consent:
            consent = f"yes ({self._time(lead.consent_at)})" if lead.consent_at else "yes"
        else:  # a withdrawal keeps its time, so a merge cannot bring back the older "yes"
            consent = f"withdrawn ({self._time(lead.consent_at)})" if lead.consent_at else "not recorded"
        rows.add_row("consent", Text(consent, style="green" if lead.consent else "yellow"))
        for index, question in enumerate(self.questions):
            marker = "▶ " if index == self.question_index and self.has_focus else ""
            answer = s.answers.get(question.key)
            choices = "  ".join(
                f"[{n}] {c}" if c != answer else f"[{n}] ✔ {c}" for n, c in enumerate(question.choices, 1))
            rows.add_row(f"{marker}{question.text}", Text(choices, style="" if answer else "dim"))
        if lead.notes:
            rows.add_row("notes", lead.notes)
        help_line = Text(
            "Esc: qualify this lead (h/w/c rating, 1-9 answer, q next question, s consent, n note, a rep, u undo)"
            if not self.has_focus else "Enter/Esc: back to the scan field", style="dim italic")
        return Group(title, rows, help_line)

    def action_next_question(self) -> None:
        self.next_question()

    def on_key(self, event: events.Key) -> None:
        """A key the card does not know is a scan starting: hand it to the scan field, lose nothing."""
        self._restart_idle()
        if event.is_printable and event.character and event.key not in self._bindings.key_to_bindings:
            event.stop()
            event.prevent_default()
            self.post_message(self.Overflow(event.character))

    def _restart_idle(self) -> None:
        if self._idle is not None:
            self._idle.stop()
        self._idle = self.set_timer(self.IDLE_RETURN_S, lambda: self.post_message(self.Overflow("")))

    def on_focus(self) -> None:
        self._restart_idle()
        self.refresh()

    def on_blur(self) -> None:
        if self._idle is not None:
            self._idle.stop()
        self.refresh()
