"""The booth's activity feed: one time-ordered list of what happened, read from the records themselves.

Nothing is copied into a feed table: each kind of event is a query over the rows that record it, so
the feed is right after any merge of other laptops' files (their rows arrive, their events with them).

- `target`: a scan or conversation (a touch) with someone from a target account, at the touch's time;
- `meeting`: a meeting marked done or no-show, with its outcome note, at the time it was logged;
- `hot`: a lead rated hot, at its last change;
- `followup` / `ask`: follow-ups logged by hand and asks, when raised (still open) or closed, at their last
  change. The follow-ups the rating rule makes by itself are left out: the `hot` event already says it.

"At the time it was logged" is the wall clock part of the row's HLC `updated` stamp. Each kind is
read newest first through its own index, at most a page of it, and the pages are merged here.

Pages are keyset-paged on (time, stamp, id), compared in SQL exactly as they are sorted here: a bulk write
(a merge, a bulk assign, the demo) stamps hundreds of rows in one millisecond, and a page turn inside such a
crowd must go on exactly after the last row shown, skipping none and showing none twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from eventdesk.domain.times import from_stored, to_stored
from eventdesk.store.db import Store

KINDS = ("target", "meeting", "hot", "followup", "ask")
PAGE = 100
AFTER_ALL = "9999"   # later than every stored time and every stamp


@dataclass(frozen=True)
class FeedFilter:
    rep_id: str | None = None        # the rep involved: who scanned, met, owns, was asked or asked
    account_id: str | None = None
    tier: int | None = None
    kinds: tuple[str, ...] = KINDS


@dataclass(frozen=True)
class FeedItem:
    at: str                 # stored UTC time
    id: str                 # the record's id (touch, meeting, lead or follow-up)
    stamp: str              # the record's HLC `updated` stamp: the order of events within a millisecond
    kind: str
    rep_name: str | None
    account_name: str | None
    tier: int | None
    lead_id: str | None
    lead_name: str | None
    text: str

    @property
    def cursor(self) -> tuple[str, str, str]:
        return (self.at, self.stamp, self.id)


def stamp_time(stamp: str) -> str:
    return to_stored(datetime.fromtimestamp(int(stamp[:13]) / 1000, UTC))


def _stamp_range(at: str) -> tuple[str, str]:
    """Stamps sorting before the first text are from before the millisecond of `at`, stamps before the second
    from before or in it (a stamp begins with its 13-digit wall-clock millisecond)."""
    if at >= AFTER_ALL:
        return AFTER_ALL, AFTER_ALL
    ms = round(from_stored(at).timestamp() * 1000)
    return f"{ms:013d}", f"{ms + 1:013d}"


# A person by name, or by email while the badge gave no name.
LEAD_NAME = "coalesce(nullif(trim(coalesce(l.first_name, '') || ' ' || coalesce(l.last_name, '')), ''), l.email)"


def _before(table: str) -> str:
    """A stamped arm's rows before the cursor. Their time is their stamp's millisecond, so (time, stamp, id)
    orders them as (stamp, id): every row of an earlier millisecond, and of the cursor's own, those before it."""
    return (f"{table}.updated < :ms_after AND ({table}.updated < :ms_before "
            f"OR ({table}.updated, {table}.id) < (:before_stamp, :before_id))")


# kind -> (SQL with {hint} and {where} holes for the index and the filters, whether its `at` is an HLC stamp)
ARMS: dict[str, tuple[str, bool]] = {
    "target": (
        "SELECT t.at AS at, t.updated AS stamp, t.id, 'target' AS kind, r.name AS rep_name, "
        f"a.name AS account_name, a.tier, l.id AS lead_id, {LEAD_NAME} AS lead_name, l.company, l.title, "
        "t.kind AS what, '' AS note, '' AS reply, '' AS status FROM touches t {hint} "
        "JOIN leads l ON l.id = t.lead_id JOIN accounts a ON a.id = l.account_id "
        "LEFT JOIN reps r ON r.id = t.staff_rep_id "
        "WHERE t.deleted = 0 AND l.deleted = 0 AND a.deleted = 0 AND t.at <= :before_at "
        "AND (t.at, t.updated, t.id) < (:before_at, :before_stamp, :before_id) {where} "
        "ORDER BY t.at DESC, t.updated DESC, t.id DESC LIMIT :limit", False),
    "meeting": (
        "SELECT m.updated AS at, m.updated AS stamp, m.id, 'meeting' AS kind, r.name AS rep_name, "
        f"a.name AS account_name, a.tier, l.id AS lead_id, {LEAD_NAME} AS lead_name, m.title AS company, "
        "m.location AS title, m.status AS what, m.outcome AS note, '' AS reply, m.status FROM meetings m "
        "LEFT JOIN leads l ON l.id = m.lead_id LEFT JOIN accounts a ON a.id = coalesce(m.account_id, l.account_id) "
        "LEFT JOIN reps r ON r.id = m.rep_id "
        f"WHERE m.deleted = 0 AND m.status IN ('done', 'no-show') AND {_before('m')} {{where}} "
        "ORDER BY m.updated DESC, m.id DESC LIMIT :limit", True),
    "hot": (
        "SELECT l.updated AS at, l.updated AS stamp, l.id, 'hot' AS kind, r.name AS rep_name, "
        f"a.name AS account_name, a.tier, l.id AS lead_id, {LEAD_NAME} AS lead_name, l.company, l.title, "
        "'' AS what, '' AS note, '' AS reply, '' AS status FROM leads l {hint} "
        "LEFT JOIN accounts a ON a.id = l.account_id LEFT JOIN reps r ON r.id = l.rep_id "
        f"WHERE l.rating = 'hot' AND l.deleted = 0 AND {_before('l')} {{where}} "
        "ORDER BY l.updated DESC, l.id DESC LIMIT :limit", True),
    "followup": (
        "SELECT f.updated AS at, f.updated AS stamp, f.id, f.kind AS kind, r.name AS rep_name, "
        f"a.name AS account_name, a.tier, l.id AS lead_id, {LEAD_NAME} AS lead_name, l.company, "
        "by_rep.name AS title, f.action AS what, f.note, f.reply, f.status FROM followups f {hint} "
        "LEFT JOIN leads l ON l.id = f.lead_id LEFT JOIN accounts a ON a.id = coalesce(f.account_id, l.account_id) "
        "LEFT JOIN reps r ON r.id = f.rep_id LEFT JOIN reps by_rep ON by_rep.id = f.created_by "
        "WHERE f.deleted = 0 AND (f.kind = 'ask' OR f.origin = 'manual' OR f.status != 'open') "
        f"AND {_before('f')} {{where}} ORDER BY f.updated DESC, f.id DESC LIMIT :limit", True),
}
# Each arm reads its newest rows through its time index and stops after a page. One account's rows are few:
# with the account filter they are found through the account and sorted instead (at 100k leads, walking every
# touch by time to find one small account's took 200 ms; through leads_account, 2 ms).
TIME_INDEX = {"target": "INDEXED BY touches_at", "hot": "INDEXED BY leads_hot", "followup": "INDEXED BY followups_feed"}
ACCOUNT_INDEX = {"hot": "INDEXED BY leads_account"}
# The account filter as each arm's indexes can serve it (the same rows as `a.id = :account_id`): a follow-up's
# account is its own, else its lead's.
ACCOUNT_TERM = {"target": "l.account_id = :account_id", "meeting": "a.id = :account_id",
                "hot": "l.account_id = :account_id",
                "followup": "(f.account_id = :account_id OR (f.account_id IS NULL AND f.lead_id IN "
                            "(SELECT id FROM leads WHERE account_id = :account_id)))"}
REP_COLUMNS = {"target": ["t.staff_rep_id"], "meeting": ["m.rep_id"], "hot": ["l.rep_id"],
               "followup": ["f.rep_id", "f.created_by"]}


def _where(kind: str, feed_filter: FeedFilter) -> str:
    terms = []
    if feed_filter.rep_id:
        terms.append("(" + " OR ".join(f"{column} = :rep_id" for column in REP_COLUMNS[kind]) + ")")
    if feed_filter.account_id:
        terms.append(ACCOUNT_TERM[kind])
    if feed_filter.tier:
        terms.append("a.tier = :tier")
    if kind == "followup" and "ask" not in feed_filter.kinds:
        terms.append("f.kind = 'followup'")
    if kind == "followup" and "followup" not in feed_filter.kinds:
        terms.append("f.kind = 'ask'")
    return "".join(f" AND {term}" for term in terms)


def _text(row) -> str:  # type: ignore[no-untyped-def]
    kind, who = row["kind"], row["lead_name"] or "someone"
    company = f" ({row['company']})" if row["company"] and kind != "meeting" else ""
    if kind == "target":
        verb = "Scanned" if row["what"] == "scan" else "Talked to"
        return f"{verb} {who}{company}, tier {row['tier']} account {row['account_name']}"
    if kind == "meeting":
        outcome = f": {row['note']}" if row["note"] else ""
        return f"Meeting '{row['company']}' {'held' if row['status'] == 'done' else 'no-show'}{outcome}"
    if kind == "hot":
        return f"{who}{company} rated hot"
    about = f" about {who}" if row["lead_name"] else (f" on {row['account_name']}" if row["account_name"] else "")
    if kind == "ask":
        asker = row["title"] or "someone"
        head = f"{asker} asked {row['rep_name'] or 'someone'}{about}: {row['note']}"
    else:
        head = f"Follow-up ({row['what']}) for {row['rep_name'] or 'nobody yet'}{about}" + (
            f": {row['note']}" if row["note"] else "")
    if row["status"] == "open":
        return head
    reply = f", reply: {row['reply']}" if row["reply"] else ""
    return f"{head} [{row['status']}{reply}]"


async def feed_page(store: Store, feed_filter: FeedFilter = FeedFilter(), *, limit: int = PAGE,
                    before: tuple[str, str, str] | None = None) -> list[FeedItem]:
    """The newest `limit` events before `before` (an item's cursor; None: from now), newest first."""
    before_at, before_stamp, before_id = before or (AFTER_ALL, "", "")
    ms_before, ms_after = _stamp_range(before_at)
    params = {"before_at": before_at, "before_stamp": before_stamp, "before_id": before_id,
              "ms_before": ms_before, "ms_after": ms_after, "limit": limit,
              "rep_id": feed_filter.rep_id, "account_id": feed_filter.account_id, "tier": feed_filter.tier}
    arms = {"followup" if kind == "ask" else kind for kind in feed_filter.kinds}
    items: list[FeedItem] = []
    for kind in sorted(arms):
        sql, stamped = ARMS[kind]
        hint = (ACCOUNT_INDEX if feed_filter.account_id else TIME_INDEX).get(kind, "")
        for row in await store.all(sql.format(where=_where(kind, feed_filter), hint=hint), params):
            at = stamp_time(row["at"]) if stamped else row["at"]
            items.append(FeedItem(at, row["id"], row["stamp"], row["kind"], row["rep_name"], row["account_name"],
                                  row["tier"], row["lead_id"], row["lead_name"] or None, _text(row)))
    items.sort(key=lambda item: item.cursor, reverse=True)
    return items[:limit]

