"""Erasure (GDPR): the person's bytes are gone from the file and its -wal, and merges keep them gone."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventdesk.domain.contact import email_key
from eventdesk.handoff.erase import ERASED, erase_lead
from eventdesk.handoff.imports import import_csv
from eventdesk.handoff.merge import merge_files
from eventdesk.store.db import Store, open_store
from eventdesk.store.followups import NewFollowUp, add_followup
from eventdesk.store.leads import NewLead, add_touch_in, insert_lead_in, set_answer, update_lead
from eventdesk.store.scans import journal_in, settle_in

EMAIL = "grace.osei@tidewell.health"
GRACE = {"badge_id": "EXPO26-000417", "first_name": "Grace", "last_name": "Osei", "email": EMAIL,
         "company": "Tidewell Health", "phone": "+442079460958"}
SECRET_NOTE = "prefers-calls-after-six"


async def capture(store: Store, person: dict[str, str], at: str = "2026-03-10T09:00:00.000+00:00") -> str:
    """A scan journaled with its raw text, a lead, a touch: what the capture service leaves behind."""
    async with store.write("scans", "leads", "touches") as conn:
        scan = await journal_in(conn, store, f"BEGIN:VCARD\nEMAIL:{person.get('email')}\nEND:VCARD", at, None)
        lead = await insert_lead_in(conn, store, NewLead(captured_at=at, email_key=email_key(person.get("email")),
                                                         **person))
        await add_touch_in(conn, store, lead, at, None, scan_id=scan, note=f"talked to {person['first_name']}")
        await settle_in(conn, store, scan, "new", "vcard", f"New lead: {person['first_name']}", lead)
    return lead


def file_bytes(path: Path) -> bytes:
    wal = Path(f"{path}-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def leaks(path: Path) -> list[str]:
    data = file_bytes(path).lower()
    return [s for s in (EMAIL, "osei", SECRET_NOTE, "+442079460958", "expo26-000417") if s.encode() in data]


@pytest.fixture
async def booth(tmp_path: Path, samples: Path):  # type: ignore[no-untyped-def]
    store = await open_store(tmp_path / "booth.db")
    for kind in ("reps", "attendees"):
        await import_csv(store, kind, samples / f"{kind}.csv")
    yield store
    await store.close()


async def test_erase_leaves_no_bytes_behind(booth: Store, tmp_path: Path) -> None:
    lead = await capture(booth, GRACE)
    other = await capture(booth, {"first_name": "Jonas", "email": "jonas.meyer@kraftwerk-it.de"})
    await update_lead(booth, lead, notes=SECRET_NOTE, rating="hot", consent=1, consent_text="yes")
    await set_answer(booth, lead, "timeline", "this quarter")
    await add_followup(booth, NewFollowUp(rep_id=None, lead_id=lead, note=f"call Grace, {SECRET_NOTE}"))
    async with booth.write("scans") as conn:   # a refused scan never linked to the lead still held her email
        await journal_in(conn, booth, f"mailto:{EMAIL}?subject=hi", "2026-03-10T09:01:00.000+00:00", None)
    assert leaks(tmp_path / "booth.db")
    result = await erase_lead(booth, lead)
    assert result.scrubbed and result.lead_ids == (lead,) and result.attendees == 1
    assert result.children == {"touches": 1, "answers": 1, "followups": 1, "scans": 2}
    row = await booth.one("SELECT * FROM leads WHERE id = ?", (lead,))
    assert row["deleted"] == 1 and row["email"] is None and row["notes"] == "" and row["consent"] == 0
    assert row["email_key"].startswith(ERASED) and row["badge_id"].startswith(ERASED)
    assert await booth.scalar("SELECT count(*) FROM leads WHERE deleted = 0") == 1
    assert await booth.scalar("SELECT email FROM leads WHERE id = ?", (other,)) == "jonas.meyer@kraftwerk-it.de"
    assert leaks(tmp_path / "booth.db") == []
    assert Path(f"{tmp_path / 'booth.db'}-wal").stat().st_size == 0
    again = await erase_lead(booth, lead)                              # erasing twice is harmless
    assert sum(again.children.values()) == 0
    with pytest.raises(ValueError, match="no lead"):
        await erase_lead(booth, "not-a-lead")


async def test_merge_does_not_bring_the_person_back(booth: Store, tmp_path: Path) -> None:
    lead = await capture(booth, GRACE)
    async with await open_store(tmp_path / "laptop2.db") as laptop:    # she was scanned there too, same morning
        copy = await capture(laptop, {**GRACE, "badge_id": None}, "2026-03-10T10:00:00.000+00:00")
        await update_lead(laptop, copy, notes=SECRET_NOTE)
    async with await open_store(tmp_path / "laptop3.db") as laptop:    # and came back after the erasure
        later = await capture(laptop, {**GRACE, "first_name": "Grace again"}, "2099-01-01T10:00:00.000+00:00")
    await erase_lead(booth, lead)

    result = await merge_files(booth, [tmp_path / "laptop2.db", tmp_path / "laptop3.db"])
    assert result.erased == 1
    live = await booth.all("SELECT id, first_name FROM leads WHERE deleted = 0")
    assert [tuple(r) for r in live] == [(later, "Grace again")]        # a new capture, with new consent
    assert await booth.scalar("SELECT count(*) FROM touches WHERE lead_id = ? AND deleted = 0", (copy,)) == 0
    assert await booth.scalar("SELECT raw FROM scans WHERE lead_id = ?", (copy,)) == ""
    assert SECRET_NOTE.encode() not in file_bytes(tmp_path / "booth.db")

    # The other way round: the erased file merged into the laptop that still has her.
    async with await open_store(tmp_path / "laptop2.db") as laptop:
        await merge_files(laptop, [tmp_path / "booth.db"])
        assert await laptop.scalar("SELECT deleted FROM leads WHERE id = ?", (copy,)) == 1
        assert await laptop.scalar("SELECT count(*) FROM leads WHERE deleted = 0") == 1   # only 'Grace again'
    assert SECRET_NOTE.encode() not in file_bytes(tmp_path / "laptop2.db")
