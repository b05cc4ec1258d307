"""Shared fixtures: real event files in tmp_path, the shared samples, and a CLI runner in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def samples_dir() -> Path:
    """The sample files: EVENTDESK_SAMPLES, else ../shared/samples beside the checkout, else the copy in tests/."""
    env = os.environ.get("EVENTDESK_SAMPLES")
    if env:
        return Path(env)
    shared = ROOT.parent / "shared" / "samples"
    return shared if (shared / "badges.json").exists() else ROOT / "tests" / "samples"


@pytest.fixture
def samples() -> Path:
    path = samples_dir()
    if not (path / "badges.json").exists():
        pytest.skip(f"shared samples not found at {path}")
    return path


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "event.db"


def run_cli(*args: str, db: Path | None = None, input: str | None = None,  # noqa: A002
            env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run the real `eventdesk` command in a subprocess, as a user would."""
    full_env = {k: v for k, v in os.environ.items() if k != "EVENTDESK_DB"}  # only what the test says
    full_env.update(env or {})
    argv = [sys.executable, "-m", "eventdesk", *args]
    if db is not None:
        argv += ["--db", str(db)]
    return subprocess.run(argv, capture_output=True, text=True, input=input, env=full_env, timeout=timeout, cwd=ROOT)


@pytest.fixture
def cli():  # type: ignore[no-untyped-def]
    return run_cli
