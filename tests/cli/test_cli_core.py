"""The real `eventdesk` command in a subprocess: setup, import, scan, leads, check, and bad input."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from tests.conftest import run_cli

LEAD_KEYS = ["id", "badge_id", "first_name", "last_name", "email", "phone", "company", "title", "account", "tier",
             "source", "rating", "stage", "consent", "rep", "notes", "captured_at", "touches"]
CHECK_KEYS = ["integrity", "schema_version", "leads", "touches", "scans", "unmatched", "accounts", "meetings",
              "followups"]


@pytest.fixture
def event_db(tmp_path: Path, samples: Path) -> Path:
    db = tmp_path / "booth.db"
    assert run_cli("setup", str(samples / "event.toml"), db=db).returncode == 0
    for kind in ("reps", "accounts", "attendees", "meetings"):
        result = run_cli("import", kind, str(samples / f"{kind}.csv"), db=db)
        assert result.returncode == 0, result.stderr
    return db


def test_setup_and_imports_load_the_samples(event_db: Path) -> None:
    report = json.loads(run_cli("check", "--json", db=event_db).stdout)
    assert list(report) == CHECK_KEYS
    assert report["integrity"] == "ok"
    assert report["accounts"] == 5 and report["meetings"] == 3 and report["leads"] == 0


def test_import_twice_updates_instead_of_doubling(event_db: Path, samples: Path) -> None:
    for kind in ("reps", "accounts", "attendees", "meetings"):
        assert run_cli("import", kind, str(samples / f"{kind}.csv"), db=event_db).returncode == 0
    with sqlite3.connect(event_db) as conn:
        counts = [conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("reps", "accounts", "attendees", "meetings")]
    assert counts == [4, 5, 4, 3]


def test_meeting_import_reports_the_sample_conflict(tmp_path: Path, samples: Path) -> None:
    db = tmp_path / "m.db"
    run_cli("setup", str(samples / "event.toml"), db=db)
    result = run_cli("import", "meetings", str(samples / "meetings.csv"), db=db)
    assert result.returncode == 0
    assert "conflict" in result.stderr and "Tidewell platform review" in result.stderr


def test_import_bom_and_quoted_newlines(tmp_path: Path) -> None:
    csv_file = tmp_path / "attendees.csv"
    csv_file.write_bytes("\ufeffbadge_id,first_name,last_name,company\r\nB-1,Zoë,\"Smith\",\"Acme\nLabs\"\r\n"
                         .encode())
    db = tmp_path / "a.db"
    result = run_cli("import", "attendees", str(csv_file), db=db)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT first_name, company FROM attendees").fetchone() == ("Zoë", "Acme\nLabs")


def test_import_missing_column_is_named(tmp_path: Path) -> None:
    csv_file = tmp_path / "accounts.csv"
    csv_file.write_text("name,domains\nAcme,acme.com\n")
    result = run_cli("import", "accounts", str(csv_file), db=tmp_path / "x.db")
    assert result.returncode == 1
    assert result.stderr.startswith("error: ") and "tier" in result.stderr
    assert "Traceback" not in result.stderr


def test_scan_json_outcomes(event_db: Path, samples: Path) -> None:
    badges = json.loads((samples / "badges.json").read_text())
    first = run_cli("scan", badges[2]["payload"], "--rep", "dana.reyes@example-vendor.com", "--json", db=event_db)
    assert first.returncode == 0, first.stderr
    out = json.loads(first.stdout)
    assert out["outcome"] == "new" and list(out["lead"]) == LEAD_KEYS
    assert out["lead"]["account"] == "Brightwave Energy" and out["lead"]["tier"] == 1
    again = json.loads(run_cli("scan", badges[2]["payload"], "--json", db=event_db).stdout)
    assert again["outcome"] == "touch" and again["lead"]["touches"] == 2
    refused = run_cli("scan", "WIFI:T:WPA;S:Guest;P:x;;", "--json", db=event_db)
    assert refused.returncode == 1 and json.loads(refused.stdout)["outcome"] == "refused"
    assert refused.stderr.startswith("error: ")
    unmatched = run_cli("scan", "XJ-??-blob", "--json", db=event_db)
    assert unmatched.returncode == 0 and json.loads(unmatched.stdout)["outcome"] == "unmatched"
    report = json.loads(run_cli("check", "--json", db=event_db).stdout)
    assert report["scans"] == 4 and report["unmatched"] == 1 and report["leads"] == 1 and report["touches"] == 2


def test_leads_json_and_search(event_db: Path, samples: Path) -> None:
    for badge in json.loads((samples / "badges.json").read_text()):
        run_cli("scan", badge["payload"], db=event_db)
    everyone = json.loads(run_cli("leads", "--json", db=event_db).stdout)
    assert len(everyone) == 9  # 11 samples less the refused and the unmatched one
    assert all(list(lead) == LEAD_KEYS for lead in everyone)
    assert all(lead["captured_at"].endswith(("+01:00", "+02:00")) for lead in everyone)  # event time zone
    found = json.loads(run_cli("leads", "--search", "lindq", "--json", db=event_db).stdout)
    assert [lead["last_name"] for lead in found] == ["Lindqvist"]


def test_unknown_rep_is_an_error(event_db: Path) -> None:
    result = run_cli("scan", "someone@example.org", "--rep", "nobody@example.org", db=event_db)
    assert result.returncode == 1 and "no rep" in result.stderr


@pytest.mark.parametrize("args", [
    ["check"], ["leads"], ["setup", "missing.toml"], ["import", "reps", "missing.csv"],
])
def test_bad_files_give_one_line_errors(tmp_path: Path, args: list[str]) -> None:
    cases = {
        "missing db": tmp_path / "nope.db",
        "missing folder": tmp_path / "no" / "such" / "event.db",
        "not sqlite": tmp_path / "notes.txt",
    }
    cases["not sqlite"].write_text("just some text, not a database\n" * 10)
    for name, db in cases.items():
        result = run_cli(*[str(tmp_path / a) if a.startswith("missing") else a for a in args], db=db)
        assert result.returncode == 1, (name, result.stderr)
        assert result.stderr.startswith("error: "), (name, result.stderr)
        assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1, (name, result.stderr)
    assert cases["not sqlite"].read_text().startswith("just some text")  # nothing written


def test_read_only_file_reports_instead_of_crashing(event_db: Path, samples: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root ignores file permissions")
    event_db.chmod(stat.S_IRUSR)
    result = run_cli("scan", "someone@example.org", db=event_db)
    assert result.returncode == 1 and "read-only" in result.stderr


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    for args in (["import", "widgets", "x.csv"], ["scan"], ["leads", "--limit", "zero"], ["frobnicate"]):
        result = run_cli(*args, db=tmp_path / "u.db")
        assert result.returncode == 2, (args, result.stderr)
        assert result.stderr.startswith("error: ") and "Traceback" not in result.stderr


def test_bad_settings_file(tmp_path: Path) -> None:
    bad = tmp_path / "event.toml"
    bad.write_text('name = "X"\ntimezone = "Mars/Olympus"\n')
    result = run_cli("setup", str(bad), db=tmp_path / "s.db")
    assert result.returncode == 1 and "time zone" in result.stderr
    bad.write_text("name = [unclosed")
    assert "not valid TOML" in run_cli("setup", str(bad), db=tmp_path / "s.db").stderr


def test_eventdesk_db_environment_variable(tmp_path: Path, samples: Path) -> None:
    db = tmp_path / "env.db"
    result = run_cli("setup", str(samples / "event.toml"), env={"EVENTDESK_DB": str(db)})
    assert result.returncode == 0 and db.exists()


def test_default_path_is_the_user_data_dir(tmp_path: Path, samples: Path) -> None:
    env = {"XDG_DATA_HOME": str(tmp_path / "data"), "HOME": str(tmp_path)}
    assert run_cli("setup", str(samples / "event.toml"), env=env).returncode == 0
    assert (tmp_path / "data" / "eventdesk" / "event.db").exists()


def test_help_lists_commands() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    for command in ("demo", "setup", "import", "scan", "leads", "check"):
        assert command in result.stdout
