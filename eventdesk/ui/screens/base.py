"""What every booth screen shares: the header on top, the footer with its keys below."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen

from eventdesk.ui.messages import StoreChanged
from eventdesk.ui.widgets.footer import BoothFooter
from eventdesk.ui.widgets.header import BoothHeader


class BoothScreen(Screen[None]):
    # Tables whose changes this screen shows; a commit touching none of them leaves it alone.
    WATCHES: frozenset[str] = frozenset()

    def compose(self) -> ComposeResult:
        header = BoothHeader(self.app.tz)  # type: ignore[attr-defined]
        app = self.app
        frozen = app.frozen_now.astimezone(app.tz).strftime("%a %H:%M:%S") if app.frozen_now else None  # type: ignore[attr-defined]
        header.frozen_clock = app.frozen_clock or frozen  # type: ignore[attr-defined]
        yield header
        yield from self.compose_body()
        yield BoothFooter()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_screen_resume(self) -> None:
        self.app.update_headers()  # type: ignore[attr-defined]
        self.reload()

    def on_store_changed(self, message: StoreChanged) -> None:
        if message.tables & self.WATCHES:
            self.reload()

    def reload(self) -> None:
        """Fetch what the screen shows (in a worker); called when shown and when its tables change."""

    @property
    def store(self):  # type: ignore[no-untyped-def]
        return self.app.store  # type: ignore[attr-defined]
