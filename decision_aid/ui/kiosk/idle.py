"""The kiosk's idle time: after ``idle`` seconds untouched, a warning counts down ``warning``
seconds; with no answer the journey is wiped. "I'm still here" starts the idle time again,
as often as the patient taps it (WCAG 2.2.1 asks for at least ten times).

The clock is injected (seconds, monotonic), so tests move time without waiting.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Literal

IdleState = Literal["active", "warning", "expired"]


class IdleWatch:
    """Counts time since the last touch; ``poll`` says what the kiosk should show now."""

    def __init__(self, idle: float, warning: float, clock: Callable[[], float]) -> None:
        self.idle = idle
        self.warning = warning
        self.clock = clock
        self.last = clock()
        self.state: IdleState = "active"
        self.extensions = 0
        """How many times "I'm still here" was tapped in this journey."""

    def touched(self) -> None:
        """Someone touched the screen; during the warning only its button counts."""
        if self.state == "active":
            self.last = self.clock()

    def extend(self) -> None:
        """ "I'm still here": the idle time starts again."""
        if self.state == "warning":
            self.extensions += 1
        self.state = "active"
        self.last = self.clock()

    def restart(self) -> None:
        """A new journey: no warning, no extensions counted."""
        self.state = "active"
        self.extensions = 0
        self.last = self.clock()

    def poll(self) -> IdleState:
        """The state now: "active", "warning" once idle, "expired" once the warning ran out."""
        if self.state == "expired":
            return self.state
        waited = self.clock() - self.last
        if waited >= self.idle + self.warning:
            self.state = "expired"
        elif waited >= self.idle:
            self.state = "warning"
        return self.state

    def seconds_left(self) -> int:
        """Whole seconds the warning still counts down (rounded up)."""
        left = self.idle + self.warning - (self.clock() - self.last)
        return max(0, min(math.ceil(left), math.ceil(self.warning)))
