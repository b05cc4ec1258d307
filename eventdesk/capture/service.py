"""The capture service: one scan in, a saved lead (or touch, or kept-for-review scan) out.

The raw text is journaled and committed before anything else happens, so a scan survives even a
parser bug or a crash mid-save. Parsing, matching and saving then run in one transaction. The scan
field, `eventdesk scan` and the tests all go through `CaptureService.capture`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from eventdesk.capture.badge import ParsedBadge, with_attendee
from eventdesk.capture.parse import parse_payload
from eventdesk.domain.contact import email_key
from eventdesk.domain.models import Account, Lead, Meeting
from eventdesk.domain.settings import EventSettings
from eventdesk.domain.times import from_stored, to_stored, utc_now, zone
from eventdesk.store.accounts import get_account, match_account
from eventdesk.store.attendees import find_attendee
from eventdesk.store.db import Store
from eventdesk.store.leads import NewLead, add_touch_in, find_person_in, get_lead, insert_lead_in
from eventdesk.store.meetings import meetings_with
from eventdesk.store.rows import update_fields
from eventdesk.store.scans import journal_in, settle_in

PERSON_FIELDS = ("badge_id", "first_name", "last_name", "email", "phone", "company", "title", "url")


@dataclass(frozen=True)
class ScanResult:
    outcome: str                      # new | touch | unmatched | refused
    message: str
    scan_id: str
    lead: Lead | None = None
    touch_id: str | None = None
    account: Account | None = None
    meetings: tuple[Meeting, ...] = field(default=())
    previous: str | None = None       # "10:42 by Dana" when this person was scanned before
    filled: tuple[tuple[str, str], ...] = ()  # empty fields of the lead this re-scan filled in (undo empties them)

    @property
    def alert(self) -> bool:
        """A tier-1 or tier-2 target account: the booth must see it at once."""
        return self.account is not None and self.account.tier <= 2


class CaptureService:
    def __init__(self, store: Store, settings: EventSettings, now: Callable[[], datetime] = utc_now):
        self.store = store
        self.settings = settings
        self.tz = zone(settings.timezone)
        self.now = now  # the wall clock; tests and snapshots pass a frozen one
        # Scans journaled whose save then failed (a full disk): the booth's queue retries the same payload, and
        # the retry must settle that journal row rather than journal the scan a second time.
        self._unsettled: dict[str, tuple[str, str]] = {}

    async def capture(self, raw: str, staff_rep_id: str | None = None) -> ScanResult:
        scan_id, at = self._unsettled.get(raw) or ("", to_stored(self.now()))
        if not scan_id:
            async with self.store.write("scans") as conn:
                scan_id = await journal_in(conn, self.store, raw, at, staff_rep_id)
            self._unsettled[raw] = (scan_id, at)
        result = await self._parse_and_save(raw, scan_id, at, staff_rep_id)
        del self._unsettled[raw]
        return result

    async def _parse_and_save(self, raw: str, scan_id: str, at: str, staff_rep_id: str | None) -> ScanResult:
        outcome = parse_payload(
            raw, delimited_fields=self.settings.delimited_fields, default_region=self.settings.phone_region
        )
        badge, message = outcome.badge, outcome.message
        if outcome.kind == "lookup" and badge is not None and badge.badge_id:
            attendee = await find_attendee(self.store, badge.badge_id)
            if attendee:
                badge = with_attendee(badge, attendee)
            else:
                outcome_kind, badge = "unmatched", None
                message = f"Badge id {outcome.badge.badge_id} is not in the attendee list; kept for review"  # type: ignore[union-attr]
                return await self._settle(scan_id, outcome_kind, None, message)
        if outcome.kind in ("refused", "unmatched") or badge is None:
            kind = outcome.kind if outcome.kind in ("refused", "unmatched") else "unmatched"
            return await self._settle(scan_id, kind, None, message)
        return await self.save_person(badge, staff_rep_id, at, scan_id=scan_id, source="scan")

    async def _settle(self, scan_id: str, kind: str, fmt: str | None, message: str) -> ScanResult:
        async with self.store.write("scans") as conn:
            await settle_in(conn, self.store, scan_id, kind, fmt, message, None)
        return ScanResult(kind, message, scan_id)

    async def save_person(self, badge: ParsedBadge, staff_rep_id: str | None, at: str | None = None,
                          scan_id: str | None = None, source: str = "manual") -> ScanResult:
        """Save a person as a new lead, or as a touch on the lead they already are (by badge id or email)."""
        at = at or to_stored(self.now())
        key = email_key(badge.email)
        account = await match_account(self.store, badge.email, badge.company)
        async with self.store.write("leads", "touches", "scans") as conn:
            lead_id = await find_person_in(conn, badge.badge_id, key)
            previous, filled = None, {}
            if lead_id:
                previous = await self._last_touch(conn, lead_id)
                filled = await self._fill_gaps(conn, lead_id, badge, key)
                outcome = "touch"
            else:
                lead_id = await insert_lead_in(conn, self.store, NewLead(
                    captured_at=at, source=source, email_key=key,
                    account_id=account.id if account else None,
                    rep_id=(account.owner_rep_id if account and account.owner_rep_id else staff_rep_id),
                    captured_by=staff_rep_id,
                    **{name: getattr(badge, name) for name in PERSON_FIELDS},
                ))
                outcome = "new"
            touch_id = await add_touch_in(conn, self.store, lead_id, at, staff_rep_id, scan_id=scan_id,
                                          kind="scan" if scan_id else source)
            message = self._message(outcome, badge, account, previous)
            if scan_id:
                await settle_in(conn, self.store, scan_id, outcome, badge.format, message, lead_id)
        lead = await get_lead(self.store, lead_id)
        if lead and lead.account_id and (account is None or account.id != lead.account_id):
            # The person was matched (or linked by hand) earlier: their account, not today's guess, counts.
            account = await get_account(self.store, lead.account_id)
        meetings = tuple(await meetings_with(self.store, lead_id, account.id if account else None))
        return ScanResult(outcome, message, scan_id or "", lead, touch_id, account, meetings, previous,
                          tuple(filled.items()))

    async def _last_touch(self, conn, lead_id: str) -> str | None:  # type: ignore[no-untyped-def]
        rows = await conn.execute_fetchall(
            "SELECT t.at, r.name FROM touches t LEFT JOIN reps r ON r.id = t.staff_rep_id "
            "WHERE t.lead_id = ? AND t.deleted = 0 ORDER BY t.at DESC LIMIT 1", (lead_id,))
        if not rows:
            return None
        at, name = rows[0]
        when = from_stored(at).astimezone(self.tz).strftime("%H:%M")
        return f"{when} by {name.split()[0]}" if name else when

    async def _fill_gaps(self, conn, lead_id: str, badge: ParsedBadge,  # type: ignore[no-untyped-def]
                         key: str | None) -> dict[str, str]:
        """A re-scan may carry more than the first one did (a bare id, then a vCard): fill empty fields only."""
        rows = await conn.execute_fetchall(
            f"SELECT {', '.join(PERSON_FIELDS)} FROM leads WHERE id = ?", (lead_id,))
        current = dict(zip(PERSON_FIELDS, rows[0], strict=True))
        gaps = {name: getattr(badge, name) for name in PERSON_FIELDS if not current[name] and getattr(badge, name)}
        if gaps.get("email"):
            gaps["email_key"] = key
        if gaps:
            await update_fields(conn, "leads", lead_id, self.store.stamp(), **gaps)
        return gaps

    def _message(self, outcome: str, badge: ParsedBadge, account: Account | None, previous: str | None) -> str:
        name = " ".join(p for p in (badge.first_name, badge.last_name) if p) or badge.email or badge.badge_id or "?"
        company = f", {badge.company}" if badge.company else ""
        text = f"New lead: {name}{company}" if outcome == "new" else f"{name}{company}: scanned before"
        if outcome == "touch" and previous:
            text += f", at {previous}"
        if account:
            owner = f", owner {account.owner_name}" if account.owner_name else ""
            text += f" | Tier {account.tier} account {account.name}{owner}"
        return text

    async def undo(self, result: ScanResult) -> bool:
        """Take back a scan made by mistake: a new lead becomes a tombstone, a touch is removed (with the fields
        it filled in, where nobody has changed them since: a wrong badge must not leave its details behind)."""
        if result.outcome == "new" and result.lead:
            from eventdesk.store.leads import tombstone_lead

            return await tombstone_lead(self.store, result.lead.id)
        if result.outcome == "touch" and result.touch_id:
            async with self.store.write("touches", "leads") as conn:
                if result.filled and result.lead:
                    names = [name for name, _ in result.filled]
                    rows = await conn.execute_fetchall(
                        f"SELECT {', '.join(names)} FROM leads WHERE id = ?", (result.lead.id,))
                    unchanged = {name: None for (name, value), now in zip(result.filled, rows[0], strict=True)
                                 if now == value}
                    if unchanged:
                        await update_fields(conn, "leads", result.lead.id, self.store.stamp(), **unchanged)
                return await update_fields(conn, "touches", result.touch_id, self.store.stamp(), deleted=1) == 1
        return False
