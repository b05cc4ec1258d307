"""The key footer, rebuilt only when the keys it shows change.

Textual's Footer rebuilds all its key widgets on every bindings update, and a booth screen gets
several at startup and on each focus move (scan field, lead card, tables): about 35 ms each for the
booth's dozen keys, most of the gap between the first screen and a bare app's. Updates that arrive
together are handled once, and one that leaves the shown keys as they were does nothing.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class BoothFooter(Footer):
    def __init__(self) -> None:
        super().__init__()
        self._shown: tuple[tuple[str, str, str, bool], ...] | None = None
        self._queued = False

    def _keys(self) -> tuple[tuple[str, str, str, bool], ...]:
        return tuple((binding.key, binding.description, binding.action, enabled)
                     for _, binding, enabled, _ in self.screen.active_bindings.values() if binding.show)

    def bindings_changed(self, screen: Screen) -> None:  # type: ignore[type-arg]
        self._bindings_ready = True
        if screen.app.app_focus and self.is_attached and screen is self.screen and not self._queued:
            self._queued = True
            self.call_after_refresh(self._rebuild_if_changed)

    async def _rebuild_if_changed(self) -> None:
        self._queued = False
        if not self.is_attached:
            return
        keys = self._keys()
        if keys != self._shown:
            self._shown = keys
            await self.recompose()
