"""The capture service on a real file: journal first, dedupe across formats, account match, qualifying."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from eventdesk.capture.qualify import rate_lead
from eventdesk.capture.service import CaptureService
from eventdesk.store.db import Store, open_store
from eventdesk.store.event import load_settings
from eventdesk.store.followups import list_followups
from eventdesk.store.reps import rep_by_email
from tests.ui.conftest import build_sample_event


@pytest.fixture
async def service(tmp_path: Path, samples: Path):  # type: ignore[no-untyped-def]
    path = await build_sample_event(tmp_path / "booth.db", samples)
    store = await open_store(path)
    yield CaptureService(store, await load_settings(store))
    await store.close()


async def count(store: Store, sql: str) -> int:
    return int(await store.scalar(sql))


async def test_same_badge_id_across_formats_is_one_lead(service: CaptureService) -> None:
    first = await service.capture("MECARD:CONF:7QX2KD9LPW;N:Berg,Henrik;EMAIL:henrik.berg@fjordsoft.no;;")
    again = await service.capture("7QX2KD9LPW^Henrik^Berg^^CTO^Fjordsoft")
    assert (first.outcome, again.outcome) == ("new", "touch")
    assert again.lead and again.lead.id == first.lead.id and again.lead.touches == 2  # type: ignore[union-attr]
    assert again.lead.title == "CTO"  # the re-scan filled a field the first scan lacked
    assert await count(service.store, "SELECT count(*) FROM leads") == 1


async def test_same_email_in_any_case_is_one_lead(service: CaptureService) -> None:
    vcard = "BEGIN:VCARD\nVERSION:3.0\nN:Lindqvist;Maja\nEMAIL:maja.lindqvist@nordlicht-logistics.se\nEND:VCARD"
    first = await service.capture(vcard)
    again = await service.capture("Maja.Lindqvist@NORDLICHT-LOGISTICS.SE")
    assert again.outcome == "touch" and again.lead and again.lead.id == first.lead.id  # type: ignore[union-attr]


async def test_tier1_account_by_domain_and_by_company(service: CaptureService) -> None:
    dana = await rep_by_email(service.store, "dana.reyes@example-vendor.com")
    by_domain = await service.capture("someone@tidewell.health", dana.id if dana else None)
    assert by_domain.account and by_domain.account.name == "Tidewell Health" and by_domain.alert
    assert by_domain.account.owner_name == "Dana Reyes"
    assert by_domain.meetings and by_domain.meetings[0].title == "Tidewell platform review"
    assert "Tier 1" in by_domain.message
    by_name = await service.capture('{"firstName": "Kai", "lastName": "Ro", "company": "HANSE ROBOTICS", '
                                    '"email": "kai@gmail.com"}')
    assert by_name.account and by_name.account.tier == 2 and by_name.alert
    plain = await service.capture("Ana^Lima^ana@unknown.example")
    assert plain.outcome != "refused" and plain.account is None and not plain.alert


async def test_rescan_says_when_and_by_whom(service: CaptureService) -> None:
    dana = await rep_by_email(service.store, "dana.reyes@example-vendor.com")
    await service.capture("sam.whitfield@ridgeway-capital.co.uk", dana.id if dana else None)
    again = await service.capture("sam.whitfield@ridgeway-capital.co.uk")
    assert again.previous and again.previous.endswith("by Dana") and "scanned before, at" in again.message


async def test_refused_and_unmatched_are_journaled(service: CaptureService) -> None:
    refused = await service.capture("WIFI:T:WPA;S:Hall;P:x;;")
    unmatched = await service.capture("XJ-??-blob")
    unknown_id = await service.capture("EXPO26-999999")
    assert (refused.outcome, unmatched.outcome, unknown_id.outcome) == ("refused", "unmatched", "unmatched")
    assert "not in the attendee list" in unknown_id.message
    rows = await service.store.all("SELECT raw, outcome FROM scans ORDER BY at")
    assert [tuple(r) for r in rows] == [("WIFI:T:WPA;S:Hall;P:x;;", "refused"), ("XJ-??-blob", "unmatched"),
                                       ("EXPO26-999999", "unmatched")]
    assert await count(service.store, "SELECT count(*) FROM leads") == 0


async def test_bare_id_is_looked_up(service: CaptureService) -> None:
    result = await service.capture("EXPO26-000417")
    assert result.outcome == "new" and result.lead and result.lead.email == "grace.osei@tidewell.health"


async def test_undo_new_and_touch(service: CaptureService) -> None:
    first = await service.capture("a.b@example.org")
    second = await service.capture("a.b@example.org")
    assert await service.undo(second)
    assert await count(service.store, "SELECT count(*) FROM touches WHERE deleted = 0") == 1
    assert await service.undo(first)
    assert await count(service.store, "SELECT count(*) FROM leads WHERE deleted = 0") == 0
    assert await count(service.store, "SELECT count(*) FROM leads WHERE deleted = 1 AND email IS NULL") == 1


async def test_rating_sets_and_moves_the_followup_deadline(service: CaptureService) -> None:
    lead = (await service.capture("hot.prospect@example.org")).lead
    assert lead is not None
    rated = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    due = await rate_lead(service.store, service.settings, lead.id, "hot", None, now=rated)
    assert due == "2026-03-11T09:00:00.000+00:00"  # hot: 24 h (event.toml)
    await rate_lead(service.store, service.settings, lead.id, "warm", None, now=rated)
    items = [f for f in await list_followups(service.store) if f.lead_id == lead.id]
    assert len(items) == 1 and items[0].due == "2026-03-13T09:00:00.000+00:00"  # moved, not doubled
    await rate_lead(service.store, service.settings, lead.id, "unrated", None, now=rated)
    assert not [f for f in await list_followups(service.store) if f.lead_id == lead.id]


async def test_undone_lead_takes_its_followups_along(service: CaptureService) -> None:
    result = await service.capture("rated.then.undone@example.org")
    assert result.lead is not None
    await rate_lead(service.store, service.settings, result.lead.id, "hot", None)
    assert [f for f in await list_followups(service.store) if f.lead_id == result.lead.id]
    assert await service.undo(result)
    assert not [f for f in await list_followups(service.store) if f.lead_id == result.lead.id]


async def test_undo_of_a_rescan_empties_what_it_filled_in(service: CaptureService) -> None:
    from eventdesk.store.leads import get_lead, update_lead

    first = await service.capture("mira.okafor@example.org")
    second = await service.capture("BEGIN:VCARD\nVERSION:3.0\nN:Okafor;Mira\nFN:Mira Okafor\n"
                                   "EMAIL:mira.okafor@example.org\n"
                                   "ORG:Wrong Badge Ltd\nTITLE:Buyer\nEND:VCARD")
    assert second.outcome == "touch" and first.lead is not None
    assert dict(second.filled) == {"first_name": "Mira", "last_name": "Okafor", "company": "Wrong Badge Ltd",
                                   "title": "Buyer"}
    await update_lead(service.store, first.lead.id, title="Head of Buying")  # edited by hand since: kept
    assert await service.undo(second)
    lead = await get_lead(service.store, first.lead.id)
    assert lead is not None
    assert (lead.first_name, lead.last_name, lead.company, lead.title) == (None, None, None, "Head of Buying")
    assert await count(service.store, "SELECT count(*) FROM touches WHERE deleted = 0") == 1
