"""The idle lock: after N minutes without input the booth laptop hides every person's data.

A visitor may still walk up and have their badge scanned while the booth is locked: the scan is saved
as usual (through the Capture screen's queue, so it is journaled first and never lost) and the lock
only counts it, showing no name. A line counts as a PIN attempt when it is digits only, no longer than
a PIN, and typed by hand; anything else is a scan.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from eventdesk.ui.widgets.lock_field import LockField
from eventdesk.ui.widgets.scan_field import ScanField

PIN_MAX = 12


class LockScreen(ModalScreen[None]):
    """Opaque (the screen below is not drawn through it); only the right PIN, or Enter if none is set, opens it."""

    DEFAULT_CSS = """
    LockScreen { align: center middle; background: $background; }
    LockScreen > Vertical { width: 60; height: auto; border: thick $primary; padding: 1 2; }
    LockScreen Label { width: 100%; }
    #lock-error { color: $error; }
    #lock-scans { color: $success; }
    """
    BINDINGS = [Binding("ctrl+q", "app.quit", "Quit", priority=True)]

    def __init__(self, pin_hash: str) -> None:
        super().__init__()
        self.pin_hash = pin_hash
        self.scans = 0

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("eventdesk is locked", classes="panel-title")
            if self.pin_hash:
                yield Label("Enter the booth PIN to go on. Badges can still be scanned.")
            else:
                yield Label("Press Enter to go on (set lock_pin in the event settings to require a PIN). "
                            "Badges can still be scanned.")
            yield LockField(id="pin")
            yield Label("", id="lock-error")
            yield Label("", id="lock-scans")

    def on_mount(self) -> None:
        self.query_one(LockField).focus()

    def on_lock_field_empty_enter(self, message: LockField.EmptyEnter) -> None:
        message.stop()
        if not self.pin_hash:
            self.dismiss(None)
        else:
            self.query_one("#lock-error", Label).update("Type the PIN, then Enter")

    def on_scan_field_scanned(self, message: ScanField.Scanned) -> None:
        from eventdesk.domain.pin import check_pin

        message.stop()
        field = self.query_one(LockField)
        payload = message.payload
        if self.pin_hash and check_pin(payload.strip(), self.pin_hash):
            self.dismiss(None)
            return
        by_hand = payload.strip().isdigit() and len(payload.strip()) <= PIN_MAX and not field.last_was_scanner
        if self.pin_hash and by_hand:
            self.query_one("#lock-error", Label).update("Wrong PIN")
            return
        capture = getattr(self.app, "capture_screen", None)
        if capture is None:
            self.query_one("#lock-error", Label).update("This scan could not be saved: unlock and scan again")
            return
        capture.enqueue(payload)
        self.scans += 1
        self.query_one("#lock-error", Label).update("")
        self.query_one("#lock-scans", Label).update(
            f"{self.scans} badge{'s' if self.scans != 1 else ''} scanned while locked: saved")
