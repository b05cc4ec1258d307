"""CRM export presets: the columns each CRM's import tool recognises, and our values mapped to theirs.

`hubspot` and `salesforce` use the column labels those import wizards map automatically (HubSpot's
contact properties; Salesforce's "Field Mapping for Importing Leads"), so an import works without
hand-mapping. `generic` holds every field under our own names.

Each column is an SQL expression over the export query (aliases: `l` lead, `a` its account, `r` its
rep, `cap` who captured it, `cb` who recorded consent, `q0`, `q1`... the answers). The mapping runs
inside SQLite, so the rows reach Python ready to write: at 100,000 leads a per-cell Python function
would cost more than the whole query.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from eventdesk.domain.times import from_stored, to_stored

NOT_PROVIDED = "[not provided]"  # Salesforce refuses a lead without Company or Last Name

RATING_LABEL = {"hot": "Hot", "warm": "Warm", "cold": "Cold"}          # both CRMs use these words
HUBSPOT_LEAD_STATUS = {"new": "New", "MQL": "Open", "SQL": "In Progress", "SAL": "In Progress",
                       "disqualified": "Unqualified"}
HUBSPOT_LIFECYCLE = {"new": "Lead", "MQL": "Marketing Qualified Lead", "SQL": "Sales Qualified Lead",
                     "SAL": "Sales Qualified Lead", "disqualified": "Other"}
SALESFORCE_LEAD_STATUS = {"new": "Open - Not Contacted", "MQL": "Open - Not Contacted",
                          "SQL": "Working - Contacted", "SAL": "Working - Contacted",
                          "disqualified": "Closed - Not Converted"}
SALESFORCE_LEAD_SOURCE = "Trade Show"


def literal(text: str) -> str:
    """An SQL string literal (labels and values from settings are embedded, never trusted).

    A NUL cannot travel inside SQL text at all, so it is dropped."""
    return "'" + text.replace("\0", "").replace("'", "''") + "'"


def local_time_sql(tz: ZoneInfo, low: str | None, high: str | None) -> Callable[[str], str]:
    """A function giving the SQL that shows a stored UTC column in `tz`, for times between low and high.

    SQLite knows no time zones, so the zone's offsets over that span (found in steps of a quarter hour,
    the finest any zone changes at) become a CASE on the stored text, which sorts like the time.
    """
    start = from_stored(low) if low else datetime.now(UTC)
    end = from_stored(high) if high else start
    moment = start.replace(minute=start.minute - start.minute % 15, second=0, microsecond=0)
    changes: list[tuple[str, int]] = []
    while True:
        offset = int(moment.astimezone(tz).utcoffset().total_seconds() // 60)  # type: ignore[union-attr]
        if not changes or offset != changes[-1][1]:
            changes.append((to_stored(moment), offset))
        if moment > end:
            break
        moment += timedelta(minutes=15)

    def shown(minutes: int, column: str) -> str:
        sign, value = ("+" if minutes >= 0 else "-"), abs(minutes)
        return (f"strftime('%Y-%m-%dT%H:%M:%S', {column}, '{minutes:+d} minutes') || "
                f"'{sign}{value // 60:02d}:{value % 60:02d}'")

    def sql(column: str) -> str:
        if len(changes) == 1:
            return shown(changes[0][1], column)
        cases = " ".join(f"WHEN {column} < {literal(at)} THEN {shown(before, column)}"
                         for (at, _), (_, before) in zip(changes[1:], changes, strict=False))
        return f"CASE {cases} ELSE {shown(changes[-1][1], column)} END"

    return sql


def mapped(expr: str, mapping: Mapping[str, str], otherwise: str) -> str:
    cases = " ".join(f"WHEN {literal(k)} THEN {literal(v)}" for k, v in mapping.items())
    return f"CASE {expr} {cases} ELSE {otherwise} END"


def stage(mapping: Mapping[str, str]) -> str:
    # A stage the event added itself goes through unchanged: the CRM admin can add the same value.
    return mapped("l.stage", mapping, "l.stage")


RATING = mapped("l.rating", RATING_LABEL, "''")
EMAIL_DOMAIN = "nullif(substr(l.email_key, instr(l.email_key, '@') + 1), l.email_key)"


@dataclass(frozen=True)
class Query:
    """What a preset's columns may refer to besides the tables: the event, the questions, local times."""

    event: str
    questions: tuple[tuple[str, str], ...]      # (key, label) in column order; answers are q0, q1, ...
    local: Callable[[str], str]                  # SQL for a stored UTC time shown in the event's zone

    def answer_lines(self) -> str:
        return " || ".join(f"CASE WHEN q{n}.answer != '' THEN char(10) || {literal(label + ': ')} || q{n}.answer "
                           "ELSE '' END" for n, (_key, label) in enumerate(self.questions)) or "''"


def _description(q: Query) -> str:
    """Everything Salesforce has no standard Lead field for, one fact per line."""
    return (f"{literal('Event: ' + q.event)}"
            f" || coalesce(char(10) || 'Captured: ' || {q.local('l.captured_at')}, '')"
            " || coalesce(char(10) || 'Badge ID: ' || l.badge_id, '')"
            " || coalesce(char(10) || 'Target account: ' || a.name || ' (tier ' || a.tier || ')', '')"
            f" || {q.answer_lines()}"
            " || CASE WHEN l.notes != '' THEN char(10) || 'Notes: ' || l.notes ELSE '' END")


Columns = Callable[[Query], Sequence[tuple[str, str]]]


def _hubspot(q: Query) -> list[tuple[str, str]]:
    return [("First Name", "l.first_name"), ("Last Name", "l.last_name"), ("Email", "l.email"),
            ("Phone Number", "l.phone"), ("Company Name", "l.company"), ("Job Title", "l.title"),
            ("Website URL", "l.url"), ("Contact owner", "r.email"), ("Lead Status", stage(HUBSPOT_LEAD_STATUS)),
            ("Lifecycle Stage", stage(HUBSPOT_LIFECYCLE)), ("Lead Rating", RATING),
            ("Unsubscribed from all email", "CASE WHEN l.consent THEN 'false' ELSE 'true' END"),
            ("Event", literal(q.event)), ("Captured At", q.local("l.captured_at")), ("Badge ID", "l.badge_id"),
            ("Target Account", "a.name"), ("Account Tier", "a.tier"), ("Event Notes", "l.notes")]


def _salesforce(q: Query) -> list[tuple[str, str]]:
    missing = literal(NOT_PROVIDED)
    return [("First Name", "l.first_name"), ("Last Name", f"coalesce(nullif(l.last_name, ''), {missing})"),
            ("Company", f"coalesce(nullif(l.company, ''), a.name, {EMAIL_DOMAIN}, {missing})"),
            ("Email", "l.email"), ("Phone", "l.phone"), ("Title", "l.title"), ("Website", "l.url"),
            ("Lead Source", literal(SALESFORCE_LEAD_SOURCE)), ("Rating", RATING),
            ("Lead Status", stage(SALESFORCE_LEAD_STATUS)), ("Description", _description(q)),
            ("Email Opt Out", "CASE WHEN l.consent THEN '0' ELSE '1' END"), ("Record Owner", "r.email")]


GENERIC_FIELDS = ("id", "badge_id", "first_name", "last_name", "email", "phone", "company", "title", "url")


def _generic(q: Query) -> list[tuple[str, str]]:
    return [*((name, f"l.{name}") for name in GENERIC_FIELDS), ("account", "a.name"), ("tier", "a.tier"),
            ("source", "l.source"), ("rating", "l.rating"), ("stage", "l.stage"),
            ("consent", "CASE WHEN l.consent THEN 'true' ELSE 'false' END"), ("consent_text", "l.consent_text"),
            ("consent_at", q.local("l.consent_at")), ("consent_by", "cb.email"), ("rep", "r.email"),
            ("notes", "l.notes"), ("captured_at", q.local("l.captured_at")), ("captured_by", "cap.email"),
            ("touches", "(SELECT count(*) FROM touches t WHERE t.lead_id = l.id AND t.deleted = 0)"),
            ("event", literal(q.event))]


@dataclass(frozen=True)
class Preset:
    name: str
    columns: Columns
    answers_as_columns: bool     # else the answers go into a text column (Salesforce: Description)

    def labels(self, questions: Sequence[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
        """Answer column labels: the question text for the CRMs, `answer:<key>` for generic."""
        if self.name == "generic":
            return tuple((key, f"answer:{key}") for key, _text in questions)
        return tuple((key, text) for key, text in questions)

    def select(self, q: Query) -> tuple[list[str], list[str]]:
        """(headers, SQL expressions) in column order."""
        columns = list(self.columns(q))
        if self.answers_as_columns:
            columns += [(label, f"q{n}.answer") for n, (_key, label) in enumerate(q.questions)]
        return [h for h, _ in columns], [e for _, e in columns]


PRESETS: dict[str, Preset] = {
    "hubspot": Preset("hubspot", _hubspot, True),
    "salesforce": Preset("salesforce", _salesforce, False),
    "generic": Preset("generic", _generic, True),
}


def get_preset(name: str) -> Preset:
    try:
        return PRESETS[name]
    except KeyError:
        raise ValueError(f"unknown preset {name!r} (known: {', '.join(PRESETS)})") from None
