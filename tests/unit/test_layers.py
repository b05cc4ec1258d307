"""Layers import downwards only, and the CLI starts without the heavy libraries."""

from __future__ import annotations

import subprocess
import sys

import pytest


def modules_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_cli_import_is_light() -> None:
    loaded = modules_after("import eventdesk.cli")
    for heavy in ("textual", "qrcode", "icalendar", "vobject", "openpyxl", "aiosqlite", "phonenumbers"):
        assert heavy not in loaded, heavy


@pytest.mark.parametrize("package", ["domain", "capture", "store", "handoff"])
def test_lower_layers_never_import_textual(package: str) -> None:
    import pkgutil

    import eventdesk

    modules = [f"eventdesk.{package}.{m.name}" for m in pkgutil.iter_modules([f"{eventdesk.__path__[0]}/{package}"])]
    loaded = modules_after("; ".join(f"import {m}" for m in modules) or "pass")
    assert not any(name == "textual" or name.startswith("textual.") for name in loaded)
