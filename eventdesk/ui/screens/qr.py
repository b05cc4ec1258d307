"""A QR code on screen: the current lead's contact card for a rep's phone, or the booth's landing page."""

from __future__ import annotations

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static


class QrScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    QrScreen { align: center middle; }
    QrScreen > Vertical { width: auto; height: auto; border: thick $accent; background: $surface; padding: 0 1; }
    #qr-code { width: auto; height: auto; }
    """
    BINDINGS = [Binding("escape,enter,q", "dismiss(None)", "Close", id="close")]

    def __init__(self, title: str, payload: str) -> None:
        super().__init__()
        self.title_text = title
        self.payload = payload
        self.lines: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, classes="panel-title")
            yield Static("drawing…", id="qr-code")
            yield Label("Scan with a phone camera. Esc to close.", classes="muted")

    def on_mount(self) -> None:
        self.draw()

    @work(thread=True, exclusive=True)
    def draw(self) -> None:
        from eventdesk.handoff.qr import half_block_lines, qr_matrix

        lines = half_block_lines(qr_matrix(self.payload))  # a long vCard is CPU work: off the event loop
        self.app.call_from_thread(self._show, lines)

    def _show(self, lines: list[str]) -> None:
        self.lines = lines
        self._fit()

    def on_resize(self, event: events.Resize) -> None:
        self._fit()

    def _fit(self) -> None:
        if not self.lines:
            return
        need_w, need_h = len(self.lines[0]) + 6, len(self.lines) + 6
        size = self.app.size
        code = self.query_one("#qr-code", Static)
        if size.width < need_w or size.height < need_h:
            code.update(f"The terminal is too small for this code: it needs {need_w}x{need_h}, "
                        f"this one is {size.width}x{size.height}. Enlarge the window or use a smaller font.")
            return
        # Explicit black on white, with the quiet zone the encoder adds: readable on dark and light themes.
        code.update(Text("\n".join(self.lines), style="black on white"))
