"""Property-based tests of the inputs a booth is handed: CSV imports, event settings, badge scans.

Each parser gives a result or its own clear error (CsvImportError, SettingsError; a scan always gives an
outcome), never anything else, and the error is one line. CSV files go through the real importer into
a real event file; settings through `from_dict` and `load_toml`, and what they accept must load back
from the stored JSON; scans through `CaptureService.capture` on a real file. Each test prints how many
examples it ran. A 100k-row attendee file imports in one go.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import random
import time
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventdesk.domain.settings import EventSettings, SettingsError, from_dict, load_toml
from eventdesk.handoff.csvread import CsvImportError
from tests.conftest import samples_dir
from tests.reliability.helpers import build_event

FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
                database=None)
CSV_EXAMPLES = 120        # per kind of import (4 kinds)
RAW_EXAMPLES = 150        # random bytes, any kind
MUTATED_EXAMPLES = 150    # the sample CSV files with bytes changed
SETTINGS_EXAMPLES = 400   # random dicts through from_dict
KNOWN_KEY_EXAMPLES = 400  # dicts with the real keys and odd values
TOML_EXAMPLES = 300       # random text and mutated event.toml through load_toml
SCAN_EXAMPLES = 150       # payloads through the capture service

COLUMNS = {
    "attendees": ("badge_id", "first_name", "last_name", "email", "company", "title", "phone"),
    "accounts": ("name", "tier", "domains", "owner_email"),
    "meetings": ("title", "rep_email", "start", "end", "location", "attendee_email", "account"),
    "reps": ("name", "email", "role"),
}


class Importer:
    """A real event file and one event loop, kept for all examples (opening a file per example is slow)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.loop = asyncio.new_event_loop()
        self.path = self.loop.run_until_complete(build_event(folder / "fuzz.db"))
        from eventdesk.store.db import open_store

        self.store = self.loop.run_until_complete(open_store(self.path))
        self.counts: Counter[str] = Counter()

    def run(self, coro):  # type: ignore[no-untyped-def]
        return self.loop.run_until_complete(coro)

    def import_bytes(self, kind: str, data: bytes):  # type: ignore[no-untyped-def]
        from eventdesk.handoff.imports import import_csv

        path = self.folder / f"{kind}.csv"
        path.write_bytes(data)
        return self.run(import_csv(self.store, kind, path))

    def close(self) -> None:
        self.run(self.store.close())
        self.loop.close()


@pytest.fixture(scope="module")
def importer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Importer]:
    found = Importer(tmp_path_factory.mktemp("fuzz"))
    yield found
    found.close()
    print(f"\nfuzz examples run: {dict(found.counts)}")


def expect_import(importer: Importer, kind: str, data: bytes, label: str) -> None:
    importer.counts[label] += 1
    try:
        result = importer.import_bytes(kind, data)
    except CsvImportError as exc:
        message = str(exc)
        assert message and "\n" not in message and "\r" not in message, repr(message)
        assert len(message) < 600, f"a {len(message)}-character error message: {message[:400]!r}"
        importer.counts[f"{label}: refused"] += 1
        return
    importer.counts[f"{label}: imported"] += 1
    assert result.kind == kind and result.rows >= 0
    assert all("\n" not in warning for warning in result.warnings)


# --- CSV -------------------------------------------------------------------------------------------------

VALUES = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["1", "2", "3", "0", "4", "sales", "marketing", "boss", "", " ", "\n", '"', "=1+2",
                     "ana@example.com", "ANA@Example.COM ", "no-at-sign", "a@b", "+49 30 901820", "555",
                     "2026-03-10T10:00:00+01:00", "2026-03-10T09:00", "2026-03-10", "tomorrow",
                     "9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59", "Tidewell Health", "Zoë Ünïcødé"]),
    st.datetimes().map(lambda d: d.isoformat()),
    st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()),
    st.emails(),
)
HEADER_NOISE = st.sampled_from(["", " ", "\ufeff", "Extra", "notes", "EMAIL", " Badge_ID ", "name", "x\ny", ""])


@st.composite
def csv_files(draw: st.DrawFn, kind: str) -> bytes:
    """A spreadsheet's CSV: known and unknown columns in any order and case, ragged rows, odd encodings."""
    known = list(COLUMNS[kind])
    header = draw(st.lists(st.sampled_from(known), unique=True, max_size=len(known)))
    if draw(st.booleans()):
        header = list(dict.fromkeys(known[:2] + header))           # usually has what is required
    header += draw(st.lists(st.one_of(HEADER_NOISE, st.text(max_size=8)), max_size=3))  # extra columns
    header = [draw(st.sampled_from([h, h.upper(), f" {h} ", h.title()])) for h in header]
    rows = draw(st.lists(st.lists(VALUES, min_size=0, max_size=len(header) + 2), max_size=8))
    out = io.StringIO()
    writer = csv.writer(out, quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])),
                        lineterminator=draw(st.sampled_from(["\r\n", "\n", "\r"])))
    writer.writerow(header)
    writer.writerows(rows)
    text = out.getvalue()
    if draw(st.booleans()):
        text = text[: draw(st.integers(0, len(text)))]             # cut off (a file copied half-way)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "cp1252", "utf-16", "mac-roman"]))
    return text.encode(encoding, errors="replace")


EMAILS = st.one_of(st.emails(), st.sampled_from(["ana@example.com", "Li.Wei@Example-Vendor.com", "bad@", "@x", ""]))
TIMES = st.one_of(
    st.datetimes().map(lambda d: d.isoformat()),
    st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()),
    st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat(sep=" ", timespec="minutes")),
    st.sampled_from(["0001-01-01T00:00:00+23:59", "9999-12-31T23:59:59-23:59", "2026-03-10T10:00", "2026-03-10",
                     "10:00", "2026-02-30T10:00", ""]))
GOOD_CELLS = {  # values that get past the header, so rows reach validation and the file
    "attendees": {"badge_id": st.text(min_size=1, max_size=12), "email": EMAILS,
                  "phone": st.one_of(st.text(max_size=16), st.sampled_from(["+49 30 901820", "tel:+1-212-555-0199"]))},
    "accounts": {"name": st.text(min_size=1, max_size=20), "tier": st.sampled_from(["1", "2", "3", "4", " 1", ""]),
                 "domains": st.lists(st.sampled_from(["a.example", "B.EXAMPLE", "x", "", "ü.example"])).map(";".join),
                 "owner_email": EMAILS},
    "meetings": {"title": st.text(min_size=1, max_size=20), "rep_email": EMAILS, "start": TIMES, "end": TIMES,
                 "attendee_email": EMAILS, "account": st.sampled_from(["Tidewell Health", "", "Nobody Inc"])},
    "reps": {"name": st.text(min_size=1, max_size=20), "email": EMAILS,
             "role": st.sampled_from(["sales", "marketing", "Sales", "", "boss"])},
}


@st.composite
def well_formed_csv(draw: st.DrawFn, kind: str) -> bytes:
    """Every column present and cells that mostly make sense: the rows reach validation and the database."""
    columns = draw(st.permutations(COLUMNS[kind]))
    cells = GOOD_CELLS[kind]
    rows = [[draw(cells.get(c, st.text(max_size=15))) for c in columns]
            for _ in range(draw(st.integers(1, 5)))]
    if kind == "meetings" and draw(st.booleans()):  # a real time slot, so more rows get to the database
        for row in rows:
            begin = draw(st.datetimes(timezones=st.one_of(st.none(), st.timezones())))
            finish = begin + draw(st.timedeltas(min_value=timedelta(microseconds=1), max_value=timedelta(days=3)))
            row[columns.index("start")], row[columns.index("end")] = begin.isoformat(), finish.isoformat()
    out = io.StringIO()
    csv.writer(out).writerows([columns, *rows])
    return out.getvalue().encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"])), errors="replace")


@pytest.mark.parametrize("kind", list(COLUMNS))
def test_csv_imports(importer: Importer, kind: str) -> None:
    @settings(FUZZ, max_examples=CSV_EXAMPLES)
    @given(st.one_of(csv_files(kind), well_formed_csv(kind)))
    def check(data: bytes) -> None:
        expect_import(importer, kind, data, f"csv {kind}")

    check()


@settings(FUZZ, max_examples=RAW_EXAMPLES)
@given(st.sampled_from(list(COLUMNS)), st.binary(max_size=2000))
def test_csv_random_bytes(importer: Importer, kind: str, data: bytes) -> None:
    expect_import(importer, kind, data, "csv random bytes")


def _sample_csv(kind: str) -> bytes:
    return (samples_dir() / f"{kind}.csv").read_bytes()


@st.composite
def mutated_csv(draw: st.DrawFn) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(list(COLUMNS)))
    data = bytearray(_sample_csv(kind))
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["insert", "delete", "replace", "quote", "bom"]))
        if op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=6))
        elif op == "delete":
            del data[at:at + draw(st.integers(1, 20))]
        elif op == "replace":
            data[at:at + 1] = bytes([draw(st.integers(0, 255))])
        elif op == "quote":
            data[at:at] = draw(st.sampled_from([b'"', b'""', b'\n', b'\r', b',', b'\xe9', b'\x81', b'\x00']))
        else:
            data[0:0] = b"\xef\xbb\xbf"
    return kind, bytes(data)


@settings(FUZZ, max_examples=MUTATED_EXAMPLES)
@given(mutated_csv())
def test_csv_mutated_samples(importer: Importer, case: tuple[str, bytes]) -> None:
    expect_import(importer, *case, "csv mutated samples")


def test_csv_known_awkward_files(importer: Importer) -> None:
    """The cases the issue names, once each, with the result checked and not only 'no crash'."""
    bom_quoted = "\ufeffbadge_id,first_name,last_name,company\r\nQ-1,Zoë,\"O'Brien\",\"Acme\nLabs, Inc.\"\r\n"
    result = importer.import_bytes("attendees", bom_quoted.encode("utf-8"))
    assert result.rows == 1
    latin = "badge_id,first_name,last_name,company\nL-1,Jürgen,Müller,Straße AG\n".encode("latin-1")
    assert importer.import_bytes("attendees", latin).rows == 1
    cp1252 = "badge_id,first_name,company\nW-1,Zoë,“Smart” Quotes – Ltd\n".encode("cp1252")
    assert importer.import_bytes("attendees", cp1252).rows == 1
    row = importer.run(importer.store.one("SELECT first_name, company FROM attendees WHERE badge_id = 'W-1'"))
    assert tuple(row) == ("Zoë", "“Smart” Quotes – Ltd")
    extra = "Badge_ID , Shoe Size,first_name\nE-1,44,Ed,surplus cell\nE-2\n"
    assert importer.import_bytes("attendees", extra.encode()).rows == 2
    with pytest.raises(CsvImportError, match="missing the column"):
        importer.import_bytes("reps", b"name,mail\nAna,ana@example.com\n")
    with pytest.raises(CsvImportError, match="not a text CSV"):
        importer.import_bytes("reps", "name,email\nAna,ana@example.com\n".encode("utf-16"))
    with pytest.raises(CsvImportError, match="empty"):
        importer.import_bytes("accounts", b"")


# --- event settings ---------------------------------------------------------------------------------------

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20),
                    st.dates(), st.datetimes(), st.times())
ANY_VALUE = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)), max_leaves=12)
KNOWN = {
    "name": st.one_of(st.text(max_size=20), ANY_VALUE),
    "venue": ANY_VALUE,
    "timezone": st.one_of(st.sampled_from(["UTC", "Europe/Berlin", "America/New_York", "Mars/Olympus", "",
                                           "../../etc/passwd", "Europe/", "utc", "EST5EDT", " UTC "]), ANY_VALUE),
    "start": st.one_of(st.dates(), st.text(max_size=12), ANY_VALUE),
    "end": st.one_of(st.dates(), st.text(max_size=12), ANY_VALUE),
    "landing_url": ANY_VALUE,
    "goals": st.one_of(st.dictionaries(st.sampled_from(["leads", "hot_leads", "meetings", "tier1_accounts_reached",
                                                        "other"]), st.one_of(st.integers(), ANY_VALUE)), ANY_VALUE),
    "followup_deadline_hours": st.one_of(st.dictionaries(st.sampled_from(["hot", "warm", "cold", "unrated", "x",
                                                                          "stages"]), ANY_VALUE), ANY_VALUE),
    "stages": st.one_of(st.lists(st.text(max_size=8), max_size=6), ANY_VALUE),
    "questions": st.one_of(st.lists(st.fixed_dictionaries({}, optional={
        "key": st.one_of(st.text(max_size=6), ANY_VALUE), "text": ANY_VALUE,
        "choices": st.one_of(st.lists(st.text(max_size=5), max_size=11), ANY_VALUE)}), max_size=4), ANY_VALUE),
    "badge": st.one_of(st.fixed_dictionaries({}, optional={
        "delimited_fields": st.one_of(st.lists(st.text(max_size=6), max_size=12), ANY_VALUE),
        "phone_region": st.one_of(st.sampled_from(["DE", "us", "XX", "ZZ", "D", "", "GBR"]), ANY_VALUE)}),
        ANY_VALUE),
    "open_hours": st.one_of(st.lists(st.integers(-2, 26), max_size=3), ANY_VALUE),
    "utm": st.one_of(st.dictionaries(st.text(max_size=8), st.one_of(st.text(max_size=8), ANY_VALUE)), ANY_VALUE),
    "idle_lock_minutes": st.one_of(st.integers(-5, 10**12), ANY_VALUE),
    "consent_text": ANY_VALUE,
    "lock_pin": st.one_of(st.sampled_from(["1234", "12", "", "abcd", "0000", "123456789012345678901"]),
                          st.integers(), ANY_VALUE),
    "lock_pin_hash": ANY_VALUE,
}


def expect_settings(make, count: Counter[str] | None = None, label: str = "") -> EventSettings | None:  # type: ignore[no-untyped-def]
    if count is not None:
        count[label] += 1
    try:
        found = make()
    except SettingsError as exc:
        assert str(exc) and "\n" not in str(exc), repr(str(exc))
        return None
    if count is not None:
        count[f"{label}: accepted"] += 1
    assert isinstance(found, EventSettings)
    # What is accepted is stored as JSON (store/event.py) and must load back the same when the app opens.
    assert from_dict(json.loads(json.dumps(found.to_dict(), ensure_ascii=False))) == found
    return found


def test_settings_from_random_dicts() -> None:
    count = Counter()

    @settings(FUZZ, max_examples=SETTINGS_EXAMPLES)
    @given(st.one_of(st.dictionaries(st.text(max_size=12), ANY_VALUE, max_size=8), ANY_VALUE))
    def check(data: object) -> None:
        expect_settings(lambda: from_dict(data), count, "from_dict random")  # type: ignore[arg-type]

    check()
    print(f"\nfuzz examples run: {dict(count)}")


def test_settings_with_the_real_keys() -> None:
    count = Counter()

    @settings(FUZZ, max_examples=KNOWN_KEY_EXAMPLES)
    @given(st.fixed_dictionaries({"name": st.text(min_size=1, max_size=20)},
                                 optional={k: v for k, v in KNOWN.items() if k != "name"}))
    def check(data: dict[str, object]) -> None:
        expect_settings(lambda: from_dict(data), count, "from_dict known keys")

    check()
    print(f"\nfuzz examples run: {dict(count)}")


def _event_toml() -> str:
    return (samples_dir() / "event.toml").read_text(encoding="utf-8")


@st.composite
def toml_texts(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        return draw(st.text(max_size=200))
    lines = _event_toml().splitlines()
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(lines)))
        op = draw(st.sampled_from(["drop", "dup", "edit", "insert"]))
        if op == "drop" and lines:
            del lines[min(at, len(lines) - 1)]
        elif op == "dup" and lines:
            lines.insert(at, lines[min(at, len(lines) - 1)])
        elif op == "edit" and lines:
            i = min(at, len(lines) - 1)
            cut = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:cut] + draw(st.text(max_size=6)) + lines[i][cut + 1:]
        else:
            lines.insert(at, draw(st.sampled_from(
                ["[badge]", "[[questions]]", 'key = "x"', "choices = []", "idle_lock_minutes = -1",
                 'timezone = "Nowhere/Land"', "start = 2026-02-30", "end = 1999-01-01", "stages = []",
                 "lock_pin = 12", 'lock_pin = "1"', "open_hours = [18, 9]", "[utm]", "source = 1", "goals = 3",
                 "name = 42", "[goals]", "leads = -1", "phone_region = 'DEU'", 'name = """multi\nline"""'])))
    return "\n".join(lines)


def test_settings_toml_text() -> None:
    count = Counter()

    @settings(FUZZ, max_examples=TOML_EXAMPLES)
    @given(toml_texts())
    def check(text: str) -> None:
        expect_settings(lambda: load_toml(text), count, "load_toml")

    check()
    assert expect_settings(lambda: load_toml(_event_toml())) is not None  # the sample itself is fine
    print(f"\nfuzz examples run: {dict(count)}")


# --- scans through the capture service --------------------------------------------------------------------

SCAN_SHAPES = st.one_of(
    st.text(max_size=300),
    st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
    st.builds(lambda body: "BEGIN:VCARD\r\nVERSION:3.0\r\n" + body + "\r\nEND:VCARD", st.text(max_size=200)),
    st.builds(lambda body: "MECARD:" + body + ";;", st.text(max_size=100)),
    st.lists(st.text(max_size=12), max_size=12).map("^".join),
    st.emails(),
    st.sampled_from(["EXPO26-000417", "expo26-000417 ", "WIFI:T:WPA;S:x;P:y;;", "geo:52.5,13.4", "SMSTO:1:hi",
                     "", " ", "\x00", "{}", "[]", "null"]),
)


def test_capture_service_scans(importer: Importer) -> None:
    """Any payload gives one of the four outcomes, journaled first; nothing raises."""
    from eventdesk.capture.service import CaptureService
    from eventdesk.store.event import load_settings

    store = importer.store
    service = CaptureService(store, importer.run(load_settings(store)))

    @settings(FUZZ, max_examples=SCAN_EXAMPLES)
    @given(SCAN_SHAPES)
    def check(payload: str) -> None:
        importer.counts["capture scans"] += 1
        result = importer.run(service.capture(payload))
        assert result.outcome in ("new", "touch", "unmatched", "refused")
        assert result.message and "\n" not in result.message
        raw = importer.run(store.scalar("SELECT raw FROM scans WHERE id = ?", (result.scan_id,)))
        assert raw == payload

    check()


# --- a big attendee list ----------------------------------------------------------------------------------


def big_attendee_csv(path: Path, rows: int) -> Path:
    rng = random.Random(100)
    firsts = ["Ana", "Jürgen", "Siobhan", "Yuki", "Zoë", "Ola", "Priya", "Grace", "Łukasz", "Chloé"]
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["badge_id", "first_name", "last_name", "email", "company", "title", "phone"])
        for i in range(rows):
            first = rng.choice(firsts)
            writer.writerow([f"EXPO26-{i:06d}", first, f"Person{i}", f"{first.lower()}.{i}@visitor{i % 997}.example",
                             f"Company {i % 5000}", "Buyer" if i % 3 else "Head of \"Ops\", EMEA",
                             f"+49 30 {1000000 + i}" if i % 2 else ""])
    return path


@pytest.mark.slow
def test_100k_attendees_import(tmp_path: Path) -> None:
    from tests.conftest import run_cli

    source = big_attendee_csv(tmp_path / "attendees.csv", 100_000)
    db = tmp_path / "big.db"
    started = time.perf_counter()
    result = run_cli("import", "attendees", str(source), db=db, timeout=600)
    elapsed = time.perf_counter() - started
    assert result.returncode == 0, result.stderr
    assert "imported 100000 attendees" in result.stdout
    scan = run_cli("scan", "EXPO26-099999", "--json", db=db)
    assert json.loads(scan.stdout)["lead"]["last_name"] == "Person99999"
    print(f"\n100,000-row attendee CSV imported in {elapsed:.1f} s (the whole command)")
