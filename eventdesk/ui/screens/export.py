"""Export from the booth: the same functions as `eventdesk export` and `snapshot`, with a progress bar
and the written path shown at the end. Files go to an `exports` folder beside the event file."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, ProgressBar

# kind -> (title, file suffix)
KINDS = {
    "hubspot": ("CRM CSV for HubSpot", "csv"),
    "salesforce": ("CRM CSV for Salesforce", "csv"),
    "generic": ("CSV with every field", "csv"),
    "followups": ("Follow-ups CSV", "csv"),
    "meetings": ("Meetings calendar", "ics"),
    "snapshot": ("Snapshot of the event file", "db"),
    "recap": ("Daily recap (Markdown, today)", "md"),
    "recap-xlsx": ("Daily recap (Excel workbook, today)", "xlsx"),
}


def export_path(db_path: Path, kind: str, now: datetime) -> Path:
    folder = db_path.parent / "exports"
    return folder / f"{db_path.stem}-{kind}-{now:%Y%m%d-%H%M%S}.{KINDS[kind][1]}"


class ExportScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    ExportScreen { align: center middle; }
    ExportScreen > Vertical { width: 90; height: auto; border: thick $accent; background: $surface; padding: 1 2; }
    """
    BINDINGS = [Binding("escape,enter", "dismiss(None)", "Close", id="close")]

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"Export: {KINDS[self.kind][0]}", classes="panel-title")
            yield ProgressBar(id="progress", show_eta=False)
            yield Label("working…", id="export-result")

    def on_mount(self) -> None:
        self.run_export()

    def _progress(self, done: int, total: int) -> None:
        self.query_one(ProgressBar).update(total=max(total, 1), progress=done)

    @work(exclusive=True, group="export")
    async def run_export(self) -> None:
        app = self.app
        out = export_path(app.db_path, self.kind, app.now().astimezone(app.tz))  # type: ignore[attr-defined]
        out.parent.mkdir(parents=True, exist_ok=True)
        result = self.query_one("#export-result", Label)
        try:
            message = await self._write(out)
        except (OSError, ValueError) as exc:
            result.update(f"[b red]Not written:[/] {exc}")
            return
        self._progress(1, 1)
        result.update(f"{message}\nWritten to [b]{out}[/]  (Enter to close)")

    async def _write(self, out: Path) -> str:
        store = self.app.store  # type: ignore[attr-defined]
        if self.kind in ("hubspot", "salesforce", "generic"):
            from eventdesk.handoff.export import export_crm

            done = await export_crm(store, self.kind, out, progress=self._progress)
            return f"{done.rows} leads ({done.opted_out} without consent, exported as opted out)"
        if self.kind == "followups":
            from eventdesk.handoff.followups_csv import export_followups

            await export_followups(store, out)
            return "Follow-ups written"
        if self.kind == "meetings":
            from eventdesk.handoff.calendar import export_meetings

            await export_meetings(store, out)
            return "Meetings written"
        if self.kind in ("recap", "recap-xlsx"):
            return await self._recap(store, out)
        from eventdesk.handoff.snapshot import snapshot

        await snapshot(self.app.db_path, out, progress=self._progress)  # type: ignore[attr-defined]
        return "A consistent copy, safe to hand over"

    async def _recap(self, store, out: Path) -> str:  # type: ignore[no-untyped-def]
        from eventdesk.handoff.recap import build_recap

        app = self.app
        now = app.now()  # type: ignore[attr-defined]
        recap = await build_recap(store, app.settings, now.astimezone(app.tz).date(), now)  # type: ignore[attr-defined]
        if self.kind == "recap-xlsx":
            import asyncio

            from eventdesk.handoff.recap_xlsx import write_workbook

            # openpyxl builds the whole workbook in Python: off the event loop, so the booth keeps scanning.
            await asyncio.to_thread(write_workbook, recap, app.settings.timezone, out)  # type: ignore[attr-defined]
        else:
            from eventdesk.handoff.csvwrite import atomic_file
            from eventdesk.handoff.recap_md import render_markdown

            with atomic_file(out) as handle:
                handle.write(render_markdown(recap))
        goals = ", ".join(f"{g.label.lower()} {g.actual}/{g.goal}" for g in recap.goals if g.goal)
        return f"Recap of {recap.day:%a %d %b}: {goals}"
