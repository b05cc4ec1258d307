"""`eventdesk export followups`: one row per follow-up, with what the rep needs to act on it.

Each row carries the person's contact fields, their account and tier, the rating, and the follow-up
itself (due in the event's time zone, status, note), so a rep's list works on its own in a spreadsheet.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from eventdesk.domain.times import from_stored, zone
from eventdesk.handoff.csvwrite import Progress, off_loop, write_csv
from eventdesk.handoff.export import ExportResult, read_only
from eventdesk.store.db import Store
from eventdesk.store.event import load_settings

HEADER = ("rep", "due", "status", "action", "kind", "first_name", "last_name", "email", "phone", "company",
          "title", "account", "tier", "rating", "stage", "consent", "note", "reply", "created_by",
          "followup_id", "lead_id")

class LocalTimes:
    """Stored UTC text -> ISO 8601 in the event zone, cached per minute (offsets are whole minutes)."""

    def __init__(self, tz: ZoneInfo):
        self.tz = tz
        self._minutes: dict[str, tuple[str, str]] = {}

    def __call__(self, text: str | None) -> str | None:
        if not text:
            return None
        # The store writes 'YYYY-MM-DDTHH:MM:SS.mmm+00:00'; anything else takes the general path.
        if len(text) == 29 and text.endswith("+00:00"):
            minute = text[:16]
            cached = self._minutes.get(minute)
            if cached is None:
                local = datetime.fromisoformat(minute + ":00+00:00").astimezone(self.tz)
                cached = self._minutes[minute] = (local.isoformat()[:16], local.isoformat()[19:])
            return cached[0] + text[16:19] + cached[1]
        return from_stored(text).astimezone(self.tz).isoformat(timespec="seconds")


SELECT = """
SELECT r.email, f.due, f.status, f.action, f.kind, l.first_name, l.last_name, l.email, l.phone, l.company,
       l.title, coalesce(a.name, la.name), coalesce(a.tier, la.tier), l.rating, l.stage, l.consent, f.note,
       f.reply, cr.email, f.id, l.id
FROM followups f
LEFT JOIN reps r ON r.id = f.rep_id
LEFT JOIN reps cr ON cr.id = f.created_by
LEFT JOIN leads l ON l.id = f.lead_id AND l.deleted = 0
LEFT JOIN accounts a ON a.id = f.account_id AND a.deleted = 0
LEFT JOIN accounts la ON la.id = l.account_id AND la.deleted = 0
"""


async def export_followups(store: Store, out_path: str | Path, *, rep: str | None = None,
                           status: str | None = None, excel: bool = False,
                           progress: Progress | None = None) -> ExportResult:
    """Write follow-ups (all, or one rep's; optionally one status) ordered by rep and due time.

    `opted_out` in the result counts rows whose person gave no consent to be contacted.
    """
    tz = zone((await load_settings(store)).timezone)
    rep_email = rep.strip().lower() if rep else None
    if rep_email and not await store.scalar("SELECT 1 FROM reps WHERE email = ?", (rep_email,)):
        raise ValueError(f"no rep with email {rep_email}")
    where, params = ["f.deleted = 0"], []
    if rep_email:
        where.append("r.email = ?")
        params.append(rep_email)
    if status:
        where.append("f.status = ?")
        params.append(status)
    sql = f"{SELECT} WHERE {' AND '.join(where)} ORDER BY r.email IS NULL, r.email, f.due IS NULL, f.due, f.id"
    out = Path(out_path).expanduser()

    def work(report: Progress | None) -> ExportResult:
        conn = read_only(store.path)
        try:
            conn.execute("BEGIN")
            local = LocalTimes(tz)
            rows = [list(r) for r in conn.execute(sql, params)]   # one rep's list is small; keep it simple
            conn.execute("COMMIT")
        finally:
            conn.close()
        opted_out = 0
        for row in rows:
            row[1] = local(row[1])
            if row[20] is not None and not row[15]:
                opted_out += 1
            if row[15] is not None:
                row[15] = "true" if row[15] else "false"
        written = write_csv(out, HEADER, rows, excel=excel, total=len(rows), progress=report)
        return ExportResult(out, written, opted_out, "followups")

    return await off_loop(work, progress)
