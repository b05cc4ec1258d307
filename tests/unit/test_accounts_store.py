"""Target accounts in the store: coverage with filters and sorts, last touch, edits, people and follow-ups."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from eventdesk.capture.qualify import rate_lead
from eventdesk.capture.service import CaptureService
from eventdesk.store.accounts import (
    NO_OWNER,
    account_coverage,
    account_id,
    answers_of,
    create_account,
    followups_about,
    get_account,
    last_touches,
    match_account,
    people_of,
    update_account,
)
from eventdesk.store.db import Store, open_store
from eventdesk.store.event import load_settings
from eventdesk.store.followups import NewFollowUp, add_followup
from eventdesk.store.leads import set_answer
from eventdesk.store.meetings import list_meetings, log_outcome
from eventdesk.store.reps import rep_id
from tests.ui.conftest import build_sample_event

DANA, MARCO, LI = (rep_id(f"{n}@example-vendor.com") for n in ("dana.reyes", "marco.bianchi", "li.wei"))
NOW = datetime(2026, 3, 10, 9, 5, tzinfo=UTC)


@pytest.fixture
async def store(tmp_path: Path, samples: Path):  # type: ignore[no-untyped-def]
    path = await build_sample_event(tmp_path / "booth.db", samples)
    async with await open_store(path) as opened:
        yield opened


async def capture(store: Store, *payloads: str) -> list[str]:
    service = CaptureService(store, await load_settings(store), now=lambda: NOW)
    return [(await service.capture(p, DANA)).lead.id for p in payloads]  # type: ignore[union-attr]


def names(rows) -> list[str]:  # type: ignore[no-untyped-def]
    return [c.account.name for c in rows]


async def test_coverage_before_and_after_the_booth_reaches_them(store: Store) -> None:
    before = {c.account.name: c for c in await account_coverage(store)}
    assert names(before.values()) == ["Brightwave Energy", "Tidewell Health", "Corvexa", "Hanse Robotics GmbH",
                                      "Stackline Analytics"]  # tier, then name
    assert [n for n, c in before.items() if c.missing] == ["Brightwave Energy", "Tidewell Health", "Corvexa",
                                                           "Hanse Robotics GmbH"]
    assert (before["Tidewell Health"].booked, before["Stackline Analytics"].missing) == (1, False)  # tier 3

    await capture(store, "EXPO26-000417", "grace.osei@tidewell.health")  # the same person twice: one lead
    brightwave = next(m for m in await list_meetings(store) if m.title == "Brightwave pricing")
    await log_outcome(store, brightwave.id, "done", "Pricing sent")
    after = {c.account.name: c for c in await account_coverage(store)}
    assert (after["Tidewell Health"].leads, after["Tidewell Health"].reached) == (1, True)
    assert (after["Brightwave Energy"].leads, after["Brightwave Energy"].held, after["Brightwave Energy"].reached,
            after["Brightwave Energy"].booked) == (0, 1, True, 0)
    assert await last_touches(store) == {account_id("Tidewell Health"): "2026-03-10T09:05:00.000+00:00"}


async def test_filters_and_sorts(store: Store) -> None:
    await capture(store, "EXPO26-000417")
    assert names(await account_coverage(store, tier=1)) == ["Brightwave Energy", "Tidewell Health"]
    assert names(await account_coverage(store, owner_rep_id=DANA)) == ["Tidewell Health", "Corvexa"]
    assert names(await account_coverage(store, reached=True)) == ["Tidewell Health"]
    assert names(await account_coverage(store, reached=False, tier=2, owner_rep_id=MARCO)) == ["Hanse Robotics GmbH"]
    assert names(await account_coverage(store, sort="leads"))[0] == "Tidewell Health"
    assert names(await account_coverage(store, sort="not reached"))[-1] == "Tidewell Health"
    assert names(await account_coverage(store, sort="owner")) == [
        "Tidewell Health", "Corvexa", "Stackline Analytics", "Brightwave Energy", "Hanse Robotics GmbH"]
    assert await account_coverage(store, owner_rep_id=NO_OWNER) == []
    await create_account(store, name="Nobody's Freight", domains=[], tier=3, owner_rep_id=None)
    assert names(await account_coverage(store, owner_rep_id=NO_OWNER)) == ["Nobody's Freight"]
    with pytest.raises(ValueError, match="sort"):
        await account_coverage(store, sort="colour")


async def test_edit_keeps_the_id_and_moves_the_domains(store: Store) -> None:
    corvexa = account_id("Corvexa")
    assert await update_account(store, corvexa, name="Corvexa Group", domains=["@Corvexa.DE", ""], tier=1,
                                owner_rep_id=LI)
    edited = await get_account(store, corvexa)
    assert edited is not None
    assert (edited.name, edited.domains, edited.tier, edited.owner_name) == (
        "Corvexa Group", ("corvexa.de",), 1, "Li Wei")
    assert (await match_account(store, "aisha@sales.corvexa.de", None)).id == corvexa  # type: ignore[union-attr]
    assert await match_account(store, "aisha.rahman@corvexa.com", None) is None  # the old domain is gone
    assert (await match_account(store, None, "corvexa group")).id == corvexa  # type: ignore[union-attr]
    with pytest.raises(ValueError, match="tier"):
        await update_account(store, corvexa, name="Corvexa", domains=[], tier=4, owner_rep_id=None)
    assert not await update_account(store, "no-such-account", name="X", domains=[], tier=2, owner_rep_id=None)


async def test_create_refuses_a_second_copy(store: Store) -> None:
    row_id = await create_account(store, name="Kestrel Parcel", domains=["kestrelparcel.co.uk"], tier=2,
                                  owner_rep_id=MARCO)
    created = await get_account(store, row_id)
    assert created is not None and (created.owner_name, created.tier) == ("Marco Bianchi", 2)
    with pytest.raises(ValueError, match="already a target account"):
        await create_account(store, name="  kestrel parcel ", domains=[], tier=1, owner_rep_id=None)


async def test_people_answers_and_followups_of_an_account(store: Store) -> None:
    settings = await load_settings(store)
    grace, ada = await capture(store, "EXPO26-000417",
                               '{"firstName": "Ada", "lastName": "Kim", "email": "ada.kim@tidewell.health"}')
    await rate_lead(store, settings, ada, "hot", DANA, now=NOW)  # adds a deadline follow-up on Ada
    await set_answer(store, grace, "timeline", "this year")
    tidewell = account_id("Tidewell Health")
    own = await add_followup(store, NewFollowUp(rep_id=DANA, account_id=tidewell, note="exec sponsor?"))
    assert [p.name for p in await people_of(store, tidewell)] == ["Ada Kim", "Grace Osei"]  # hot first
    assert await answers_of(store, [grace, ada]) == {grace: {"timeline": "this year"}}
    everything = await followups_about(store, account_id=tidewell)
    assert len(everything) == 2 and own in {f.id for f in everything}
    assert [f.id for f in await followups_about(store, account_id=tidewell, people=False)] == [own]
    assert [f.lead_name for f in await followups_about(store, lead_id=ada)] == ["Ada Kim"]
    assert await followups_about(store) == []
