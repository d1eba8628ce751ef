"""One rate limiter for the whole process.

NCBI allows 3 requests per second without an API key and 10 with one, per
client (IP or key), not per connection: every thread must draw from the same
limiter. Requests are spaced at least 1/rate seconds apart, so no one-second
window ever holds more than `rate` requests. The shared limiters keep a 5% margin: NCBI counts
arrivals, and a request sent exactly on its slot can arrive a few milliseconds early relative
to one delayed before it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

RATE_WITHOUT_KEY = 3.0
RATE_WITH_KEY = 10.0
MARGIN = 0.05


class RateLimiter:
    def __init__(self, rate_per_second: float,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep, margin: float = 0.0) -> None:
        if rate_per_second <= 0:
            raise ValueError("rate must be positive")
        self.interval = (1.0 + margin) / rate_per_second
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next_slot: float | None = None

    def acquire(self) -> float:
        """Wait for the next free slot; return how long this call waited."""
        with self._lock:
            now = self._clock()
            slot = now if self._next_slot is None else max(now, self._next_slot)
            self._next_slot = slot + self.interval
        wait = slot - now
        if wait > 0:
            self._sleep(wait)
        return wait


_shared: dict[float, RateLimiter] = {}
_shared_lock = threading.Lock()


def shared_limiter(has_api_key: bool) -> RateLimiter:
    """The process-wide limiter for NCBI at the rate the key allows."""
    rate = RATE_WITH_KEY if has_api_key else RATE_WITHOUT_KEY
    with _shared_lock:
        if rate not in _shared:
            _shared[rate] = RateLimiter(rate, margin=MARGIN)
        return _shared[rate]
