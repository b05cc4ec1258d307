"""Pick a rep from the event's staff list (who is at the desk, or who owns a lead)."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from eventdesk.domain.models import Rep


class PickRepScreen(ModalScreen[Rep | None]):
    DEFAULT_CSS = """
    PickRepScreen { align: center middle; }
    PickRepScreen > Vertical { width: 60; height: auto; max-height: 80%; border: thick $accent; background: $surface; }
    PickRepScreen OptionList { height: auto; max-height: 20; }
    """
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="cancel")]

    def __init__(self, prompt: str) -> None:
        super().__init__()
        self.prompt = prompt
        self.reps: list[Rep] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.prompt, classes="panel-title")
            yield OptionList(id="reps")
            yield Label("Enter to choose, Esc to cancel", classes="muted")

    def on_mount(self) -> None:
        self.load()

    @work
    async def load(self) -> None:
        from eventdesk.store.reps import list_reps

        self.reps = await list_reps(self.app.store)  # type: ignore[attr-defined]
        options = self.query_one(OptionList)
        if not self.reps:
            options.add_option(Option("No reps yet: import reps.csv (eventdesk import reps FILE)", disabled=True))
        for rep in self.reps:
            options.add_option(Option(f"{rep.name}  ({rep.role}, {rep.email})", id=rep.id))
        if self.reps:
            options.highlighted = 0  # Enter at once picks the first; arrows or typing move on
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(next((r for r in self.reps if r.id == event.option.id), None))
