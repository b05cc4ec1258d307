"""Merge other laptops' files from the booth (the same `merge_files` as `eventdesk merge`).

The files are merged one at a time, each in its own transaction on a second connection, so the booth
keeps scanning meanwhile: a scan waits at most one file's merge (the store's busy timeout covers it)
instead of the whole batch. The merge runs as an app worker, so Esc closes this window and the merge
goes on; a notification says when it is done. The other files are only read.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, ProgressBar


def files_to_merge(text: str, event_file: Path) -> list[Path]:
    """Paths typed by the user: files, or folders meaning every `.db` file in them (but this event's own)."""
    found: list[Path] = []
    for word in text.replace(",", " ").split():
        path = Path(word).expanduser()
        if path.is_dir():
            found += sorted(p for p in path.glob("*.db") if p.resolve() != event_file.resolve())
        else:
            found.append(path)
    return found


class MergeScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    MergeScreen { align: center middle; }
    MergeScreen > Vertical { width: 100; height: auto; border: thick $accent; background: $surface; padding: 1 2; }
    #merge-result { height: auto; }
    """
    BINDINGS = [Binding("escape", "dismiss(None)", "Close", id="close")]

    def compose(self) -> ComposeResult:
        incoming = self.app.db_path.parent / "incoming"  # type: ignore[attr-defined]
        with Vertical():
            yield Label("Merge other laptops' files", classes="panel-title")
            yield Label("Files or folders (a folder: every .db file in it), then Enter. They are only read. "
                        "Esc closes this window; the merge goes on and scanning works meanwhile.", classes="muted")
            yield Input(str(incoming) if incoming.is_dir() else "", id="merge-paths",
                        placeholder="/media/usb/laptop2.db /media/usb/laptop3.db")
            yield ProgressBar(id="progress", show_eta=False)
            yield Label("", id="merge-result")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        files = files_to_merge(event.value, self.app.db_path)  # type: ignore[attr-defined]
        if not files:
            self.notify("Give at least one file or a folder holding .db files", severity="warning")
            return
        event.input.disabled = True
        self.app.run_worker(self.run_merge(files), group="merge", exclusive=True)

    def _progress(self, done: int, total: int) -> None:
        if self.is_attached:
            self.query_one(ProgressBar).update(total=max(total, 1), progress=done)

    def _show(self, text: str) -> None:
        if self.is_attached:
            self.query_one("#merge-result", Label).update(text)

    async def run_merge(self, files: list[Path]) -> None:
        from eventdesk.handoff.merge import check_files, merge_files
        from eventdesk.store.db import open_store
        from eventdesk.store.errors import StoreError
        from eventdesk.store.schema import SYNCED_TABLES

        app = self.app
        app_store = app.store  # type: ignore[attr-defined]
        lines: list[str] = []
        try:
            async with await open_store(app_store.path, create=False) as store:
                checked = await check_files(store, files)  # every file refused or accepted before any is merged
                for number, path in enumerate(checked, 1):
                    self._show("\n".join([*lines, f"merging {path.name} ({number} of {len(checked)})…"]))
                    merged = await merge_files(store, [path], progress=self._progress)
                    lines.append(f"{path.name}: {merged.summary().removeprefix('merged 1 file: ')}")
                    # The booth's next edit must sort after every merged change, as the merging store's would.
                    app_store.clock.observe(str(store.clock.last))
                    app_store.announce(*SYNCED_TABLES, "attendees")  # the booth's screens show it at once
        except (StoreError, OSError) as exc:
            if self.is_attached:
                self.query_one("#merge-paths", Input).disabled = False
            self._show("\n".join([*lines, f"[b red]Not merged:[/] {exc}"]))
            app.notify(f"Merge stopped: {exc}", severity="error")
            return
        self._progress(1, 1)
        self._show("\n".join([*lines, "Done. (Esc to close)"]))
        app.notify(f"Merged {len(lines)} file{'s' if len(lines) != 1 else ''}: " + "; ".join(lines), timeout=10)
