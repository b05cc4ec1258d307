"""The Capture screen driven like a booth: scanner bursts, multi-line vCards, qualifying by key."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from textual.widgets import Static

from eventdesk.ui.app import EventDeskApp
from eventdesk.ui.widgets.lead_card import LeadCard
from eventdesk.ui.widgets.scan_field import ScanField
from tests.ui.conftest import CLOCK, STAFF, burst, key_events, wait_until


def fifty_badges() -> list[tuple[str, str, str]]:
    """(payload, expected first name, expected last name) in every format, each a different person."""
    out = []
    for i in range(50):
        first, last = f"Name{i:02d}", f"Person{i:02d}"
        kind = i % 6
        if kind == 0:
            payload = (f"BEGIN:VCARD\nVERSION:3.0\nN:{last};{first};;;\nFN:{first} {last}\nORG:Firm {i}\n"
                       f"EMAIL;TYPE=WORK:{first.lower()}.{last.lower()}@firm{i}.example.com\nEND:VCARD")
        elif kind == 1:
            payload = f"MECARD:N:{last},{first};ORG:Firm {i};EMAIL:p{i}@firm{i}.example.com;;"
        elif kind == 2:
            payload = (f"ID{i:04d}X^{first}^{last}^p{i}@firm{i}.example.com^Buyer^Firm {i}"
                       f"^Austin^TX^78701^512-555-01{i:02d}")
        elif kind == 3:
            payload = json.dumps({"id": f"J-{i}", "firstName": first, "lastName": last,
                                  "email": f"p{i}@firm{i}.example.com"})
        elif kind == 4:
            payload = f"https://reg.example-expo.com/b?aid=U{i}&fn={first}&ln={last}&em=p{i}%40firm{i}.example.com"
        else:
            payload = (f"BEGIN:VCARD\r\nVERSION:2.1\r\nN:{last};{first}\r\nEMAIL;PREF;INTERNET:p{i}@firm{i}.example.com"
                       "\r\nEND:VCARD")
        out.append((payload, first, last))
    return out


async def test_fifty_badges_in_one_burst_make_fifty_leads(sample_event: Path) -> None:
    badges = fifty_badges()
    app = EventDeskApp(sample_event, staff_email=STAFF, clock=CLOCK)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        keys = []
        for n, (payload, _, _) in enumerate(badges):
            keys += key_events(payload, terminator=("enter", "ctrl+j", "tab")[n % 3])
        burst(app, keys)  # every key of all 50 scans at once, faster than the screen refreshes
        await wait_until(pilot, lambda: getattr(app.screen, "saved", 0) >= 50)
        assert app.screen.query_one(ScanField).scans_posted == 50
    with sqlite3.connect(sample_event) as conn:
        rows = conn.execute("SELECT first_name, last_name, captured_by FROM leads WHERE deleted = 0").fetchall()
        outcomes = conn.execute("SELECT outcome, count(*) FROM scans GROUP BY outcome").fetchall()
    assert sorted((r[0], r[1]) for r in rows) == sorted((f, la) for _, f, la in badges)
    assert all(r[2] is not None for r in rows)  # every scan records who was at the desk
    assert outcomes == [("new", 50)]


async def test_rescan_is_a_touch_and_says_when(sample_event: Path, samples: Path) -> None:
    mecard = json.loads((samples / "badges.json").read_text())[2]["payload"]
    app = EventDeskApp(sample_event, staff_email=STAFF, clock=CLOCK)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for _ in range(2):
            burst(app, key_events(mecard))
        await wait_until(pilot, lambda: getattr(app.screen, "saved", 0) >= 2)
        card = app.screen.query_one(LeadCard)
        assert card.state is not None and card.state.outcome == "touch"
        assert card.state.previous and "by Dana" in card.state.previous
        assert card.state.lead.touches == 2
        alert = app.screen.query_one("#alert", Static)
        assert alert.has_class("shown") and "TIER 1" in str(alert.render())  # Brightwave is tier 1
    with sqlite3.connect(sample_event) as conn:
        assert conn.execute("SELECT count(*) FROM leads").fetchone()[0] == 1


async def test_qualify_by_keys(sample_event: Path, samples: Path) -> None:
    vcard = json.loads((samples / "badges.json").read_text())[0]["payload"]
    app = EventDeskApp(sample_event, staff_email=STAFF, clock=CLOCK)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        burst(app, key_events(vcard))
        await wait_until(pilot, lambda: getattr(app.screen, "saved", 0) >= 1)
        await pilot.press("escape")  # to the lead card
        assert isinstance(app.focused, LeadCard)
        await pilot.press("h", "2", "3", "s")  # hot, timeline: this year, fleet: >500, consent
        await pilot.pause(0.3)
        await pilot.press("enter")
        assert isinstance(app.focused, ScanField)
    with sqlite3.connect(sample_event) as conn:
        rating, consent, by = conn.execute("SELECT rating, consent, consent_by FROM leads").fetchone()
        answers = dict(conn.execute("SELECT question_key, answer FROM answers WHERE deleted = 0").fetchall())
    assert (rating, consent) == ("hot", 1) and by is not None
    assert answers == {"timeline": "this year", "fleet_size": ">500"}


async def test_refused_and_unmatched_are_journaled(sample_event: Path) -> None:
    app = EventDeskApp(sample_event, staff_email=STAFF, clock=CLOCK)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        burst(app, key_events("WIFI:T:WPA;S:ExpoHall-Guest;P:welcome2026;;") + key_events("XJ-??-blob-0001"))
        await wait_until(pilot, lambda: getattr(app.screen, "saved", 0) >= 2)
    with sqlite3.connect(sample_event) as conn:
        rows = conn.execute("SELECT raw, outcome FROM scans ORDER BY at").fetchall()
    assert rows == [("WIFI:T:WPA;S:ExpoHall-Guest;P:welcome2026;;", "refused"), ("XJ-??-blob-0001", "unmatched")]


async def test_undo_last_scan_leaves_a_tombstone(sample_event: Path) -> None:
    app = EventDeskApp(sample_event, staff_email=STAFF, clock=CLOCK)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        burst(app, key_events("sam.whitfield@ridgeway-capital.co.uk"))
        await wait_until(pilot, lambda: getattr(app.screen, "saved", 0) >= 1)
        await pilot.press("escape", "u")
        await pilot.pause(0.3)
    with sqlite3.connect(sample_event) as conn:
        assert conn.execute("SELECT deleted, email FROM leads").fetchall() == [(1, None)]


async def test_pasted_vcard_is_one_scan(sample_event: Path, samples: Path) -> None:
    from textual import events

    vcard = json.loads((samples / "badges.json").read_text())[1]["payload"]
    app = EventDeskApp(sample_event, staff_email=STAFF, clock=CLOCK)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.screen.query_one(ScanField).post_message(events.Paste(vcard + "\n"))
        await wait_until(pilot, lambda: getattr(app.screen, "saved", 0) >= 1)
    with sqlite3.connect(sample_event) as conn:
        assert conn.execute("SELECT first_name, phone FROM leads").fetchall() == [("Tomás", "+34915550199")]


async def test_book_a_meeting_from_the_lead_card(sample_event: Path) -> None:
    """A tier-1 visitor at the desk: `b` on their card books a meeting with them, their account's owner as rep."""
    from textual.widgets import Select

    app = EventDeskApp(sample_event, staff_email=STAFF, clock=CLOCK)
    async with app.run_test(size=(130, 40)) as pilot:
        await pilot.pause()
        burst(app, key_events("noor.haddad@brightwave.io"))
        await wait_until(pilot, lambda: getattr(app.screen, "saved", 0) >= 1)
        await pilot.press("escape", "b")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "BookMeetingScreen")
        modal = app.screen
        await wait_until(pilot, lambda: not modal.query_one("#rep", Select).is_blank())
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "CaptureScreen")
    with sqlite3.connect(sample_event) as conn:
        booked = conn.execute("SELECT m.title, r.email, m.account_id = l.account_id FROM meetings m "
                              "JOIN reps r ON r.id = m.rep_id JOIN leads l ON l.id = m.lead_id").fetchall()
    # Only an email on the badge: the title names the person by it; the owner of Brightwave (tier 1) is the rep.
    assert booked == [("Meeting with noor.haddad@brightwave.io", "marco.bianchi@example-vendor.com", 1)]


async def test_withdrawn_consent_keeps_when_and_who(sample_event: Path) -> None:
    """`s` twice: consent given, then withdrawn; the withdrawal is stamped, so a merge keeps it over the older yes."""
    app = EventDeskApp(sample_event, staff_email=STAFF, clock=CLOCK)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        burst(app, key_events("sam.whitfield@ridgeway-capital.co.uk"))
        await wait_until(pilot, lambda: getattr(app.screen, "saved", 0) >= 1)
        card = app.screen.query_one(LeadCard)
        await pilot.press("escape", "s")
        await wait_until(pilot, lambda: card.state is not None and card.state.lead.consent)
        await pilot.press("s")
        await wait_until(pilot, lambda: card.state is not None and not card.state.lead.consent)
    with sqlite3.connect(sample_event) as conn:
        consent, text, at, by = conn.execute(
            "SELECT consent, consent_text, consent_at, consent_by FROM leads").fetchone()
    assert (consent, text) == (0, None) and at is not None and by is not None
