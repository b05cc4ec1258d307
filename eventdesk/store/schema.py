"""The schema, as numbered migrations keyed on PRAGMA user_version.

Every synced table carries: a UUID `id`, the creating `device`, an `updated` hybrid-logical-clock
stamp (merge keeps the later one) and a `deleted` flag (a tombstone keeps id and stamp, so a merge
cannot bring an erased record back). Migrations only ever append: a shipped step is never edited.
"""

from __future__ import annotations

SYNC_COLUMNS = "device TEXT NOT NULL, updated TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0"

V1 = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE event (
    id TEXT PRIMARY KEY,
    settings TEXT NOT NULL,            -- EventSettings as JSON
    {SYNC_COLUMNS}
);

CREATE TABLE reps (
    id TEXT PRIMARY KEY,               -- stable_id('rep', email): the same on every laptop
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'sales' CHECK (role IN ('sales', 'marketing')),
    {SYNC_COLUMNS}
);
CREATE UNIQUE INDEX reps_email ON reps(email);

CREATE TABLE accounts (
    id TEXT PRIMARY KEY,               -- stable_id('account', company key)
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,            -- normalise_company(name), for matching badges
    domains TEXT NOT NULL DEFAULT '',  -- space separated, lower case
    tier INTEGER NOT NULL CHECK (tier BETWEEN 1 AND 3),
    owner_rep_id TEXT REFERENCES reps(id),
    {SYNC_COLUMNS}
);
CREATE INDEX accounts_name_key ON accounts(name_key);

-- Derived from accounts.domains on every account write: the indexed lookup capture needs.
CREATE TABLE account_domains (
    domain TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    PRIMARY KEY (domain, account_id)
) WITHOUT ROWID;

CREATE TABLE attendees (
    badge_id TEXT PRIMARY KEY,
    first_name TEXT, last_name TEXT, email TEXT, company TEXT, title TEXT, phone TEXT,
    updated TEXT NOT NULL
);

CREATE TABLE leads (
    id TEXT PRIMARY KEY,
    badge_id TEXT,
    first_name TEXT, last_name TEXT,
    email TEXT,
    email_key TEXT,                    -- lower-cased normalised email: the dedupe key
    phone TEXT, company TEXT, title TEXT, url TEXT,
    account_id TEXT REFERENCES accounts(id),
    source TEXT NOT NULL DEFAULT 'scan' CHECK (source IN ('scan', 'manual', 'import')),
    rating TEXT NOT NULL DEFAULT 'unrated' CHECK (rating IN ('hot', 'warm', 'cold', 'unrated')),
    stage TEXT NOT NULL DEFAULT 'new',
    consent INTEGER NOT NULL DEFAULT 0,
    consent_text TEXT, consent_at TEXT, consent_by TEXT,
    rep_id TEXT REFERENCES reps(id),
    notes TEXT NOT NULL DEFAULT '',
    captured_at TEXT NOT NULL,
    captured_by TEXT REFERENCES reps(id),
    {SYNC_COLUMNS}
);
CREATE INDEX leads_badge ON leads(badge_id) WHERE badge_id IS NOT NULL;
CREATE INDEX leads_email_key ON leads(email_key) WHERE email_key IS NOT NULL;
CREATE INDEX leads_account ON leads(account_id);
CREATE INDEX leads_rep ON leads(rep_id);
-- Keyset pagination of the Leads table by each sortable column (live rows only, NULLs sorted as '').
CREATE INDEX leads_page_captured ON leads(captured_at, id) WHERE deleted = 0;
CREATE INDEX leads_page_last ON leads(coalesce(last_name, ''), id) WHERE deleted = 0;
CREATE INDEX leads_page_company ON leads(coalesce(company, ''), id) WHERE deleted = 0;
CREATE INDEX leads_page_rating ON leads(rating, id) WHERE deleted = 0;

CREATE TABLE scans (
    id TEXT PRIMARY KEY,
    raw TEXT NOT NULL,
    at TEXT NOT NULL,
    staff_rep_id TEXT,
    outcome TEXT CHECK (outcome IN ('new', 'touch', 'unmatched', 'refused')),  -- NULL: journaled, not yet parsed
    format TEXT,
    message TEXT NOT NULL DEFAULT '',
    lead_id TEXT,
    reviewed INTEGER NOT NULL DEFAULT 0,
    {SYNC_COLUMNS}
);
CREATE INDEX scans_at ON scans(at);
CREATE INDEX scans_outcome ON scans(outcome, reviewed);

CREATE TABLE touches (
    id TEXT PRIMARY KEY,
    lead_id TEXT NOT NULL REFERENCES leads(id),
    scan_id TEXT,
    kind TEXT NOT NULL DEFAULT 'scan',
    at TEXT NOT NULL,
    staff_rep_id TEXT,
    note TEXT NOT NULL DEFAULT '',
    {SYNC_COLUMNS}
);
CREATE INDEX touches_lead ON touches(lead_id, at);

CREATE TABLE answers (
    id TEXT PRIMARY KEY,
    lead_id TEXT NOT NULL REFERENCES leads(id),
    question_key TEXT NOT NULL,
    answer TEXT NOT NULL,
    {SYNC_COLUMNS}
);
CREATE UNIQUE INDEX answers_lead_question ON answers(lead_id, question_key);

CREATE TABLE meetings (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    lead_id TEXT REFERENCES leads(id),
    account_id TEXT REFERENCES accounts(id),
    rep_id TEXT REFERENCES reps(id),
    start TEXT NOT NULL,
    end TEXT NOT NULL,
    location TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'done', 'no-show', 'cancelled')),
    outcome TEXT NOT NULL DEFAULT '',
    {SYNC_COLUMNS}
);
CREATE INDEX meetings_start ON meetings(start);
CREATE INDEX meetings_rep ON meetings(rep_id, start);
CREATE INDEX meetings_lead ON meetings(lead_id);
CREATE INDEX meetings_account ON meetings(account_id);

CREATE TABLE followups (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL DEFAULT 'followup' CHECK (kind IN ('followup', 'ask')),
    lead_id TEXT REFERENCES leads(id),
    account_id TEXT REFERENCES accounts(id),
    meeting_id TEXT REFERENCES meetings(id),
    rep_id TEXT REFERENCES reps(id),   -- who must act
    action TEXT NOT NULL DEFAULT 'call',
    due TEXT,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped', 'declined')),
    origin TEXT NOT NULL DEFAULT 'manual',   -- 'rating': made by the deadline rule, moved when the rating changes
    created_by TEXT REFERENCES reps(id),
    note TEXT NOT NULL DEFAULT '',
    reply TEXT NOT NULL DEFAULT '',
    {SYNC_COLUMNS}
);
CREATE INDEX followups_rep ON followups(rep_id, status, due);
CREATE INDEX followups_lead ON followups(lead_id);
CREATE INDEX followups_account ON followups(account_id);
"""

# Full-text search over the people: kept in step with leads by triggers (external content table).
V1_FTS = """
CREATE VIRTUAL TABLE leads_fts USING fts5(
    first_name, last_name, email, company, title, notes,
    content='leads', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2', prefix='2 3'
);
CREATE TRIGGER leads_fts_insert AFTER INSERT ON leads BEGIN
    INSERT INTO leads_fts(rowid, first_name, last_name, email, company, title, notes)
    VALUES (new.rowid, new.first_name, new.last_name, new.email, new.company, new.title, new.notes);
END;
CREATE TRIGGER leads_fts_delete AFTER DELETE ON leads BEGIN
    INSERT INTO leads_fts(leads_fts, rowid, first_name, last_name, email, company, title, notes)
    VALUES ('delete', old.rowid, old.first_name, old.last_name, old.email, old.company, old.title, old.notes);
END;
CREATE TRIGGER leads_fts_update AFTER UPDATE OF first_name, last_name, email, company, title, notes ON leads BEGIN
    INSERT INTO leads_fts(leads_fts, rowid, first_name, last_name, email, company, title, notes)
    VALUES ('delete', old.rowid, old.first_name, old.last_name, old.email, old.company, old.title, old.notes);
    INSERT INTO leads_fts(rowid, first_name, last_name, email, company, title, notes)
    VALUES (new.rowid, new.first_name, new.last_name, new.email, new.company, new.title, new.notes);
END;
"""

# Counters the header, the Goals screen and the recap read, kept by triggers so that no scan makes
# anything recount 100,000 leads; they follow every insert, edit, tombstone and merge of `leads`.
V1_STATS = """
CREATE TABLE lead_stats (
    rating TEXT NOT NULL, stage TEXT NOT NULL, account_id TEXT NOT NULL, captured_by TEXT NOT NULL,
    rep_id TEXT NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (rating, stage, account_id, captured_by, rep_id)
) WITHOUT ROWID;
CREATE TABLE lead_hours (hour TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;  -- UTC 'YYYY-MM-DDTHH'
CREATE TRIGGER lead_stats_insert AFTER INSERT ON leads WHEN new.deleted = 0 BEGIN
    INSERT INTO lead_stats VALUES (new.rating, new.stage, coalesce(new.account_id, ''),
        coalesce(new.captured_by, ''), coalesce(new.rep_id, ''), 1) ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO lead_hours VALUES (substr(new.captured_at, 1, 13), 1) ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER lead_stats_delete AFTER DELETE ON leads WHEN old.deleted = 0 BEGIN
    UPDATE lead_stats SET n = n - 1 WHERE rating = OLDKEY;
    UPDATE lead_hours SET n = n - 1 WHERE hour = substr(old.captured_at, 1, 13);
END;
CREATE TRIGGER lead_stats_update AFTER UPDATE OF rating, stage, account_id, captured_by, rep_id, deleted, captured_at
ON leads BEGIN
    UPDATE lead_stats SET n = n - 1 WHERE old.deleted = 0 AND rating = OLDKEY;
    UPDATE lead_hours SET n = n - 1 WHERE old.deleted = 0 AND hour = substr(old.captured_at, 1, 13);
    INSERT INTO lead_stats SELECT new.rating, new.stage, coalesce(new.account_id, ''), coalesce(new.captured_by, ''),
        coalesce(new.rep_id, ''), 1 WHERE new.deleted = 0 ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO lead_hours SELECT substr(new.captured_at, 1, 13), 1 WHERE new.deleted = 0
        ON CONFLICT DO UPDATE SET n = n + 1;
END;
""".replace("OLDKEY", "old.rating AND stage = old.stage AND account_id = coalesce(old.account_id, '') "
            "AND captured_by = coalesce(old.captured_by, '') AND rep_id = coalesce(old.rep_id, '')")

# Version 2: the activity feed and the asks lists read each kind of event newest first through an index
# (DESIGN §8: no screen may scan 100,000 rows to show a page).
V2 = """
CREATE INDEX touches_at ON touches(at);
CREATE INDEX leads_hot ON leads(updated) WHERE rating = 'hot' AND deleted = 0;
CREATE INDEX followups_feed ON followups(updated) WHERE kind = 'ask' OR origin = 'manual' OR status != 'open';
CREATE INDEX followups_asked_by ON followups(created_by, status) WHERE kind = 'ask';
CREATE INDEX meetings_updated ON meetings(updated);
"""

# (version, sql) in order; the file's user_version says how many have run.
MIGRATIONS: tuple[tuple[int, str], ...] = ((1, V1 + V1_STATS), (2, V2))
SCHEMA_VERSION = MIGRATIONS[-1][0]

# Tables that merge row by row on their `updated` stamp.
SYNCED_TABLES = ("event", "reps", "accounts", "leads", "scans", "touches", "answers", "meetings", "followups")
