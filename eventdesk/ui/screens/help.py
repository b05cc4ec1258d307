"""F1: every key of the screen you came from, and how to reach every screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

INTRO = """[b]eventdesk keys[/b]
F2 Capture   F3 Leads   F4 Meetings   F5 Accounts   F6 Follow-ups   F7 Goals   F10 Team (asks and feed)
F12 who is at the desk   Ctrl+L lock now   Ctrl+P command palette (every screen and command)   Ctrl+Q quit

[b]Capture[/b]: scan a badge; the scan field is always ready. Esc moves to the lead card to qualify:
h / w / c rating hot, warm, cold (0 clears)   1-9 answer the marked question (q: next question)
s consent given / withdrawn   n add a note   a assign a rep   b book a meeting   k ask someone about them
u undo the last scan   Enter/Esc back to scanning
F8 new lead by hand (badge will not scan)   F9 review unmatched scans
"""


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 100; height: auto; max-height: 90%; border: thick $accent;
                                  background: $surface; padding: 1 2; }
    """
    BINDINGS = [Binding("escape,f1,q", "dismiss(None)", "Close", id="close")]

    def __init__(self, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.keys = keys  # (key, description) active where F1 was pressed

    def compose(self) -> ComposeResult:
        lines = [INTRO, "[b]Keys active where you were[/b]:"]
        lines += [f"  {key:<14} {description}" for key, description in self.keys]
        with VerticalScroll():
            yield Static("\n".join(lines))
