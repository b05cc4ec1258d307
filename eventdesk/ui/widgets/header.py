"""The booth header: event name, the clock in the event's time zone, goal counters and who is at the desk."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget


class BoothHeader(Widget):
    DEFAULT_CSS = """
    BoothHeader { height: 1; background: $primary; color: $text; padding: 0 1; }
    """

    event_name: reactive[str] = reactive("")
    staff: reactive[str] = reactive("")
    counters: reactive[dict[str, tuple[int, int | None]]] = reactive(dict, always_update=True)
    clock: reactive[str] = reactive("")

    def __init__(self, tz: ZoneInfo | None = None, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.tz = tz or ZoneInfo("UTC")
        self.frozen_clock: str | None = None  # snapshots and tests show a fixed time

    def on_mount(self) -> None:
        self.tick()  # later ticks come from the app's one-second clock

    def tick(self) -> None:
        self.clock = self.frozen_clock or datetime.now(self.tz).strftime("%a %H:%M:%S")

    def render(self) -> Text:
        parts: list[tuple[str, str] | str] = [(f" {self.event_name} ", "bold"), "  "]
        for label, (actual, goal) in self.counters.items():
            done = goal is not None and actual >= goal
            parts.append((f"{label} {actual}" + (f"/{goal}" if goal else ""), "bold green" if done else ""))
            parts.append("  ")
        parts.append((f"  {self.staff or 'no staff chosen (F12)'}  ", "italic"))
        parts.append((self.clock, "bold"))
        return Text.assemble(*parts)
