"""Team (F10): asks between sales and marketing, and the booth's activity feed.

Three tabs: what others asked of the person at the desk, what they asked of others (with the replies),
and the feed of what happened (target accounts scanned, meetings held or missed, hot leads, follow-ups
and asks), filtered by kind, tier, rep and account, newest first, a page at a time.
"""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Select, Static, TabbedContent, TabPane

from eventdesk.domain.times import from_stored
from eventdesk.store.feed import KINDS, FeedFilter, FeedItem
from eventdesk.ui.screens.base import BoothScreen

KIND_LABEL = {"target": "target scan", "meeting": "meeting", "hot": "hot lead", "followup": "follow-up", "ask": "ask"}
KIND_STYLE = {"target": "bold magenta", "meeting": "cyan", "hot": "bold red", "followup": "", "ask": "yellow"}
STATUS_STYLE = {"open": "bold", "done": "green", "declined": "red", "dropped": "dim"}


class TeamScreen(BoothScreen):
    WATCHES = frozenset({"followups", "meetings", "leads", "touches", "accounts", "reps"})
    BINDINGS = [
        Binding("k", "raise_ask", "Ask someone", id="raise-ask"),
        Binding("d", "answer('done')", "Done", id="ask-done"),
        Binding("x", "answer('declined')", "Decline", id="ask-decline"),
        Binding("o", "answer('open')", "Reopen", id="ask-reopen"),
        Binding("1", "tab('asked-of')", "Asked of me", show=False),
        Binding("2", "tab('asked-by')", "Asked by me", show=False),
        Binding("3", "tab('feed')", "Feed", show=False),
    ]
    DEFAULT_CSS = """
    TeamScreen #team-tabs { height: 1fr; }
    TeamScreen #team-tabs ContentSwitcher { height: 1fr; }
    TeamScreen TabPane { height: 1fr; padding: 0; }
    TeamScreen #feed-filters { height: 3; }
    TeamScreen #feed-filters Select { width: 1fr; }
    """

    def compose_body(self) -> ComposeResult:
        yield Static("", id="team-summary", classes="panel-title")
        with TabbedContent(id="team-tabs"):
            with TabPane("Asked of me [1]", id="asked-of"):
                yield DataTable(id="asked-of-table", cursor_type="row", zebra_stripes=True)
            with TabPane("Asked by me [2]", id="asked-by"):
                yield DataTable(id="asked-by-table", cursor_type="row", zebra_stripes=True)
            with TabPane("Feed [3]", id="feed"):
                with Horizontal(id="feed-filters"):
                    yield Select([(KIND_LABEL[k], k) for k in KINDS], prompt="every kind", id="feed-kind")
                    yield Select([(f"tier {t}", t) for t in (1, 2, 3)], prompt="every tier", id="feed-tier")
                    yield Select([], prompt="every rep", id="feed-rep")
                    yield Select([], prompt="every account", id="feed-account")
                yield DataTable(id="feed-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        for table_id in ("asked-of-table", "asked-by-table"):
            self.query_one(f"#{table_id}", DataTable).add_columns("status", "due", "from / to", "about", "ask", "reply")
        self.query_one("#feed-table", DataTable).add_columns("when", "kind", "rep", "account", "what")
        self.feed: list[FeedItem] = []
        self.feed_done = False
        self.feed_lock = asyncio.Lock()  # a reload, a filter change and "more" must not add rows at once
        self.loaded = False
        self.load_filters()

    # --- asks ------------------------------------------------------------------------------------------------
    def _mine(self) -> str | None:
        staff = self.app.staff  # type: ignore[attr-defined]
        return staff.id if staff else None

    @work(exclusive=True, group="team")
    async def reload(self) -> None:
        from eventdesk.store.asks import all_asks, asked_by, asked_of

        me = self._mine()
        of_me = await asked_of(self.store, me) if me else await all_asks(self.store)
        by_me = await asked_by(self.store, me) if me else []
        now = self.app.now()  # type: ignore[attr-defined]
        self._fill_asks("asked-of-table", of_me, now, incoming=True)
        self._fill_asks("asked-by-table", by_me, now, incoming=False)
        waiting = sum(a.item.status == "open" for a in of_me)
        late = sum(a.item.status == "open" and a.item.due is not None and from_stored(a.item.due) < now for a in of_me)
        who = "you" if me else "anyone (choose who is at the desk with F12)"
        self.query_one("#team-summary", Static).update(
            f"Asked of {who}: {waiting} open, {late} overdue   ·   asked by you: "
            f"{sum(a.item.status == 'open' for a in by_me)} waiting   ·   k ask someone, d done, x decline, o reopen")
        await self._load_feed(reset=True)
        self.loaded = True

    def _fill_asks(self, table_id: str, asks, now, *, incoming: bool) -> None:  # type: ignore[no-untyped-def]
        table = self.query_one(f"#{table_id}", DataTable)
        table.clear()
        tz = self.app.tz  # type: ignore[attr-defined]
        for ask in asks:
            item = ask.item
            late = item.status == "open" and item.due is not None and from_stored(item.due) < now
            due = from_stored(item.due).astimezone(tz).strftime("%a %H:%M") if item.due else "-"
            other = ask.asked_by_name if incoming else ask.asked_of_name
            about = ", ".join(p for p in (item.lead_name, item.account_name) if p)
            if ask.account_tier == 1:
                about = f"★ {about}"  # a tier-1 account: the ones that matter most
            table.add_row(Text(item.status, style=STATUS_STYLE.get(item.status, "")),
                          Text(due + (" OVERDUE" if late else ""), style="bold red" if late else ""),
                          other or "?", about, item.note, item.reply, key=item.id)

    def _selected_ask(self) -> str | None:
        active = self.query_one(TabbedContent).active
        if active not in ("asked-of", "asked-by"):
            return None
        table = self.query_one(f"#{active}-table", DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def action_answer(self, status: str) -> None:
        from eventdesk.ui.screens.note import NoteScreen

        ask_id = self._selected_ask()
        if ask_id is None:
            self.notify("Choose an ask first (tab 1 or 2)", severity="warning")
            return
        if status == "open":
            self._answer(ask_id, status, "")
            return
        prompt = "Reply (what was done)" if status == "done" else "Why decline? (they will read it)"
        self.app.push_screen(NoteScreen(prompt), lambda reply: self._answer(ask_id, status, reply))

    @work(group="team-edit")
    async def _answer(self, ask_id: str, status: str, reply: str | None) -> None:
        from eventdesk.store.asks import answer_ask

        if reply is None:
            return  # cancelled
        await answer_ask(self.store, ask_id, status, reply)
        self.notify({"done": "Ask done", "declined": "Ask declined", "open": "Ask reopened"}[status])

    def action_raise_ask(self) -> None:
        from eventdesk.ui.screens.raise_ask import RaiseAskScreen

        self.app.push_screen(RaiseAskScreen())

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        table = self.query_one(f"#{tab}-table", DataTable)
        table.focus()

    # --- feed ------------------------------------------------------------------------------------------------
    @work(exclusive=True, group="team-filters")
    async def load_filters(self) -> None:
        from eventdesk.store.accounts import list_accounts
        from eventdesk.store.reps import list_reps

        self.query_one("#feed-rep", Select).set_options([(r.name, r.id) for r in await list_reps(self.store)])
        self.query_one("#feed-account", Select).set_options(
            [(f"{a.name} (tier {a.tier})", a.id) for a in sorted(await list_accounts(self.store),
                                                                  key=lambda a: (a.tier, a.name.lower()))])

    def _filter(self) -> FeedFilter:
        def value(select_id: str):  # type: ignore[no-untyped-def]
            select = self.query_one(f"#{select_id}", Select)
            return None if select.is_blank() else select.value

        kind = value("feed-kind")
        return FeedFilter(rep_id=value("feed-rep"), account_id=value("feed-account"), tier=value("feed-tier"),
                          kinds=(kind,) if kind else KINDS)

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id and event.select.id.startswith("feed-"):
            self.refresh_feed()

    @work(exclusive=True, group="team-feed")
    async def refresh_feed(self) -> None:
        await self._load_feed(reset=True)

    async def _load_feed(self, *, reset: bool) -> None:
        async with self.feed_lock:
            await self._feed_page(reset)

    async def _feed_page(self, reset: bool) -> None:
        from eventdesk.store.feed import PAGE, feed_page

        table = self.query_one("#feed-table", DataTable)
        if reset:
            self.feed, self.feed_done = [], False
            table.clear()
        if self.feed_done:
            return
        page = await feed_page(self.store, self._filter(), before=self.feed[-1].cursor if self.feed else None)
        self.feed_done = len(page) < PAGE
        self.feed += page
        tz = self.app.tz  # type: ignore[attr-defined]
        for item in page:
            when = from_stored(item.at).astimezone(tz).strftime("%a %H:%M")
            account = f"{item.account_name} (t{item.tier})" if item.account_name else ""
            table.add_row(when, Text(KIND_LABEL[item.kind], style=KIND_STYLE[item.kind]), item.rep_name or "",
                          account, item.text, key=f"{item.kind}:{item.id}")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Near the end of the feed's loaded rows, the next page is read (a page at a time, never all)."""
        table = event.data_table
        if table.id == "feed-table" and not self.feed_done and event.cursor_row >= table.row_count - 5:
            self.more_feed()

    @work(exclusive=True, group="team-feed-more")
    async def more_feed(self) -> None:
        await self._load_feed(reset=False)
