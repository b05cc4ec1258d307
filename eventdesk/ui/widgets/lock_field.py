"""The lock screen's one field: a PIN typed by hand, or a badge a scanner types while the booth is locked.

It is a ScanField (so a scan is never cut, merged or lost, vCards included) that shows nothing of what
is typed, and notes how fast each line came: a scanner types a whole line within a few milliseconds
per key, a person does not. An empty Enter is reported too (it opens a lock that has no PIN).
"""

from __future__ import annotations

from time import monotonic

from rich.text import Text
from textual import events
from textual.message import Message

from eventdesk.ui.widgets.scan_field import TERMINATORS, ScanField

SCANNER_GAP_S = 0.025   # keys closer than this are a scanner's (people manage one key per 80 ms or so)
SCANNER_MIN_KEYS = 6


class LockField(ScanField):
    DEFAULT_CSS = """
    LockField { height: 3; border: tall $primary; padding: 0 1; }
    LockField:focus { border: tall $success; }
    """

    class EmptyEnter(Message):
        """Enter on an empty field."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._stamps: list[float] = []
        self.last_was_scanner = False   # how the line just posted was typed

    def render(self) -> Text:
        if self._lines:
            return Text("reading a badge…", style="italic")
        return Text("•" * len(self.text) + ("▏" if self.has_focus else ""))

    def on_key(self, event: events.Key) -> None:
        if event.key in TERMINATORS:
            gaps = [b - a for a, b in zip(self._stamps, self._stamps[1:], strict=False)]
            self.last_was_scanner = len(self._stamps) >= SCANNER_MIN_KEYS and max(gaps) < SCANNER_GAP_S
            self._stamps = []
            if not self.text and not self.assembling:
                event.stop()
                event.prevent_default()
                self.post_message(self.EmptyEnter())
                return
        elif event.is_printable and event.character:
            self._stamps.append(monotonic())
        super().on_key(event)
