"""Garbage collection in the user's pauses, not in the middle of a keystroke.

Python's cyclic collector walks the live objects from time to time. With Textual's many
objects, one walk took 80–300 ms on a slow laptop and landed in the middle of switching rows.
The app turns automatic collection off and calls `tick` about once a second: a collection
runs once the user has paused (no key or click for IDLE_SECONDS) and enough was allocated,
or at once when far too much was. Objects that live as long as the app (modules, classes,
the first screen) are set aside for good when the collector starts, so walks stay short.
"""

from __future__ import annotations

import gc
import time

IDLE_SECONDS = 1.0
ENOUGH = 10_000  # objects allocated (net) before a collection in a pause is worth it
TOO_MUCH = 1_000_000  # collect even while the user is busy


class IdleCollector:
    IDLE_CHECK = 0.5  # seconds between ticks

    def __init__(self) -> None:
        self.last_input = time.monotonic()
        self.collections = 0

    def start(self) -> None:
        gc.collect()
        gc.freeze()
        gc.disable()

    @staticmethod
    def stop() -> None:
        gc.enable()

    def touch(self) -> None:
        """The user pressed a key or clicked."""
        self.last_input = time.monotonic()

    def tick(self) -> bool:
        """Collect if the user is pausing and it is worth it; True if a collection ran."""
        pending = gc.get_count()[0]
        pausing = time.monotonic() - self.last_input >= IDLE_SECONDS
        if (pausing and pending >= ENOUGH) or pending >= TOO_MUCH:
            gc.collect()
            self.collections += 1
            return True
        return False
