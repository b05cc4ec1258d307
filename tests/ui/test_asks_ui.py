"""Asks driven by keys: a rep asks marketing from the lead card, the marketer answers on the Team screen,
and the rep sees the reply there and in the feed; the ask also shows on the account's card."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from textual.widgets import DataTable, Input, Static

from eventdesk.ui.app import EventDeskApp
from tests.ui.conftest import STAFF, burst, key_events, wait_until


def cells(table: DataTable) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(n)] for n in range(table.row_count)]


async def be(pilot, app, downs: int) -> None:  # type: ignore[no-untyped-def]
    """Choose who is at the desk with F12: reps by name are Dana, Li, Marco, Sofia."""
    await pilot.press("f12")
    await wait_until(pilot, lambda: type(app.screen).__name__ == "PickRepScreen" and app.screen.reps)
    await pilot.press(*["down"] * downs, "enter")
    await wait_until(pilot, lambda: type(app.screen).__name__ != "PickRepScreen")


async def team(pilot, app) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("f10")
    await wait_until(pilot, lambda: app.current_mode == "team" and getattr(app.screen, "loaded", False))


async def test_ask_from_the_lead_card_answered_by_marketing(sample_event: Path) -> None:
    app = EventDeskApp(sample_event, staff_email=STAFF)           # Dana Reyes, sales
    async with app.run_test(size=(140, 42)) as pilot:
        burst(app, key_events("grace.osei@tidewell.health"))
        await wait_until(pilot, lambda: getattr(app.screen, "saved", 0) >= 1)
        await pilot.press("escape", "k")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "RaiseAskScreen"
                         and not app.screen.query_one("#ask-whom").is_blank())
        assert "Tidewell Health (tier 1)" in str(app.screen.query_one(".muted", Static).render())
        await pilot.press(*"Send the cold-chain case study", "enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "CaptureScreen")
        with sqlite3.connect(sample_event) as conn:
            asked = conn.execute("SELECT r.name, b.name, f.kind, f.status, a.name FROM followups f "
                                 "JOIN reps r ON r.id = f.rep_id JOIN reps b ON b.id = f.created_by "
                                 "JOIN accounts a ON a.id = f.account_id WHERE f.kind = 'ask'").fetchall()
        assert asked == [("Sofia Andersson", "Dana Reyes", "ask", "open", "Tidewell Health")]  # sales asks marketing
        with sqlite3.connect(sample_event) as conn:
            (tidewell,) = conn.execute("SELECT id FROM accounts WHERE name = 'Tidewell Health'").fetchone()
        from eventdesk.ui.screens.account_detail import AccountDetailScreen

        app.push_screen(AccountDetailScreen(tidewell))               # the tier-1 account's card shows it
        await wait_until(pilot, lambda: getattr(app.screen, "loaded", False))
        card = str(app.screen.query_one("#account-asks", Static).render())
        assert "Open asks: 1" in card and "★ Dana Reyes → Sofia Andersson: Send the cold-chain case study" in card
        await pilot.press("escape")

        await be(pilot, app, 3)                                      # Sofia takes the laptop
        await team(pilot, app)
        asked_of = app.screen.query_one("#asked-of-table", DataTable)
        await wait_until(pilot, lambda: asked_of.row_count == 1)
        assert cells(asked_of)[0][:3] == ["open", "-", "Dana Reyes"] and "★" in cells(asked_of)[0][3]
        asked_of.focus()
        await pilot.press("d")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "NoteScreen")
        await pilot.press(*"Sent with the pricing sheet", "enter")
        await wait_until(pilot, lambda: cells(asked_of) and cells(asked_of)[0][0] == "done")

        await be(pilot, app, 0)                                      # Dana again
        await team(pilot, app)
        await pilot.press("2")
        asked_by = app.screen.query_one("#asked-by-table", DataTable)
        await wait_until(pilot, lambda: asked_by.row_count == 1)
        assert cells(asked_by)[0][0] == "done" and cells(asked_by)[0][-1] == "Sent with the pricing sheet"
        await pilot.press("3")
        feed = app.screen.query_one("#feed-table", DataTable)
        await wait_until(pilot, lambda: feed.row_count >= 2)
        kinds = [row[1] for row in cells(feed)]
        assert kinds[:2] == ["ask", "target scan"]                    # newest first
        assert "[done, reply: Sent with the pricing sheet]" in cells(feed)[0][-1]
    with sqlite3.connect(sample_event) as conn:
        assert conn.execute("SELECT status, reply FROM followups WHERE kind = 'ask'").fetchall() == [
            ("done", "Sent with the pricing sheet")]


async def test_decline_needs_no_lead_and_a_blank_ask_is_refused(sample_event: Path) -> None:
    app = EventDeskApp(sample_event, staff_email="sofia.andersson@example-vendor.com")   # marketing
    async with app.run_test(size=(140, 42)) as pilot:
        await team(pilot, app)
        await pilot.press("k")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "RaiseAskScreen"
                         and not app.screen.query_one("#ask-whom").is_blank())
        await pilot.press("enter")                                   # nothing written: refused, form stays
        await wait_until(pilot, lambda: "needs a text" in str(app.screen.query_one("#ask-error").render()))
        app.screen.query_one("#ask-text", Input).value = "Bring a solutions engineer to the booth at 14:00"
        app.screen.query_one("#ask-hours", Input).value = "3"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.current_mode == "team" and type(app.screen).__name__ == "TeamScreen")
        with sqlite3.connect(sample_event) as conn:
            assert conn.execute("SELECT r.role, f.due IS NOT NULL FROM followups f JOIN reps r ON r.id = f.rep_id"
                                ).fetchall() == [("sales", 1)]               # marketing asks sales


async def test_meeting_brief_shows_open_asks_on_its_account(sample_event: Path) -> None:
    from eventdesk.store.asks import raise_ask
    from eventdesk.store.db import open_store
    from eventdesk.store.meetings import list_meetings
    from eventdesk.store.reps import rep_id
    from eventdesk.ui.screens.meeting_brief import MeetingBriefScreen

    async with await open_store(sample_event) as store:
        review = next(m for m in await list_meetings(store) if m.title == "Tidewell platform review")
        await raise_ask(store, asked_of=rep_id(STAFF), asked_by=rep_id("sofia.andersson@example-vendor.com"),
                        text="Ask about their RFP timeline", account_id=review.account_id)
    app = EventDeskApp(sample_event, staff_email=STAFF)
    async with app.run_test(size=(140, 42)) as pilot:
        app.push_screen(MeetingBriefScreen(review.id))
        await wait_until(pilot, lambda: getattr(app.screen, "brief", None) is not None)
        await pilot.pause(0.2)
        import io

        from rich.console import Console

        console = Console(width=140, record=True, file=io.StringIO())
        console.print(app.screen.render_brief())
        text = console.export_text()
        assert "open asks" in text and "Sofia Andersson → Dana Reyes: Ask about their RFP timeline" in text
