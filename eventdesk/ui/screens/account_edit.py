"""Add a target account or edit one: name, domains, tier and owner rep."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select

from eventdesk.domain.models import Account


class AccountEditScreen(ModalScreen[str | None]):
    """Dismisses with the account's id once saved (None on Esc)."""

    DEFAULT_CSS = """
    AccountEditScreen { align: center middle; }
    AccountEditScreen > Vertical { width: 84; height: auto; border: thick $accent; background: $surface; padding: 0 1; }
    AccountEditScreen Grid { grid-size: 2; grid-columns: 14 1fr; grid-rows: 3; height: auto; }
    AccountEditScreen Label.field { padding: 1 0 0 0; }
    #account-error { color: $error; height: auto; }
    """
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="cancel"),
                Binding("ctrl+s", "save", "Save", id="save")]

    def __init__(self, account: Account | None) -> None:
        super().__init__()
        self.account = account

    def compose(self) -> ComposeResult:
        a = self.account
        with Vertical():
            yield Label(f"Edit {a.name}" if a else "Add a target account", classes="panel-title")
            with Grid():
                yield Label("Name", classes="field")
                yield Input(a.name if a else "", id="name")
                yield Label("Domains", classes="field")
                yield Input(" ".join(a.domains) if a else "", id="domains", placeholder="example.com example.de")
                yield Label("Tier", classes="field")
                yield Select([("1: top target", 1), ("2", 2), ("3", 3)], value=a.tier if a else 2,
                             allow_blank=False, id="tier")
                yield Label("Owner", classes="field")
                yield Select([], id="owner", prompt="no owner")
            yield Label("", id="account-error")
            yield Label("Ctrl+S or Enter to save, Esc to cancel", classes="muted")

    def on_mount(self) -> None:
        self.load_reps()
        self.query_one("#name", Input).focus()

    @work(group="account-edit-load")
    async def load_reps(self) -> None:
        from eventdesk.store.reps import list_reps

        reps = await list_reps(self.app.store)  # type: ignore[attr-defined]
        select = self.query_one("#owner", Select)
        select.set_options([(f"{r.name} ({r.email})", r.id) for r in reps])
        if self.account and self.account.owner_rep_id in {r.id for r in reps}:
            select.value = self.account.owner_rep_id

    def on_input_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        self.save()

    @work(exclusive=True, group="account-edit-save")
    async def save(self) -> None:
        from eventdesk.store.accounts import create_account, update_account

        store = self.app.store  # type: ignore[attr-defined]
        error = self.query_one("#account-error", Label)
        name = self.query_one("#name", Input).value.strip()
        domains = self.query_one("#domains", Input).value.replace(",", " ").replace(";", " ").split()
        tier = int(self.query_one("#tier", Select).value)  # type: ignore[arg-type]
        owner = self.query_one("#owner", Select)
        fields = {"name": name, "domains": domains, "tier": tier,
                  "owner_rep_id": None if owner.is_blank() else str(owner.value)}
        try:
            if self.account:
                await update_account(store, self.account.id, **fields)  # type: ignore[arg-type]
                row_id = self.account.id
            else:
                row_id = await create_account(store, **fields)  # type: ignore[arg-type]
        except ValueError as exc:
            error.update(f"{exc}" + ("" if self.account else " (edit it with e on its row)"))
            return
        self.app.notify(f"Saved {name} (tier {tier})")
        self.dismiss(row_id)
