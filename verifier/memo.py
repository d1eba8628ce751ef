"""Kept answers of pure functions of a sentence or a paragraph (issue 16: "caches for repeated work").

A batch from one site repeats its boilerplate (disclaimers, sign-up lines, the same "Source:"
line under every section), and one article reads the same sentence several times (claims,
ties, the S2xx rules once per citation). `kept` keeps the answers for the most recent inputs;
`kept_copied` hands a list, set or dict answer out as a fresh copy, so a caller that changes it
changes nothing kept. Only functions whose answer depends on their arguments alone are decorated.

`clear()` forgets every kept answer, those of `kept_up_to` and of verifier/lazyre.py's hot
patterns too (bench/load/cold.py measures articles never seen before).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import Any, Generic, TypeVar, overload

KEPT = 4096  # inputs kept per function (a few dozen articles' sentences and paragraphs; bounded memory)
KEPT_LENGTH = 5_000  # characters: `kept_short` answers a longer text afresh (a flattened page's one line)
KEPT_LINES = 1024  # lines `kept_short` keeps (the line-level memos hold less: a big batch's peak RSS)
_CACHES: list[Any] = []

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


def kept(function: F) -> F:
    """Keep the answers of a function whose answers are immutable (str, tuple, frozenset, a
    frozen model, None)."""
    return kept_up_to(KEPT)(function)


def kept_up_to(size: int) -> Callable[[F], F]:
    """`kept`, for another number of inputs (a word's stem: tens of thousands)."""

    def keep(function: F) -> F:
        cached = lru_cache(maxsize=size)(function)
        _CACHES.append(cached)
        return cached  # type: ignore[return-value]

    return keep


def kept_short(function: F) -> F:
    """`kept`, for a function of one line of a page, which may be very long (a flattened page):
    a text over KEPT_LENGTH characters is answered afresh, so the kept texts stay small; the
    answers for the last KEPT_LINES lines are kept (a few articles' lines)."""
    cached = kept_up_to(KEPT_LINES)(function)

    @wraps(function)
    def answer(text: str) -> Any:
        return cached(text) if len(text) <= KEPT_LENGTH else function(text)

    answer.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
    return answer  # type: ignore[return-value]


def kept_copied(function: F) -> F:
    """Keep the answers of a function that answers with a list, set or dict: each call gets a
    copy (its items are immutable)."""
    cached = kept_up_to(KEPT)(function)

    @wraps(function)
    def answer(*args: Any, **kwargs: Any) -> Any:
        value = cached(*args, **kwargs)
        return type(value)(value)

    answer.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
    return answer  # type: ignore[return-value]


def clear() -> None:
    from verifier import lazyre  # the answers its hot patterns keep for recent texts

    for cached in _CACHES:
        cached.cache_clear()
    lazyre.forget()


class cached_property(Generic[T]):
    """functools.cached_property without its lock: on Python 3.11 each first read takes an RLock,
    and the checks' contexts read some 30 such properties per claim. The answer is written into
    the instance's __dict__ (a frozen dataclass's too), where later reads find it before this
    descriptor. Two threads reading one new instance at once would at worst both compute it."""

    def __init__(self, function: Callable[[Any], T]) -> None:
        self.function = function
        self.name = function.__name__
        self.__doc__ = function.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> cached_property[T]: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T: ...

    def __get__(self, instance: object | None, owner: type | None = None) -> T | cached_property[T]:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.function(instance)
        return value
