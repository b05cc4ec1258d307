"""Pages of leads for long tables: keyset pagination, never OFFSET and never the whole list.

A page is asked for relative to a row key (the sort value and the id of the first or last row shown),
so scrolling, sorting by a column and jumping to the end cost one indexed range read of one page,
whatever the size of the file, and rows inserted meanwhile never shift what the user is looking at.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eventdesk.domain.models import Lead
from eventdesk.store.db import Store
from eventdesk.store.leads import LEAD_SELECT, fts_query, has_fts, row_to_lead

# Sortable columns: the SQL expression each sorts by (matching an index in schema.py).
SORT_KEYS = {
    "captured": "l.captured_at",
    "name": "coalesce(l.last_name, '')",
    "company": "coalesce(l.company, '')",
    "rating": "l.rating",
}
# The index each sort walks. Named with INDEXED BY: left to itself the planner starts from a broad
# search match (40,000 rows for one letter) and sorts them all; walking the index stops after a page.
SORT_INDEX = {"captured": "leads_page_captured", "name": "leads_page_last", "company": "leads_page_company",
              "rating": "leads_page_rating"}
# Searches count their matches only this far ("1,000+"): an exact count of a one-letter search costs
# more than the page itself and nobody scrolls that far.
COUNT_CAP = 1000
Key = tuple[Any, str]


@dataclass(frozen=True)
class Page:
    leads: list[Lead]
    keys: list[Key]          # (sort value, id) of each row, to ask for the next or previous page
    at_start: bool
    at_end: bool


def _key(lead: Lead, sort: str) -> Key:
    value = {"captured": lead.captured_at, "name": lead.last_name or "", "company": lead.company or "",
             "rating": lead.rating}[sort]
    return (value, lead.id)


async def _filters(store: Store, search: str | None) -> tuple[list[str], list[Any]]:
    where, params = ["l.deleted = 0"], []
    if search:
        query = fts_query(search)
        if query and await has_fts(store):
            where.append("l.rowid IN (SELECT rowid FROM leads_fts WHERE leads_fts MATCH ?)")
            params.append(query)
        else:
            where.append("(l.first_name LIKE ? OR l.last_name LIKE ? OR l.email LIKE ? OR l.company LIKE ?)")
            params.extend([f"%{search.strip()}%"] * 4)
    return where, params


async def page(store: Store, *, sort: str = "captured", descending: bool = True, after: Key | None = None,
               before: Key | None = None, last: bool = False, size: int = 100, search: str | None = None) -> Page:
    """One page in display order: the first page, the one after/before a key, or the last one."""
    if sort not in SORT_KEYS:
        raise ValueError(f"cannot sort leads by {sort!r}")
    column = SORT_KEYS[sort]
    where, params = await _filters(store, search)
    # Reading backwards (a previous page, or the last page) walks the index the other way, then flips.
    backwards = before is not None or last
    ascending = descending == backwards
    anchor = after if after is not None else before
    if anchor is not None:
        where.append(f"({column}, l.id) {'>' if ascending else '<'} (?, ?)")
        params.extend(anchor)
    direction = "ASC" if ascending else "DESC"
    select = LEAD_SELECT.replace("FROM leads l ", f"FROM leads l INDEXED BY {SORT_INDEX[sort]} ")
    rows = await store.all(
        f"{select} WHERE {' AND '.join(where)} ORDER BY {column} {direction}, l.id {direction} LIMIT ?",
        [*params, size + 1],
    )
    more = len(rows) > size
    leads = [row_to_lead(r) for r in rows[:size]]
    if backwards:
        leads.reverse()
    at_start = (not more) if backwards else anchor is None
    at_end = True if last else ((not more) if not backwards else False)
    return Page(leads, [_key(lead, sort) for lead in leads], at_start, at_end)


async def count_and_position(store: Store, first: Key | None, *, sort: str = "captured", descending: bool = True,
                             search: str | None = None) -> tuple[int, int]:
    """How many leads match, and how many come before the row with key `first` (for "rows 201-300 of N");
    pass `first=None` for the first page, which needs no position query.

    Without a search the total comes from the trigger-kept counters; with one, both numbers stop at
    COUNT_CAP + 1 (shown as "1,000+")."""
    where, params = await _filters(store, search)
    cap = f" LIMIT {COUNT_CAP + 1}" if search else ""
    query = fts_query(search) if search else None
    if query and await has_fts(store):
        # Tombstones keep no text in the index, so its matches are exactly the live leads that match.
        total = int(await store.scalar(
            f"SELECT count(*) FROM (SELECT 1 FROM leads_fts WHERE leads_fts MATCH ?{cap})", (query,)))
    elif search:
        total = int(await store.scalar(
            f"SELECT count(*) FROM (SELECT 1 FROM leads l WHERE {' AND '.join(where)}{cap})", params))
    else:
        total = int(await store.scalar("SELECT coalesce(sum(n), 0) FROM lead_stats"))
    if first is None:
        return total, 0
    column, op = SORT_KEYS[sort], ">" if descending else "<"
    # Two plain ranges of the sort index, not one row-value comparison: SQLite cannot range-scan an
    # expression index (coalesce(last_name, '')) with a row value, and would count all 100,000 rows.
    source = f"leads l INDEXED BY {SORT_INDEX[sort]}"
    before = 0
    for condition, values in ((f"{column} {op} ?", [first[0]]), (f"{column} = ? AND l.id {op} ?", list(first))):
        before += int(await store.scalar(
            f"SELECT count(*) FROM (SELECT 1 FROM {source} WHERE {' AND '.join(where)} AND {condition}{cap})",
            [*params, *values]))
    return total, before
