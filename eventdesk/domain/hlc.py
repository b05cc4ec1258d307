"""Hybrid logical clock stamps for last-writer-wins merging across laptops.

A stamp is sortable text: 13-digit wall-clock milliseconds, a 5-digit counter and the device id. It
never goes backwards on one device even if the wall clock does, and it moves past any stamp seen
from another device, so "later stamp wins" matches the order people actually made their edits.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Stamp:
    millis: int
    counter: int
    device: str

    def __str__(self) -> str:
        return f"{self.millis:013d}-{self.counter:05d}-{self.device}"

    @classmethod
    def parse(cls, text: str) -> Stamp:
        millis, counter, device = text.split("-", 2)
        return cls(int(millis), int(counter), device)


class HybridClock:
    def __init__(self, device: str, wall_ms: Callable[[], int] | None = None, last: Stamp | None = None):
        self.device = device
        self._wall_ms = wall_ms or (lambda: time.time_ns() // 1_000_000)
        self._millis = last.millis if last else 0
        self._counter = last.counter if last else 0

    def now(self) -> str:
        """A new stamp, greater than every stamp this clock has issued or observed."""
        wall = self._wall_ms()
        if wall > self._millis:
            self._millis, self._counter = wall, 0
        else:
            self._counter += 1
        return str(Stamp(self._millis, self._counter, self.device))

    def observe(self, stamp_text: str) -> None:
        """Move past a stamp from another device (merge), so our next edit sorts after it."""
        seen = Stamp.parse(stamp_text)
        if (seen.millis, seen.counter) > (self._millis, self._counter):
            self._millis, self._counter = seen.millis, seen.counter

    @property
    def last(self) -> Stamp:
        return Stamp(self._millis, self._counter, self.device)
