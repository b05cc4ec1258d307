"""Two processes on one file: the booth keeps capturing while the CLI scans, imports, lists and checks.

One process (the capture service, as the app's scan field uses it) captures without a pause for the
whole test. Meanwhile `eventdesk scan`, `eventdesk import attendees|accounts`, `eventdesk leads --json`,
`eventdesk check --json`, `eventdesk export crm` and `eventdesk snapshot` run as real commands on the
same file, several at once. None of them may show the user "database is locked" (or any `error:`),
and every write must be there at the end.
"""

from __future__ import annotations

import asyncio
import csv
import json
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.reliability.helpers import build_event, child_env, parse_acks, start_child

CLI_SCANS = 12
ATTENDEE_FILES = 3
ATTENDEES_PER_FILE = 1500


def _attendee_csv(path: Path, batch: int) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["badge_id", "first_name", "last_name", "email", "company", "title", "phone"])
        for i in range(ATTENDEES_PER_FILE):
            writer.writerow([f"B{batch}-{i:05d}", f"First{i}", f"Last{batch}", f"a{batch}.{i}@visitors.example",
                             f"Company {i % 90}", "Buyer", f"+1 212 555 {i % 10000:04d}"])
    return path


def _accounts_csv(path: Path) -> Path:
    rows = ["name,tier,domains,owner_email"] + [
        f"Prospect {i},{1 + i % 3},prospect{i}.example,li.wei@example-vendor.com" for i in range(200)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _cli(db: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "eventdesk", *args, "--db", str(db)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT, env=child_env())


def test_cli_beside_a_capturing_booth(tmp_path: Path) -> None:
    db = asyncio.run(build_event(tmp_path / "booth.db"))
    with sqlite3.connect(db) as conn:
        attendees_before = conn.execute("SELECT count(*) FROM attendees").fetchone()[0]
    writer = start_child(db, "--generate", "w")
    assert writer.stdout.readline().startswith("ready")  # type: ignore[union-attr]
    started = time.monotonic()
    output: list[str] = []  # read all along, so the writer never waits on a full pipe
    drain = threading.Thread(target=lambda: output.extend(writer.stdout), daemon=True)  # type: ignore[arg-type]
    drain.start()

    # Wave after wave of commands, several at once, while the writer commits a scan every few ms.
    waves: list[list[tuple[str, ...]]] = []
    for wave in range(ATTENDEE_FILES):
        waves.append([
            ("import", "attendees", str(_attendee_csv(tmp_path / f"attendees{wave}.csv", wave))),
            *[("scan", f"cli{wave}.{i}@cli.example", "--json") for i in range(CLI_SCANS // ATTENDEE_FILES)],
            ("leads", "--json"),
            ("check", "--json"),
        ])
    waves.append([("import", "accounts", str(_accounts_csv(tmp_path / "accounts.csv"))),
                  ("export", "crm", "--preset", "generic", "-o", str(tmp_path / "crm.csv")),
                  ("snapshot", "-o", str(tmp_path / "copy.db")),
                  ("leads", "--search", "cli", "--json"),
                  ("scan", "EXPO26-000417", "--json")])
    finished: list[tuple[tuple[str, ...], subprocess.CompletedProcess[str]]] = []
    for wave_commands in waves:
        procs = [(args, _cli(db, *args)) for args in wave_commands]
        for args, proc in procs:
            out, err = proc.communicate(timeout=120)
            finished.append((args, subprocess.CompletedProcess(proc.args, proc.returncode, out, err)))

    writer.stdin.close()  # type: ignore[union-attr]
    writer.wait(timeout=60)
    drain.join(timeout=30)
    out, err = "".join(output), writer.stderr.read()  # type: ignore[union-attr]
    elapsed = time.monotonic() - started
    acks = parse_acks(out)

    for args, result in finished:
        assert "locked" not in result.stderr and "busy" not in result.stderr, (args, result.stderr)
        assert result.returncode == 0 and "error:" not in result.stderr, (args, result.stderr)
    assert writer.returncode == 0 and "error" not in out and "Traceback" not in err, (out[-400:], err)
    assert len(acks) > 20, "the booth process hardly captured anything during the test"

    with sqlite3.connect(db) as conn:
        leads = {row[0] for row in conn.execute("SELECT email FROM leads WHERE deleted = 0")}
        scans = conn.execute("SELECT count(*) FROM scans").fetchone()[0]
        attendees = conn.execute("SELECT count(*) FROM attendees").fetchone()[0]
        accounts = conn.execute("SELECT count(*) FROM accounts WHERE name LIKE 'Prospect %'").fetchone()[0]
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    cli_scans = [a for a, _ in finished if a[0] == "scan"]
    assert {f"{a.key}@writer.example" for a in acks} <= leads                       # every booth scan
    assert {a[1] for a in cli_scans if "@" in a[1]} <= leads                         # every CLI scan
    assert scans == len(acks) + len(cli_scans)                                       # nothing doubled
    assert attendees == attendees_before + ATTENDEE_FILES * ATTENDEES_PER_FILE
    assert accounts == 200
    reports = [json.loads(r.stdout) for a, r in finished if a[0] == "check"]
    assert all(r["integrity"] == "ok" for r in reports)
    assert all(isinstance(json.loads(r.stdout), list) for a, r in finished if a[0] == "leads")
    print(f"\ntwo processes: {len(acks)} booth scans in {elapsed:.1f} s beside {len(finished)} CLI commands "
          f"({', '.join(sorted({a[0] for a, _ in finished}))}): 0 locked errors, 0 writes lost")


@pytest.mark.slow
def test_cli_beside_a_capturing_booth_again_and_again(tmp_path: Path) -> None:
    for round_ in range(5):
        folder = tmp_path / f"round{round_}"
        folder.mkdir()
        test_cli_beside_a_capturing_booth(folder)
