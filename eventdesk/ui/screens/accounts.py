"""Accounts: the target accounts marketing chose, and whether the booth has reached them yet.

Filter by tier, owner and reached or not, sort, open one (its people, meetings, follow-ups), edit or add.
Counts come first from small tables (lead_stats, meetings); the last touch per account, which reads
the touches of every matched lead, fills its column a moment later so the table is never held up.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from time import monotonic

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from eventdesk.domain.times import from_stored
from eventdesk.store.accounts import COVERAGE_SORTS, NO_OWNER, Coverage
from eventdesk.ui.screens.base import BoothScreen

TIER_STYLE = {1: "bold red", 2: "bold", 3: ""}
# The last touch per account reads the touches of every matched lead (~0.1-0.5 s at 100k leads, off the event
# loop): while the booth scans a badge a second, it is read again at most this often, never once per scan.
TOUCHES_MAX_AGE_S = 15.0


def cycle(options: list, current):  # type: ignore[no-untyped-def, type-arg]
    ring = [None, *options]
    return ring[(ring.index(current) + 1) % len(ring)] if current in ring else None


@dataclass
class AccountFilters:
    tier: int | None = None
    owner: tuple[str, str] | None = None  # (rep id or NO_OWNER, name)
    reached: bool | None = None
    sort: str = "tier"

    def describe(self) -> str:
        reached = {None: "reached or not", False: "not reached", True: "reached"}[self.reached]
        return (f"{'tier ' + str(self.tier) if self.tier else 'all tiers'} · "
                f"{self.owner[1] if self.owner else 'any owner'} · {reached} · sorted by {self.sort}")


class AccountsScreen(BoothScreen):
    WATCHES = frozenset({"accounts", "leads", "meetings", "touches", "reps"})
    BINDINGS = [
        Binding("enter", "open", "Open", id="open", show=False),
        Binding("t", "cycle_tier", "Tier", id="tier"),
        Binding("w", "cycle_owner", "Owner", id="owner"),
        Binding("f", "cycle_reached", "Reached?", id="reached"),
        Binding("s", "cycle_sort", "Sort", id="sort"),
        Binding("e", "edit", "Edit", id="edit"),
        Binding("a", "add", "Add", id="add"),
        Binding("b", "book", "Book meeting", id="book"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filters = AccountFilters()
        # The coverage is fetched while Textual builds the screen, so its first frame already shows it.
        self.prefetch: asyncio.Task[list[Coverage]] = asyncio.create_task(self.fetch())
        self.prefetched = False

    def compose_body(self) -> ComposeResult:
        yield Static("", id="coverage", classes="panel-title")
        yield DataTable(id="accounts", cursor_type="row", zebra_stripes=True)

    async def on_mount(self) -> None:
        self.rows: list[Coverage] = []
        self.owners: list[tuple[str, str]] = []
        self.touches: dict[str, str] | None = None
        self.touches_at = 0.0
        self.loaded = False
        table = self.query_one(DataTable)
        keys = table.add_columns("tier", "account", "owner", "leads", "meetings", "last touch", "domains")
        self.touch_column = keys[5]
        table.focus()
        self.rows = await self.prefetch
        self._show()
        self.prefetched = True  # the reload that follows on_mount only adds the last touches

    async def fetch(self) -> list[Coverage]:
        from eventdesk.store.accounts import account_coverage

        f = self.filters
        return await account_coverage(self.store, tier=f.tier, owner_rep_id=f.owner[0] if f.owner else None,
                                      reached=f.reached, sort=f.sort)

    @work(exclusive=True, group="accounts")
    async def reload(self, keep_touches: bool = False) -> None:
        """Fetch the coverage, then the owners to filter by and the last touches (these unless only the filters
        changed: `keep_touches`)."""
        from eventdesk.store.accounts import last_touches
        from eventdesk.store.reps import list_reps

        self.loaded = False
        if self.prefetched:
            self.prefetched = False
        else:
            self.rows = await self.fetch()
            self._show()
        if not keep_touches or not self.owners:
            self.owners = [(r.id, r.name) for r in await list_reps(self.store)] + [(NO_OWNER, "no owner")]
        stale = monotonic() - self.touches_at > TOUCHES_MAX_AGE_S
        if self.touches is None or (stale and not keep_touches):
            self.touches, self.touches_at = await last_touches(self.store), monotonic()
        self._show_touches(self.touches)
        self.loaded = True

    def _show(self) -> None:
        table = self.query_one(DataTable)
        selected = self.selected()
        table.clear()
        for c in self.rows:
            a = c.account
            meetings = f"{c.held} held" + (f", {c.booked} booked" if c.booked else "")
            touch = Text("not yet reached", style="bold red") if c.missing else Text("…", style="dim")
            table.add_row(Text(f"T{a.tier}", style=TIER_STYLE[a.tier]), Text(a.name, style=TIER_STYLE[a.tier]),
                          a.owner_name or "", str(c.leads), meetings, touch, " ".join(a.domains), key=a.id)
        if selected in {c.account.id for c in self.rows}:
            table.move_cursor(row=table.get_row_index(selected))
        missing = sum(c.missing for c in self.rows)
        self.query_one("#coverage", Static).update(
            f"{len(self.rows)} target accounts: {self.filters.describe()}; {missing} tier-1/2 not yet reached")

    def _show_touches(self, touches: dict[str, str]) -> None:
        table, tz = self.query_one(DataTable), self.app.tz  # type: ignore[attr-defined]
        for c in self.rows:
            if c.missing:
                continue
            at = touches.get(c.account.id)
            text = Text(from_stored(at).astimezone(tz).strftime("%a %H:%M")) if at else Text("-", style="dim")
            table.update_cell(c.account.id, self.touch_column, text)

    def selected(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def selected_coverage(self) -> Coverage | None:
        key = self.selected()
        return next((c for c in self.rows if c.account.id == key), None)

    # --- filters and sort --------------------------------------------------------------------------------------
    def action_cycle_tier(self) -> None:
        self.filters.tier = cycle([1, 2, 3], self.filters.tier)
        self.reload(keep_touches=True)

    def action_cycle_owner(self) -> None:
        self.filters.owner = cycle(self.owners, self.filters.owner)
        self.reload(keep_touches=True)

    def action_cycle_reached(self) -> None:
        self.filters.reached = cycle([False, True], self.filters.reached)
        self.reload(keep_touches=True)

    def action_cycle_sort(self) -> None:
        self.filters.sort = COVERAGE_SORTS[(COVERAGE_SORTS.index(self.filters.sort) + 1) % len(COVERAGE_SORTS)]
        self.reload(keep_touches=True)

    # --- open, edit, add, book ---------------------------------------------------------------------------------
    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        from eventdesk.ui.screens.account_detail import AccountDetailScreen

        if c := self.selected_coverage():
            self.app.push_screen(AccountDetailScreen(c.account.id))

    def action_edit(self) -> None:
        from eventdesk.ui.screens.account_edit import AccountEditScreen

        if c := self.selected_coverage():
            self.app.push_screen(AccountEditScreen(c.account))

    def action_add(self) -> None:
        from eventdesk.ui.screens.account_edit import AccountEditScreen

        self.app.push_screen(AccountEditScreen(None))

    def action_book(self) -> None:
        from eventdesk.ui.screens.book_meeting import BookMeetingScreen

        if c := self.selected_coverage():
            self.app.push_screen(BookMeetingScreen(account=c.account))
