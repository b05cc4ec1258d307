"""`eventdesk report` as a user runs it: Markdown to a file or the terminal, a workbook, and its errors."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import run_cli
from tests.unit.test_recap import known_show


@pytest.fixture
async def show(tmp_path: Path, samples: Path) -> Path:
    return await known_show(tmp_path / "show.db", samples)


def test_markdown_and_workbook(show: Path, tmp_path: Path) -> None:
    done = run_cli("report", "--day", "2026-03-10", "-o", str(tmp_path / "day1.md"), db=show)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"recap of 2026-03-10 written to {tmp_path / 'day1.md'}"
    text = (tmp_path / "day1.md").read_text(encoding="utf-8")
    assert text.startswith("# Logistics Tech Expo 2026: daily recap, Tuesday 10 March 2026 (day 1 of 3)")
    assert "| Leads | 4 | 4 | 400 |" in text and (tmp_path / "day1.md").stat().st_mode & 0o777 == 0o600

    printed = run_cli("report", "--day", "2026-03-10", "-o", "-", db=show)
    assert printed.returncode == 0 and printed.stdout.split("\n")[:3] == text.split("\n")[:3]

    book = tmp_path / "day1.xlsx"
    done = run_cli("report", "--day", "2026-03-10", "-o", str(book), db=show)
    assert done.returncode == 0, done.stderr
    assert load_workbook(book)["Goals"]["B2"].value == 4 and book.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(("args", "status", "message"), [
    (("--day", "2026-03-32", "-o", "r.md"), 2, "--day must be a date like 2026-03-10, not '2026-03-32'"),
    (("--day", "2026-04-01", "-o", "r.md"), 1, "2026-04-01 is not a day of Logistics Tech Expo 2026"),
    (("-o", "recap.pdf"), 2, "recap.pdf: give a file ending in .md or .xlsx"),
    (("-o", "-", "--format", "xlsx"), 2, "a workbook cannot go to standard output"),
    (("--day", "2026-03-10"), 2, "Missing option '-o'"),
    (("--day", "2026-03-10", "-o", "no/such/folder/r.md"), 1, "does not exist"),
])
def test_bad_arguments_are_one_line_errors(show: Path, tmp_path: Path, args: tuple[str, ...], status: int,
                                           message: str) -> None:
    before = hashlib.sha256(show.read_bytes()).hexdigest()
    done = run_cli("report", *[str(tmp_path / a) if a.endswith((".md", ".pdf")) else a for a in args], db=show)
    assert (done.returncode, done.stdout) == (status, "")
    assert done.stderr.startswith("error: ") and message in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert hashlib.sha256(show.read_bytes()).hexdigest() == before


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    done = run_cli("report", "-o", str(tmp_path / "r.md"), db=tmp_path / "nothing.db")
    assert done.returncode == 1 and done.stderr.startswith("error: ") and not (tmp_path / "nothing.db").exists()
