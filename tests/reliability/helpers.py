"""Shared pieces of the reliability tests: a ready event file, scan payloads, and what a file must hold."""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import ROOT, samples_dir

ATTENDEE_IDS = ("EXPO26-000417", "EXPO26-000418", "EXPO26-000419", "EXPO26-000420")


async def build_event(path: Path) -> Path:
    """An event file holding the samples' settings, reps, accounts and attendees (as after setup)."""
    from eventdesk.domain.settings import load_toml
    from eventdesk.handoff.imports import import_csv
    from eventdesk.store.db import open_store
    from eventdesk.store.event import save_settings

    samples = samples_dir()
    async with await open_store(path) as store:
        await save_settings(store, load_toml((samples / "event.toml").read_text(encoding="utf-8")))
        for kind in ("reps", "accounts", "attendees"):
            await import_csv(store, kind, samples / f"{kind}.csv")
    return path


def copy_event(template: Path, target: Path) -> Path:
    """A copy of a cleanly closed event file (no -wal to carry along)."""
    assert not Path(f"{template}-wal").exists() or Path(f"{template}-wal").stat().st_size == 0
    shutil.copyfile(template, target)
    target.chmod(0o600)
    return target


def child_argv(db: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "tests.reliability.capture_child", str(db), *extra]


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "EVENTDESK_DB"}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def start_child(db: Path, *extra: str, stdin: int = subprocess.PIPE) -> subprocess.Popen[str]:
    return subprocess.Popen(child_argv(db, *extra), stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=ROOT, env=child_env())


@dataclass
class Ack:
    scan_id: str
    key: str
    outcome: str


def parse_acks(stdout: str) -> list[Ack]:
    """Every complete `ack` line (a line cut by the kill has no newline and does not count)."""
    acks = []
    for line in stdout.splitlines(keepends=True):
        if line.startswith("ack ") and line.endswith("\n"):
            _, scan_id, key, outcome = line.split()
            acks.append(Ack(scan_id, key, outcome))
    return acks


@dataclass
class Feed:
    """The scans sent in one trial: key -> payload, and which keys should become which kind of scan."""

    payloads: dict[str, str] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)

    def add(self, key: str, payload: str) -> None:
        self.payloads[key] = payload
        self.lines.append(f"{key}\t{json.dumps(payload)}\n")


def scan_feed(rng: random.Random, prefix: str, count: int) -> Feed:
    """A booth's mix: emails, vCards, delimited and MECARD badges, re-scans, bare ids, junk, Wi-Fi codes."""
    feed = Feed()
    people: list[str] = []
    for i in range(count):
        key = f"{prefix}s{i}"
        first, last, email = f"Fn{key}", f"Ln{key}", f"{key}@crash.example"
        roll = rng.random()
        if roll < 0.25:
            payload = email
        elif roll < 0.45:
            payload = (f"BEGIN:VCARD\r\nVERSION:3.0\r\nN:{last};{first};;;\r\nFN:{first} {last}\r\n"
                       f"ORG:Firm {i % 7}\r\nEMAIL;TYPE=WORK:{email}\r\nEND:VCARD")
        elif roll < 0.60:
            payload = f"ID-{key}^{first}^{last}^{email}^Buyer^Firm {i % 5}^Austin^TX^78701^512-555-0100"
        elif roll < 0.70:
            payload = f"MECARD:N:{last},{first};ORG:Firm {i % 3};EMAIL:{email};UID:U-{key};;"
        elif roll < 0.82 and people:
            payload = feed.payloads[rng.choice(people)]          # the same person again: a touch
        elif roll < 0.88:
            payload = rng.choice(ATTENDEE_IDS)                    # a bare id from the attendee list
        elif roll < 0.94:
            payload = f"NOT-A-BADGE-{key}-{rng.randrange(10**6)}"  # kept for review
        else:
            payload = f"WIFI:T:WPA;S:Booth-{key};P:secret{i};;"   # refused, still journaled
        feed.add(key, payload)
        if "@" in payload:
            people.append(key)
    return feed


def check_file(db: Path, acks: list[Ack], feed: Feed, in_flight_allowed: int = 1) -> dict[str, int]:
    """Everything acknowledged is in the file, nothing is doubled, and SQLite finds the file sound."""
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        assert conn.execute("PRAGMA integrity_check").fetchall()[0][0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        conn.execute("INSERT INTO leads_fts(leads_fts) VALUES ('integrity-check')")  # FTS index matches leads
        for ack in acks:
            scan = conn.execute("SELECT * FROM scans WHERE id = ?", (ack.scan_id,)).fetchone()
            assert scan is not None, f"acknowledged scan {ack.key} is not in the file"
            assert scan["raw"] == feed.payloads[ack.key], ack.key
            assert scan["outcome"] == ack.outcome, ack.key
            if ack.outcome in ("new", "touch"):
                lead = conn.execute("SELECT deleted FROM leads WHERE id = ?", (scan["lead_id"],)).fetchone()
                assert lead is not None and lead["deleted"] == 0, f"acknowledged lead {ack.key} is not in the file"
                touches = conn.execute("SELECT count(*) FROM touches WHERE scan_id = ?", (ack.scan_id,)).fetchone()
                assert touches[0] == 1, ack.key
        scans = conn.execute("SELECT count(*) FROM scans").fetchone()[0]
        # At most the one scan being captured when the process died is there without its ack.
        assert len(acks) <= scans <= len(acks) + in_flight_allowed, (scans, len(acks))
        for column in ("email_key", "badge_id"):
            doubled = conn.execute(f"SELECT {column} FROM leads WHERE {column} IS NOT NULL AND deleted = 0 "
                                   f"GROUP BY {column} HAVING count(*) > 1").fetchall()
            assert doubled == [], f"the same person saved twice by {column}: {[tuple(r) for r in doubled]}"
        leads = conn.execute("SELECT count(*) FROM leads WHERE deleted = 0").fetchone()[0]
        counted = conn.execute("SELECT coalesce(sum(n), 0) FROM lead_stats").fetchone()[0]
        assert counted == leads, "the trigger-kept lead counters drifted from the leads table"
        pending = conn.execute("SELECT count(*) FROM scans WHERE outcome IS NULL").fetchone()[0]
    return {"scans": scans, "leads": leads, "journaled_only": pending}
