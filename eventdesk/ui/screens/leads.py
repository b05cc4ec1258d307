"""Leads: everyone met at the booth, one page at a time, with search as you type.

The table never holds more than one page: each move asks the store for the next page by key
(store/lead_pages.py), so 100,000 leads scroll like 100.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from eventdesk.domain.times import from_stored
from eventdesk.store.lead_pages import SORT_KEYS, Page
from eventdesk.ui.screens.base import BoothScreen

PAGE_SIZE = 50  # a little more than a tall terminal shows: every row is real work for the table
SORTS = tuple(SORT_KEYS)


class LeadsScreen(BoothScreen):
    WATCHES = frozenset({"leads", "touches"})
    BINDINGS = [
        Binding("slash", "search", "Search", id="search"),
        Binding("n", "next_page", "Next page", id="next-page"),
        Binding("p", "previous_page", "Previous page", id="previous-page"),
        Binding("g", "first_page", "First", id="first-page"),
        Binding("G", "last_page", "Last", id="last-page"),
        Binding("s", "cycle_sort", "Sort", id="sort"),
        Binding("r", "reverse", "Reverse", id="reverse"),
    ]

    def compose_body(self) -> ComposeResult:
        yield Input(placeholder="Search name, email, company, title, notes… (Enter or Esc: back to the table)",
                    id="lead-search")
        yield DataTable(id="leads", cursor_type="row", zebra_stripes=True)
        yield Static("", id="lead-count", classes="muted")

    def on_mount(self) -> None:
        self.sort, self.descending = "captured", True
        self.current: Page | None = None
        self.query_one(DataTable).add_columns("captured", "rating", "name", "company", "account", "rep", "scans")
        self.query_one(DataTable).focus()

    @property
    def search(self) -> str | None:
        return self.query_one("#lead-search", Input).value.strip() or None

    def action_search(self) -> None:
        self.query_one("#lead-search", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.load()  # each keystroke cancels the search before it (exclusive worker)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one(DataTable).focus()

    def reload(self) -> None:
        """A change in the store: show the same place again (first page if we were at the start)."""
        if self.current is None or self.current.at_start or not self.current.keys:
            self.load()
        else:
            self.load(after=None, before=None, around=self.current.keys[0])

    def action_next_page(self) -> None:
        if self.current and not self.current.at_end and self.current.keys:
            self.load(after=self.current.keys[-1])

    def action_previous_page(self) -> None:
        if self.current and not self.current.at_start and self.current.keys:
            self.load(before=self.current.keys[0])

    def action_first_page(self) -> None:
        self.load()

    def action_last_page(self) -> None:
        self.load(last=True)

    def action_cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.descending = self.sort in ("captured", "rating")
        self.load()

    def action_reverse(self) -> None:
        self.descending = not self.descending
        self.load()

    @work(exclusive=True, group="leads")
    async def load(self, after=None, before=None, last: bool = False, around=None) -> None:  # type: ignore[no-untyped-def]
        from eventdesk.store.lead_pages import count_and_position, page

        if around is not None:
            # Re-show the page starting at `around`: the rows after the key just before it.
            previous = await page(self.store, sort=self.sort, descending=self.descending, before=around, size=1,
                                  search=self.search)
            after = previous.keys[0] if previous.keys else None
        current = await page(self.store, sort=self.sort, descending=self.descending, after=after, before=before,
                             last=last, size=PAGE_SIZE, search=self.search)
        first = current.keys[0] if current.keys and not current.at_start else None
        total, position = await count_and_position(self.store, first,
                                                   sort=self.sort, descending=self.descending, search=self.search)
        self.current = current
        self._show(current, total, position)

    def _show(self, current: Page, total: int, position: int) -> None:
        table = self.query_one(DataTable)
        table.clear()
        tz = self.app.tz  # type: ignore[attr-defined]
        for lead in current.leads:
            account = f"T{lead.tier} {lead.account_name}" if lead.account_name else ""
            table.add_row(from_stored(lead.captured_at).astimezone(tz).strftime("%a %H:%M"), lead.rating, lead.name,
                          lead.company or "", account, lead.rep_name or "", str(lead.touches), key=lead.id)
        from eventdesk.store.lead_pages import COUNT_CAP

        of = f"{COUNT_CAP:,}+" if total > COUNT_CAP else f"{total:,}"
        at = f"{COUNT_CAP:,}+" if position > COUNT_CAP else f"{position + 1}"
        shown = f"rows {at}-{position + len(current.leads)} of {of}" if current.leads else "no leads"
        matching = f" matching '{self.search}'" if self.search else ""
        order = f"sorted by {self.sort} {'descending' if self.descending else 'ascending'}"
        self.query_one("#lead-count", Static).update(f"{shown}{matching}, {order}   n/p page  g/G first/last  "
                                                     "s sort  r reverse  / search")
