"""The capture service in a process of its own, for the kill -9 and two-process tests.

    python -m tests.reliability.capture_child DB [--generate PREFIX]

Opens the event file exactly as the app does, prints `ready`, then captures scans one by one through
`CaptureService.capture` and prints `ack <scan id> <key> <outcome>` after each call has returned, so
an ack on stdout means the scan was committed. Scans come from stdin, one per line as
`<key>\t<payload as a JSON string>`; with --generate it makes its own (`PREFIX-<n>@writer.example`)
until stdin is closed. A failed capture prints `error <message>` and ends the process with status 1.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import threading


def _say(*words: str) -> None:
    sys.stdout.write(" ".join(words) + "\n")
    sys.stdout.flush()


async def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("--generate", metavar="PREFIX")
    args = parser.parse_args()

    from eventdesk.capture.service import CaptureService
    from eventdesk.store.db import open_store
    from eventdesk.store.errors import StoreError
    from eventdesk.store.event import load_settings

    try:
        store = await open_store(args.db)
    except StoreError as exc:
        _say("error", str(exc))
        return 1
    async with store:
        service = CaptureService(store, await load_settings(store))
        _say("ready", store.device)
        loop = asyncio.get_running_loop()
        if args.generate:
            stop = threading.Event()
            threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
            n = 0
            while not stop.is_set():
                key = f"{args.generate}-{n}"
                try:
                    result = await service.capture(f"{key}@writer.example")
                except StoreError as exc:
                    _say("error", key, str(exc))
                    return 1
                _say("ack", result.scan_id, key, result.outcome)
                n += 1
            return 0
        while True:
            line = await loop.run_in_executor(None, sys.stdin.readline)
            if not line:
                return 0
            key, _, payload = line.rstrip("\n").partition("\t")
            try:
                result = await service.capture(json.loads(payload))
            except StoreError as exc:
                _say("error", key, str(exc))
                return 1
            _say("ack", result.scan_id, key, result.outcome)


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
