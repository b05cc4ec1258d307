"""Every command with nonsense arguments: one `error:` line on stderr, exit 1 or 2, never a traceback, and
nothing written to the event file.

The commands are read from the real click group, so a new command is covered the day it is added. Each
gets a valid set of arguments (`base`) and then one thing wrong at a time: an unknown option, a stray
argument, a wrong type, choice or number, a folder, an empty, over-long or unwritable name where a file
goes, an empty, over-long or control-character value where a name, id, date or email goes, a damaged
`--db`, and nothing at all where something is required. All run as real subprocesses, four at a time.
"""

from __future__ import annotations

import asyncio
import hashlib
import sqlite3
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import click
import pytest

from tests.conftest import run_cli
from tests.ui.conftest import build_sample_event

LONG = "x" * 5000    # past any file name's limit (255) and any sensible id, date or email
BINARY = "\x01\x02\x7f\u202e\ufffd"    # control characters, a right-to-left override, a replacement char
# Strings where any text is a fair answer (a search; a badge's payload is kept for review whatever it says).
ANY_TEXT = {("leads", "text"), ("scan", "payload")}


def commands() -> Iterator[tuple[tuple[str, ...], click.Command]]:
    from eventdesk.cli import cli

    def walk(command: click.Command, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], click.Command]]:
        if isinstance(command, click.Group):
            for name, sub in sorted(command.commands.items()):
                yield from walk(sub, (*path, name))
        else:
            yield path, command

    yield from walk(cli, ())


@pytest.fixture(scope="module")
def event(tmp_path_factory: pytest.TempPathFactory, samples_dir_path: Path) -> dict[str, Path | str]:
    folder = tmp_path_factory.mktemp("nonsense")
    db = asyncio.run(build_sample_event(folder / "event.db", samples_dir_path))
    done = run_cli("scan", "grace.osei@tidewell.health", "--json", db=db)
    assert done.returncode == 0, done.stderr
    lead = sqlite3.connect(db).execute("SELECT id FROM leads").fetchone()[0]
    other = asyncio.run(build_sample_event(folder / "other.db", samples_dir_path))
    (folder / "a-folder").mkdir()
    (folder / "notes.txt").write_text("not a database\n")
    return {"db": db, "lead": lead, "other": other, "folder": folder / "a-folder", "text": folder / "notes.txt",
            "out": folder / "out", "samples": samples_dir_path}


@pytest.fixture(scope="module")
def samples_dir_path() -> Path:
    from tests.conftest import samples_dir

    path = samples_dir()
    if not (path / "event.toml").exists():
        pytest.skip(f"shared samples not found at {path}")
    return path


def base(path: tuple[str, ...], e: dict[str, Path | str]) -> list[str]:
    """Arguments that make the command valid (nonsense is then added one piece at a time)."""
    out, samples = str(e["out"]), Path(e["samples"])
    return {
        ("demo",): ["--no-ui", "--leads", "5"],
        ("setup",): [str(samples / "event.toml")],
        ("import",): ["reps", str(samples / "reps.csv")],
        ("scan",): ["someone.new@example.org"],
        ("export", "crm"): ["--preset", "hubspot", "-o", out + ".csv"],
        ("export", "followups"): ["-o", out + ".csv"],
        ("export", "meetings"): ["-o", out + ".ics"],
        ("merge",): [str(e["other"])],
        ("snapshot",): ["-o", out + ".db"],
        ("qr", "lead"): [str(e["lead"])],
        ("erase",): [str(e["lead"]), "--yes"],
        ("report",): ["--day", "2026-03-10", "-o", out + ".md"],
    }.get(path, [])


def replaced(args: list[str], option: click.Option, value: str) -> list[str]:
    """`args` with the option's value swapped for `value` (or the option added with it)."""
    for name in option.opts:
        if name in args:
            at = args.index(name)
            return [*args[:at + 1], value, *args[at + 2:]]
    return [*args, option.opts[-1], value]


def cases(e: dict[str, Path | str]) -> Iterator[tuple[str, list[str]]]:
    """(label, argv): one thing wrong in each."""
    db = str(e["db"])
    for path, command in commands():
        name, args = " ".join(path), base(path, e)
        yield f"{name}: unknown option", [*path, *args, "--no-such-option", "--db", db]
        yield f"{name}: stray argument", [*path, *args, "stray-word-\x1b[31m", "--db", db]
        if any(p.required for p in command.params):
            yield f"{name}: nothing given", [*path, "--db", db]
        positional = [p for p in command.params if isinstance(p, click.Argument)]
        unwritable = ("/proc/eventdesk-nonsense/out.csv", str(e["text"]) + "/out.csv", LONG + ".csv")
        for index, param in enumerate(positional):
            if index >= len(args) or args[index].startswith("-"):
                continue
            if isinstance(param.type, click.Path):
                bads: tuple[str, ...] = (str(e["folder"]), "", str(e["text"]), *unwritable)
            elif param.type is click.STRING:
                bads = ("", BINARY, LONG) if (name, param.name) not in ANY_TEXT else ("",)
            else:
                continue
            for bad in bads:
                swapped = [*args[:index], bad, *args[index + 1:]]
                yield f"{name}: {param.name} {shown(bad)}", [*path, *swapped, "--db", db]
        for param in command.params:
            if not isinstance(param, click.Option) or param.is_flag or param.name == "db":
                continue
            kind = param.type
            if isinstance(kind, (click.IntRange, click.Choice)) or kind is click.INT:
                yield f"{name}: {param.name} nonsense", [*path, *replaced(args, param, "nonsense"),
                                                         "--db", db]
            if isinstance(kind, click.IntRange):
                # 10**25 always: past SQLite's 64-bit integers, so every range needs an upper bound too
                for number in (kind.min - 1 if kind.min is not None else None, -5, 10 ** 25):
                    if number is not None and (number == 10 ** 25 or not kind.min <= number):  # type: ignore[operator]
                        yield (f"{name}: {param.name} {number}", [*path, *replaced(args, param, str(number)),
                                                                  "--db", db])
            if isinstance(kind, click.Path):
                for bad in (str(e["folder"]), "", *unwritable):
                    yield (f"{name}: {param.name} {shown(bad)}", [*path, *replaced(args, param, bad), "--db", db])
            if kind is click.STRING and (name, param.name) not in ANY_TEXT:
                for bad in ("", BINARY, LONG, "2026-13-45"):
                    yield (f"{name}: {param.name} {shown(bad)}", [*path, *replaced(args, param, bad), "--db", db])
        for label, bad_db in (("a folder", e["folder"]), ("a text file", e["text"]),
                              ("a missing folder", Path(str(e["folder"])) / "no" / "such" / "event.db"),
                              ("empty", ""), ("too long", LONG)):
            if path == ("demo",) and label == "a text file":
                continue  # demo replaces a file that is not an event only after asking: covered in its own tests
            yield f"{name}: --db is {label}", [*path, *args, "--db", str(bad_db)]


def shown(value: str) -> str:
    return "empty" if not value else value if len(value) < 60 else f"{value[:20]}… ({len(value)} chars)"


def content(db: Path) -> str:
    """A hash of every row (not of the file's bytes: closing a connection may checkpoint the journal)."""
    conn = sqlite3.connect(db)
    try:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()
    finally:
        conn.close()


def test_every_command_refuses_nonsense_clearly(event: dict[str, Path | str]) -> None:
    files = [Path(event["db"]), Path(event["other"])]
    before = [content(f) for f in files]
    todo = list(cases(event))
    assert len(todo) > 150 and {c[0].split(":")[0] for c in todo} >= {"report", "export crm", "qr booth", "demo"}
    assert {"report: day_text 2026-13-45", "demo: leads -5", "erase: lead_id empty"} <= {c[0] for c in todo}
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda case: run_cli(*case[1]), todo))
    problems = []
    for (label, _), done in zip(todo, results, strict=True):
        lines = done.stderr.strip().splitlines()
        if (done.returncode not in (1, 2) or len(lines) != 1 or not lines[0].startswith("error: ")
                or "Traceback" in done.stderr + done.stdout):
            problems.append(f"{label}: exit {done.returncode}, stderr {done.stderr.strip()[:300]!r}")
    print(f"\nnonsense calls: {len(todo)} over {len({c[0].split(':')[0] for c in todo})} commands")
    assert not problems, "\n".join(problems)
    assert [content(f) for f in files] == before
    folder = Path(str(event["out"])).parent
    assert not list(folder.glob("out.*")) and not list(folder.glob(".*.tmp"))  # nothing half-written by a refusal
