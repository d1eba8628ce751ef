"""Work on daemon threads, and one switch that stops every evidence client of the process.

Ctrl-C reaches only the main thread. `concurrent.futures` joins its worker threads when the
interpreter exits, so a worker in a retry loop kept an interrupted run alive; these threads are
daemons (the process exits without them), and `interrupt_evidence()` makes every live client
stop sending and retrying at once, so none keeps going while the run winds down. What registers
is each network client's `RunBudget` (`verifier.evidence.transport`), the E-utilities client's
and the Crossref client's alike.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from typing import Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Interruptible(Protocol):
    def interrupt(self) -> None: ...


_live: weakref.WeakSet[Interruptible] = weakref.WeakSet()
_live_lock = threading.Lock()


def register(client: Interruptible) -> None:
    with _live_lock:
        _live.add(client)


def interrupt_evidence() -> None:
    """Stop every evidence client of this process: no new request, no retry, no more waiting."""
    with _live_lock:
        clients = list(_live)
    for client in clients:
        client.interrupt()


def in_background(function: Callable[..., R], *args: object, name: str = "evidence") -> Future[R]:
    """`function(*args)` on a daemon thread; its result or exception in the returned future."""
    future: Future[R] = Future()

    def run() -> None:
        if not future.set_running_or_notify_cancel():
            return
        try:
            future.set_result(function(*args))
        except BaseException as exc:  # handed to whoever waits on the future
            future.set_exception(exc)

    threading.Thread(target=run, name=name, daemon=True).start()
    return future


def map_in_background(function: Callable[[T], R], items: Iterable[T], workers: int,
                      name: str = "efetch") -> list[Future[R]]:
    """`function(item)` for each item, at most `workers` at a time, on daemon threads: one future
    per item, in order."""
    pending = list(items)
    results: list[Future[R]] = [Future() for _ in pending]
    cursor = iter(range(len(pending)))
    cursor_lock = threading.Lock()

    def work() -> None:
        while True:
            with cursor_lock:
                index = next(cursor, None)
            if index is None:
                return
            try:
                results[index].set_result(function(pending[index]))
            except BaseException as exc:
                results[index].set_exception(exc)

    for number in range(max(1, min(workers, len(pending)))):
        threading.Thread(target=work, name=f"{name}-{number}", daemon=True).start()
    return results
