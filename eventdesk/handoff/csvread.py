"""Reading the organiser's and marketer's CSV files: BOM or not, quoted newlines, clear header errors."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


class CsvImportError(ValueError):
    """A CSV file that cannot be imported as it is; the message names the file, line or column."""


def shown(text: str, limit: int = 40) -> str:
    """A cell or header as an error message quotes it: on one line, and not a whole page of it."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


@dataclass(frozen=True)
class Table:
    rows: list[dict[str, str]]     # header names lower-cased and stripped; values stripped
    encoding: str
    first_line: int = 2            # rows[0] is on this line of the file (after the header)


def read_table(path: Path, required: Sequence[str], optional: Sequence[str] = ()) -> Table:
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise CsvImportError(f"{path} does not exist") from exc
    except IsADirectoryError as exc:
        raise CsvImportError(f"{path} is a folder, not a CSV file") from exc
    except OSError as exc:
        raise CsvImportError(f"cannot read {path}: {exc.strerror}") from exc
    if b"\x00" in data[:4096]:
        raise CsvImportError(f"{path} is not a text CSV file")
    try:
        text, encoding = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        # Spreadsheets on Windows still save "CSV" as Windows-1252; it decodes every byte, so nothing is lost.
        text, encoding = data.decode("cp1252", errors="replace"), "windows-1252"
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise CsvImportError(f"{path} is empty; expected a header line with {', '.join(required)}") from None
    except csv.Error as exc:
        raise CsvImportError(f"{path} line 1: {exc}") from exc
    names = [h.strip().lower().lstrip("\ufeff") for h in header]
    missing = [column for column in required if column not in names]
    if missing:
        found = shown(", ".join(n for n in names if n.strip()), 200) or "nothing"
        raise CsvImportError(f"{path.name} is missing the column{'s' if len(missing) > 1 else ''} "
                           f"{', '.join(missing)} (found: {found})")
    wanted = set(required) | set(optional)
    rows = []
    try:
        for record in reader:
            if not any(cell.strip() for cell in record):
                continue
            rows.append({name: (record[i].strip() if i < len(record) else "")
                         for i, name in enumerate(names) if name in wanted})
    except csv.Error as exc:
        raise CsvImportError(f"{path} line {reader.line_num}: {exc}") from exc
    return Table(rows, encoding)
