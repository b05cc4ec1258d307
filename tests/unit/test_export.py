"""CRM and follow-up exports: preset columns and mappings on the sample event, Excel safety, round trips."""

from __future__ import annotations

import csv
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from eventdesk.domain.contact import email_key
from eventdesk.domain.settings import load_toml
from eventdesk.handoff.csvwrite import FORMULA_STARTS, neutralise
from eventdesk.handoff.export import export_crm
from eventdesk.handoff.followups_csv import HEADER as FOLLOWUP_HEADER
from eventdesk.handoff.followups_csv import export_followups
from eventdesk.handoff.imports import import_csv
from eventdesk.handoff.presets import NOT_PROVIDED
from eventdesk.store.db import Store, open_store
from eventdesk.store.event import save_settings
from eventdesk.store.followups import NewFollowUp, add_followup
from eventdesk.store.leads import NewLead, insert_lead_in, set_answer, update_lead
from eventdesk.store.reps import rep_id

DANA, MARCO = "dana.reyes@example-vendor.com", "marco.bianchi@example-vendor.com"


async def sample_event(path: Path, samples: Path) -> Store:
    store = await open_store(path)
    await save_settings(store, load_toml((samples / "event.toml").read_text()))
    for kind in ("reps", "accounts", "attendees"):
        await import_csv(store, kind, samples / f"{kind}.csv")
    return store


async def add_lead(store: Store, captured_at: str, rep: str | None = None, **fields: Any) -> str:
    from eventdesk.store.accounts import match_account

    account = await match_account(store, fields.get("email"), fields.get("company"))
    async with store.write("leads") as conn:
        return await insert_lead_in(conn, store, NewLead(
            captured_at=captured_at, email_key=email_key(fields.get("email")), rep_id=rep_id(rep) if rep else None,
            account_id=account.id if account else None, **fields))


@pytest.fixture
async def event(tmp_path: Path, samples: Path):  # type: ignore[no-untyped-def]
    """The sample event with three leads from the sample attendees, qualified in different ways."""
    store = await sample_event(tmp_path / "event.db", samples)
    grace = await add_lead(store, "2026-03-10T09:15:30.000+00:00", DANA, badge_id="EXPO26-000417", first_name="Grace",
                           last_name="Osei", email="grace.osei@tidewell.health", company="Tidewell Health",
                           title="Director of IT", phone="+442079460958")
    await update_lead(store, grace, rating="hot", stage="MQL", consent=1, consent_text="ok",
                      notes="budget Q3\nsend deck")
    await set_answer(store, grace, "timeline", "this quarter")
    await set_answer(store, grace, "fleet_size", ">500")
    jonas = await add_lead(store, "2026-03-11T15:00:00.000+00:00", MARCO, badge_id="EXPO26-000418",
                           first_name="Jonas", last_name="Meyer", email="jonas.meyer@kraftwerk-it.de",
                           title="IT-Leiter, \"Infra\"")
    await update_lead(store, jonas, rating="cold", stage="disqualified")
    await add_lead(store, "2026-03-12T08:00:00.000+00:00", None, first_name="Siobhan",
                   notes="=HYPERLINK(\"http://evil\")")
    await add_followup(store, NewFollowUp(rep_id=rep_id(DANA), lead_id=grace, action="call", note="call about fleet",
                                          due="2026-03-11T09:00:00.000+00:00", created_by=rep_id(MARCO)))
    await add_followup(store, NewFollowUp(rep_id=rep_id(MARCO), lead_id=jonas, action="email", note="-1 discount?"))
    yield store
    await store.close()


def read(path: Path, excel: bool = False) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") == excel
    with path.open(encoding="utf-8-sig" if excel else "utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


async def test_hubspot_columns_and_values(event: Store, tmp_path: Path) -> None:
    out = tmp_path / "hubspot.csv"
    result = await export_crm(event, "hubspot", out)
    rows = read(out)
    assert list(rows[0]) == [
        "First Name", "Last Name", "Email", "Phone Number", "Company Name", "Job Title", "Website URL",
        "Contact owner", "Lead Status", "Lifecycle Stage", "Lead Rating", "Unsubscribed from all email", "Event",
        "Captured At", "Badge ID", "Target Account", "Account Tier", "Event Notes", "Buying timeline?", "Fleet size"]
    grace, jonas, siobhan = rows
    assert grace["First Name"] == "Grace" and grace["Email"] == "grace.osei@tidewell.health"
    assert grace["Phone Number"] == "+442079460958"                              # E.164 as stored
    assert grace["Contact owner"] == DANA and grace["Lead Rating"] == "Hot"
    assert (grace["Lead Status"], grace["Lifecycle Stage"]) == ("Open", "Marketing Qualified Lead")
    assert grace["Unsubscribed from all email"] == "false" and jonas["Unsubscribed from all email"] == "true"
    assert grace["Event"] == "Logistics Tech Expo 2026" and grace["Badge ID"] == "EXPO26-000417"
    assert grace["Captured At"] == "2026-03-10T10:15:30+01:00"                   # the event's zone, Berlin
    assert (grace["Target Account"], grace["Account Tier"]) == ("Tidewell Health", "1")
    assert (grace["Buying timeline?"], grace["Fleet size"]) == ("this quarter", ">500")
    assert grace["Event Notes"] == "budget Q3\nsend deck"
    assert (jonas["Lead Status"], jonas["Lifecycle Stage"], jonas["Lead Rating"]) == ("Unqualified", "Other", "Cold")
    assert siobhan["Lead Rating"] == "" and siobhan["Lead Status"] == "New"
    assert (result.rows, result.opted_out) == (3, 2)


async def test_salesforce_columns_company_and_description(event: Store, tmp_path: Path) -> None:
    out = tmp_path / "sf.csv"
    await export_crm(event, "salesforce", out)
    grace, jonas, siobhan = read(out)
    assert list(grace) == ["First Name", "Last Name", "Company", "Email", "Phone", "Title", "Website", "Lead Source",
                           "Rating", "Lead Status", "Description", "Email Opt Out", "Record Owner"]
    assert grace["Company"] == "Tidewell Health"
    assert jonas["Company"] == "kraftwerk-it.de"                 # no company: the email's domain
    assert siobhan["Company"] == NOT_PROVIDED and siobhan["Last Name"] == NOT_PROVIDED
    assert (grace["Rating"], jonas["Rating"], siobhan["Rating"]) == ("Hot", "Cold", "")
    assert grace["Lead Status"] == "Open - Not Contacted" and jonas["Lead Status"] == "Closed - Not Converted"
    assert (grace["Email Opt Out"], jonas["Email Opt Out"]) == ("0", "1")
    assert grace["Lead Source"] == "Trade Show" and grace["Record Owner"] == DANA
    description = grace["Description"].split("\n")
    assert description[0] == "Event: Logistics Tech Expo 2026"
    assert {"Captured: 2026-03-10T10:15:30+01:00", "Badge ID: EXPO26-000417", "Buying timeline?: this quarter",
            "Fleet size: >500", "Target account: Tidewell Health (tier 1)"} <= set(description)
    assert grace["Description"].endswith("Notes: budget Q3\nsend deck")


async def test_generic_has_every_field(event: Store, tmp_path: Path) -> None:
    out = tmp_path / "all.csv"
    await export_crm(event, "generic", out)
    rows = read(out)
    assert list(rows[0])[:3] == ["id", "badge_id", "first_name"]
    assert list(rows[0])[-2:] == ["answer:timeline", "answer:fleet_size"]
    grace = rows[0]
    assert (grace["rating"], grace["stage"], grace["consent"], grace["rep"]) == ("hot", "MQL", "true", DANA)
    assert (grace["account"], grace["tier"], grace["touches"]) == ("Tidewell Health", "1", "0")
    assert grace["answer:fleet_size"] == ">500" and rows[1]["title"] == 'IT-Leiter, "Infra"'


async def test_filters(event: Store, tmp_path: Path) -> None:
    out = tmp_path / "f.csv"
    assert (await export_crm(event, "generic", out, rep=DANA.upper())).rows == 1
    assert (await export_crm(event, "generic", out, rating=["hot", "cold"])).rows == 2
    assert (await export_crm(event, "generic", out, since="2026-03-11")).rows == 2      # midnight, Berlin
    assert (await export_crm(event, "generic", out, since="2026-03-11T16:00", rating="cold")).rows == 1
    assert [r["first_name"] for r in read(out)] == ["Jonas"]
    for bad in ({"rep": "nobody@example.com"}, {"rating": "lukewarm"}, {"since": "yesterday"}):
        with pytest.raises(ValueError):
            await export_crm(event, "generic", out, **bad)
    with pytest.raises(ValueError, match="unknown preset"):
        await export_crm(event, "pipedrive", out)


async def test_excel_neutralises_every_formula_start(event: Store, tmp_path: Path) -> None:
    lead = (await event.all("SELECT id FROM leads WHERE first_name = 'Siobhan'"))[0][0]
    plain, excel = tmp_path / "plain.csv", tmp_path / "excel.csv"
    for start in FORMULA_STARTS:
        value = f"{start}cmd|' /C calc'!A0"
        await update_lead(event, lead, title=value)
        await export_crm(event, "generic", plain)
        await export_crm(event, "generic", excel, excel=True)
        assert read(plain)[2]["title"] == value                      # without --excel: exactly as stored
        assert read(excel, excel=True)[2]["title"] == "'" + value
    assert neutralise("Grace") == "Grace" and neutralise("") == ""
    assert read(excel, excel=True)[2]["notes"] == "'=HYPERLINK(\"http://evil\")"


async def test_unicode_and_newlines_round_trip(event: Store, tmp_path: Path) -> None:
    lead = (await event.all("SELECT id FROM leads WHERE first_name = 'Siobhan'"))[0][0]
    notes = "Zoë Ünal met ﻿us, \"twice\"\r\nline two\nline three 日本語 🚚"
    await update_lead(event, lead, notes=notes, last_name="O'Brien")
    for excel in (False, True):
        out = tmp_path / f"u{excel}.csv"
        await export_crm(event, "generic", out, excel=excel)
        row = read(out, excel)[2]
        assert row["notes"] == notes and row["last_name"] == "O'Brien"


async def test_written_owner_only_and_atomically(event: Store, tmp_path: Path) -> None:
    out = tmp_path / "leads.csv"
    out.write_text("previous export\n")
    os.chmod(out, 0o644)
    seen: list[tuple[int, int]] = []
    await export_crm(event, "hubspot", out, progress=lambda done, total: seen.append((done, total)))
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert seen[-1] == (3, 3)
    before = out.read_bytes()
    with pytest.raises(OSError):
        await export_crm(event, "hubspot", tmp_path / "missing-folder" / "x.csv")
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []   # no temp file left


async def test_followups_export(event: Store, tmp_path: Path) -> None:
    out = tmp_path / "fu.csv"
    result = await export_followups(event, out)
    rows = read(out)
    assert list(rows[0]) == list(FOLLOWUP_HEADER) and result.rows == 2
    grace = rows[0]
    assert (grace["rep"], grace["due"], grace["status"], grace["action"]) == (DANA, "2026-03-11T10:00:00+01:00",
                                                                            "open", "call")
    assert (grace["first_name"], grace["email"], grace["account"], grace["tier"], grace["rating"]) == (
        "Grace", "grace.osei@tidewell.health", "Tidewell Health", "1", "hot")
    assert (grace["note"], grace["created_by"]) == ("call about fleet", MARCO)
    assert result.opted_out == 1                                        # Jonas gave no consent
    await export_followups(event, out, rep=MARCO, excel=True)
    (jonas,) = read(out, excel=True)
    assert jonas["note"] == "'-1 discount?" and jonas["due"] == ""
    with pytest.raises(ValueError):
        await export_followups(event, out, rep="nobody@example.com")
