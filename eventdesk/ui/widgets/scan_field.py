"""The scan field: takes what a keyboard-mode badge scanner types, and never loses or merges a scan.

Stock `Input` submits asynchronously and a burst typed faster than the screen refreshes can merge two
scans. Here every key is handled synchronously in `on_key`: Enter (CR), LF and Tab end a line at
once, a vCard is assembled line by line until END:VCARD, and each finished payload is posted as a
`Scanned` message in arrival order. Saving happens elsewhere (a worker): the field is ready at once.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.timer import Timer
from textual.widget import Widget

TERMINATORS = frozenset(("enter", "ctrl+j", "tab", "ctrl+m"))
# A vCard whose END line never arrives (a scanner glitch) is still saved after this long.
ASSEMBLY_TIMEOUT_S = 2.0


class ScanField(Widget, can_focus=True):
    """A one-line field for badge scans and quick manual lookups."""

    DEFAULT_CSS = """
    ScanField { height: 3; border: tall $accent; padding: 0 1; }
    ScanField:focus { border: tall $success; }
    """

    class Scanned(Message):
        def __init__(self, payload: str) -> None:
            self.payload = payload
            super().__init__()

    text: reactive[str] = reactive("", layout=False)

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._lines: list[str] = []   # lines of a multi-line payload (vCard) being assembled
        self._timer: Timer | None = None
        self.scans_posted = 0

    @property
    def assembling(self) -> bool:
        return bool(self._lines)

    def render(self) -> Text:
        if self._lines:
            return Text.assemble((f"assembling vCard: {len(self._lines)} lines… ", "italic"), self.text)
        if not self.text:
            return Text("Scan a badge (or type a badge id or email, then Enter)", style="dim")
        return Text(self.text + ("▏" if self.has_focus else ""))

    def on_key(self, event: events.Key) -> None:
        if event.key in TERMINATORS:
            event.stop()
            event.prevent_default()
            self._end_line()
        elif event.key == "backspace":
            event.stop()
            event.prevent_default()
            self.text = self.text[:-1]
        elif event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            self.text += event.character

    def on_paste(self, event: events.Paste) -> None:
        """A pasted payload: its line breaks act like the scanner's Enter; a last partial line stays."""
        event.stop()
        lines = event.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        for line in lines[:-1]:
            self.text += line
            self._end_line()
        self.text += lines[-1]

    def _end_line(self) -> None:
        line, self.text = self.text, ""
        if self._lines:
            self._lines.append(line)
            if line.strip().upper() == "END:VCARD":
                self._flush()
            else:
                self._restart_timer()
        elif line.strip().upper() == "BEGIN:VCARD":
            self._lines.append(line)
            self._restart_timer()
        elif line.strip():
            self._post(line)

    def _restart_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(ASSEMBLY_TIMEOUT_S, self._flush)
        self.refresh()

    def _flush(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        payload, self._lines = "\n".join(self._lines), []
        if payload.strip():
            self._post(payload)
        self.refresh()

    def _post(self, payload: str) -> None:
        self.scans_posted += 1
        self.post_message(self.Scanned(payload))
