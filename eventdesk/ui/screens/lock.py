"""The idle lock: after N minutes without input the booth laptop hides every person's data."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label


class LockScreen(ModalScreen[None]):
    """Opaque (the screen below is not drawn through it); only the right PIN, or Enter if none is set, opens it."""

    DEFAULT_CSS = """
    LockScreen { align: center middle; background: $background; }
    LockScreen > Vertical { width: 50; height: auto; border: thick $primary; padding: 1 2; }
    #lock-error { color: $error; }
    """
    BINDINGS = [Binding("ctrl+q", "app.quit", "Quit", priority=True)]

    def __init__(self, pin_hash: str) -> None:
        super().__init__()
        self.pin_hash = pin_hash

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("eventdesk is locked", classes="panel-title")
            if self.pin_hash:
                yield Label("Enter the booth PIN to go on")
                yield Input(password=True, id="pin", restrict=r"[0-9]*", max_length=12)
            else:
                yield Label("Press Enter to go on (set lock_pin in the event settings to require a PIN)")
                yield Input(password=True, id="pin")
            yield Label("", id="lock-error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        from eventdesk.domain.pin import check_pin

        if not self.pin_hash or check_pin(event.value, self.pin_hash):
            self.dismiss(None)
            return
        event.input.value = ""
        self.query_one("#lock-error", Label).update("Wrong PIN")
