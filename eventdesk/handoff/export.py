"""`eventdesk export crm`: leads as a CSV a CRM imports on the first try (one function for CLI and TUI).

The rows are streamed from a read-only connection of their own, in a worker thread: a 100,000-lead
export never holds the leads in memory, never blocks the event loop, and reads one consistent snapshot
while the booth keeps scanning. The preset's mapping runs in the SELECT (see presets.py), and SQLite
also formats each CSV line: Python only moves finished lines to the file. That keeps a 100,000-lead
export within twice the time of the sqlite3 command-line tool printing the same rows.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

from eventdesk.domain.ratings import check_rating
from eventdesk.domain.times import parse_moment, to_stored, zone
from eventdesk.handoff.csvwrite import FORMULA_STARTS, Progress, atomic_file, neutralise, off_loop
from eventdesk.handoff.presets import Preset, Query, get_preset, literal, local_time_sql
from eventdesk.store.db import Store
from eventdesk.store.event import load_settings

CHUNK = 5000
# Columns holding text a person typed or a badge carried: the only places a NUL could hide.
NUL_SOURCES = ("l.badge_id", "l.first_name", "l.last_name", "l.email", "l.phone", "l.company", "l.title", "l.url",
               "l.notes", "l.consent_text", "l.stage", "a.name")
FROM = """
FROM leads l
LEFT JOIN accounts a ON a.id = l.account_id AND a.deleted = 0
LEFT JOIN reps r ON r.id = l.rep_id
LEFT JOIN reps cap ON cap.id = l.captured_by
LEFT JOIN reps cb ON cb.id = l.consent_by
"""


@dataclass(frozen=True)
class LeadFilter:
    rep_email: str | None = None
    ratings: tuple[str, ...] = ()
    since: str | None = None            # stored UTC text: leads captured at or after

    def where(self) -> tuple[str, list[object]]:
        clauses, params = ["l.deleted = 0"], []  # type: ignore[var-annotated]
        if self.rep_email:
            clauses.append("r.email = ?")
            params.append(self.rep_email)
        if self.ratings:
            clauses.append(f"l.rating IN ({', '.join('?' * len(self.ratings))})")
            params.extend(self.ratings)
        if self.since:
            clauses.append("l.captured_at >= ?")
            params.append(self.since)
        return " AND ".join(clauses), params


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int
    opted_out: int          # exported without consent: the CRM gets them as opted out of email
    preset: str = ""


def read_only(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True, isolation_level=None,
                           check_same_thread=False)
    conn.execute("PRAGMA busy_timeout = 5000")
    return conn


async def resolve_filter(store: Store, tz: ZoneInfo, rep: str | None, rating: str | Sequence[str] | None,
                         since: datetime | str | None) -> LeadFilter:
    """Check the filter values the user typed and put them in stored form."""
    ratings = (rating,) if isinstance(rating, str) else tuple(rating or ())
    ratings = tuple(dict.fromkeys(check_rating(r) for r in ratings))
    rep_email = rep.strip().lower() if rep else None
    if rep_email and not await store.scalar("SELECT 1 FROM reps WHERE email = ?", (rep_email,)):
        raise ValueError(f"no rep with email {rep_email}")
    moment: datetime | None
    if isinstance(since, str):
        try:
            moment = parse_moment(since, tz)
        except ValueError:
            raise ValueError(
                f"--since must be a date or time like 2026-03-10 or 2026-03-10T14:00, not {since!r}") from None
    else:
        moment = since
    return LeadFilter(rep_email, ratings, to_stored(moment) if moment else None)


def crm_query(conn: sqlite3.Connection, preset: Preset, event: str, questions: Sequence[tuple[str, str]],
              tz: ZoneInfo, where: str) -> tuple[list[str], list[str], str]:
    """The preset's headers, its column expressions, and the FROM ... ORDER BY they run over."""
    # Times shown run from the first capture to now (consent is given after capture, never later than now).
    low, high = conn.execute("SELECT min(captured_at), max(captured_at) FROM leads").fetchone()
    now = to_stored(datetime.now(UTC))
    query = Query(event, preset.labels(questions), local_time_sql(tz, low, max(high or now, now)))
    headers, exprs = preset.select(query)
    joins = "".join(f"LEFT JOIN answers q{n} ON q{n}.lead_id = l.id AND q{n}.question_key = {literal(key)} "
                    f"AND q{n}.deleted = 0\n" for n, (key, _label) in enumerate(questions))
    return headers, exprs, f"{FROM}{joins} WHERE {where} ORDER BY l.captured_at, l.id"


def line_sql(exprs: Sequence[str], excel: bool) -> str:
    """One CSV line per row, built by SQLite: printf's %w doubles the double quotes inside a quoted field.

    Every field is quoted (RFC 4180 allows it; readers see the same values). Excel's formula starts are
    neutralised here too; a NUL, which SQLite's text functions stop at, sends the row to Python instead.
    """
    cells = [f"coalesce({e}, '')" for e in exprs]
    if excel:
        starts = ", ".join(f"char({ord(c)})" for c in FORMULA_STARTS if c != "\0")
        cells = [f"CASE WHEN substr({c}, 1, 1) IN ({starts}) THEN char(39) || {c} ELSE {c} END" for c in cells]
    groups = [cells[i:i + 100] for i in range(0, len(cells), 100)]   # SQLite takes at most 127 arguments
    quoted = '"%w"'
    return " || ',' || ".join(f"printf('{','.join([quoted] * len(g))}', {', '.join(g)})" for g in groups)


def nul_check_sql(questions: int) -> str:
    # Bytes, not text: SQLite's text functions treat a NUL as the end of the string.
    sources = [*NUL_SOURCES, *(f"q{n}.answer" for n in range(questions))]
    return " OR ".join(f"instr(CAST({c} AS BLOB), x'00')" for c in sources)


def write_crm_csv(conn: sqlite3.Connection, out: Path, headers: Sequence[str], exprs: Sequence[str], body: str,
                  params: Sequence[object], questions: int, *, excel: bool, total: int,
                  progress: Progress | None) -> tuple[int, int]:
    """Stream the rows into `out` (atomically, 0600); returns rows written and rows without consent."""
    def by_python(rowid: int) -> str:   # the rare row holding a NUL: exact values through the csv module
        one = body.replace(" WHERE ", " WHERE l.rowid = ? AND ", 1)
        values = conn.execute(f"SELECT {', '.join(exprs)} {one}", (rowid, *params)).fetchone()
        buffer = io.StringIO()
        csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="").writerow(
            [neutralise(v) if excel and isinstance(v, str) else v for v in values])
        return buffer.getvalue()

    count = opted_out = 0
    cursor = conn.execute(
        f"SELECT {line_sql(exprs, excel)}, {nul_check_sql(questions)}, l.rowid, l.consent {body}", params)
    with atomic_file(out, bom=excel) as handle:
        csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerow(
            [neutralise(h) for h in headers] if excel else headers)
        while rows := cursor.fetchmany(CHUNK):
            handle.write("\r\n".join([by_python(rowid) if nul else line for line, nul, rowid, _ in rows]))
            handle.write("\r\n")
            count += len(rows)
            opted_out += sum(1 for row in rows if not row[3])
            if progress:
                progress(count, max(total, count))
    if progress and not count:
        progress(0, total)
    return count, opted_out


async def export_crm(store: Store, preset: str, out_path: str | Path, *, excel: bool = False,
                     rep: str | None = None, rating: str | Sequence[str] | None = None,
                     since: datetime | str | None = None, progress: Progress | None = None) -> ExportResult:
    """Write the (filtered) leads as a CSV for `preset` (hubspot, salesforce or generic).

    `progress(done, total)` is called on the caller's loop as rows are written. Raises ValueError for a
    bad preset or filter, OSError when the file cannot be written (nothing is left half-written).
    """
    chosen = get_preset(preset)
    settings = await load_settings(store)
    tz = zone(settings.timezone)
    lead_filter = await resolve_filter(store, tz, rep, rating, since)
    questions = [(q.key, q.text) for q in settings.questions]
    known = {key for key, _ in questions}
    extra = await store.all("SELECT DISTINCT question_key FROM answers WHERE deleted = 0 ORDER BY 1")
    questions += [(r[0], r[0]) for r in extra if r[0] not in known]   # answers to questions since removed
    out = Path(out_path).expanduser()

    def work(report: Progress | None) -> ExportResult:
        where, params = lead_filter.where()
        conn = read_only(store.path)
        try:
            conn.execute("BEGIN")  # one snapshot for the count and the rows, whatever the booth writes meanwhile
            join = " JOIN reps r ON r.id = l.rep_id" if lead_filter.rep_email else ""
            (total,) = conn.execute(f"SELECT count(*) FROM leads l{join} WHERE {where}", params).fetchone()
            headers, exprs, body = crm_query(conn, chosen, settings.name, questions, tz, where)
            rows, opted_out = write_crm_csv(conn, out, headers, exprs, body, params, len(questions), excel=excel,
                                            total=total, progress=report)
            conn.execute("COMMIT")
        finally:
            conn.close()
        return ExportResult(out, rows, opted_out, chosen.name)

    return await off_loop(work, progress)
