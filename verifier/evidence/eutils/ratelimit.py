"""One rate limiter for the whole process.

NCBI allows 3 requests per second without an API key and 10 with one, per
client (IP or key), not per connection: every thread must draw from the same
limiter. Requests are spaced at least 1/rate seconds apart, so no one-second
window ever holds more than `rate` requests. The shared limiters keep a 12% margin (Biopython
keeps 11%): NCBI counts arrivals, not our intentions. Waiting callers queue on one lock, and
the spacing runs from the moment the previous caller really went ahead.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

RATE_WITHOUT_KEY = 3.0
RATE_WITH_KEY = 10.0
MARGIN = 0.12


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
        """Wait until `interval` after the previous release; return how long this call waited.

        Callers queue on the lock and the wait happens inside it, so the spacing is measured
        from when the previous caller actually went ahead, not from a slot handed out earlier:
        a thread held up after its turn cannot make the next one start too soon."""
        with self._lock:
            now = self._clock()
            wait = 0.0 if self._next_slot is None else max(self._next_slot - now, 0.0)
            if wait > 0:
                self._sleep(wait)
            self._next_slot = self._clock() + self.interval
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
