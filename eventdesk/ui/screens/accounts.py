"""Accounts: the target accounts marketing chose, and whether the booth has reached them yet."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from eventdesk.ui.screens.base import BoothScreen

COVERAGE = (
    "SELECT a.id, a.name, a.tier, r.name AS owner, "
    "(SELECT count(*) FROM leads l WHERE l.account_id = a.id AND l.deleted = 0) AS leads, "
    "(SELECT count(*) FROM meetings m WHERE m.account_id = a.id AND m.status = 'done' AND m.deleted = 0) AS held, "
    "(SELECT max(t.at) FROM touches t JOIN leads l ON l.id = t.lead_id WHERE l.account_id = a.id "
    " AND t.deleted = 0) AS last_touch "
    "FROM accounts a LEFT JOIN reps r ON r.id = a.owner_rep_id WHERE a.deleted = 0 ORDER BY a.tier, a.name"
)


class AccountsScreen(BoothScreen):
    WATCHES = frozenset({"accounts", "leads", "meetings"})

    def compose_body(self) -> ComposeResult:
        yield Static("", id="coverage", classes="panel-title")
        yield DataTable(id="accounts", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("tier", "account", "owner", "leads", "meetings held", "last touch")
        self.query_one(DataTable).focus()

    @work(exclusive=True, group="accounts")
    async def reload(self) -> None:
        from eventdesk.domain.times import from_stored

        rows = await self.store.all(COVERAGE)
        table = self.query_one(DataTable)
        table.clear()
        tz = self.app.tz  # type: ignore[attr-defined]
        missing = 0
        for row in rows:
            reached = row["leads"] or row["held"]
            if not reached and row["tier"] <= 2:
                missing += 1
            last = from_stored(row["last_touch"]).astimezone(tz).strftime("%a %H:%M") if row["last_touch"] else (
                "not yet reached" if row["tier"] <= 2 else "")
            table.add_row(str(row["tier"]), row["name"], row["owner"] or "", str(row["leads"]), str(row["held"]), last,
                          key=row["id"])
        self.query_one("#coverage", Static).update(
            f"{len(rows)} target accounts; {missing} tier-1/2 accounts not yet reached")
