"""How a run shows its progress on stderr: a rich bar on a terminal; in a log (stderr not a
terminal) one line now and then, and only once a run has gone on long enough to need it.

Both also remember how far the run got, for the message an interrupted run prints.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

Say = Callable[[str], None]


class Tracker:
    """Progress for the pipeline (`message`, `fetched`), forwarded to a bar or to log lines."""

    def __init__(self, bar: Any = None, say: Say | None = None, every: float = 10.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.bar = bar
        self.say = say
        self.every = every
        self.clock = clock
        self.started = self.printed = clock()
        self.last = "starting"
        self.done = self.total = 0

    def message(self, text: str) -> None:
        self.last = text
        if self.bar is not None:
            self.bar.update(self.bar.task_ids[0], description=text)
        self._log()

    def fetched(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        if self.bar is not None:
            self.bar.update(self.bar.task_ids[0], completed=done, total=total)
        self._log()

    def _log(self) -> None:
        """One line when `every` seconds have passed since the start and since the last line."""
        if self.say is None:
            return
        now = self.clock()
        if now - self.started < self.every or now - self.printed < self.every:
            return
        self.printed = now
        fetched = f"; {self.done} of {self.total} records fetched" if self.total else ""
        self.say(f"verifier: {now - self.started:.0f} s: {self.last}{fetched}")

    def summary(self) -> str:
        return f"{self.done} of {self.total} records fetched; last step: {self.last}"


def progress_bar(console: Any) -> Any:
    """A transient rich bar: records fetched so far, with the current step as its description."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

    bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   console=console, transient=True)
    bar.add_task("auditing", total=None)
    return bar
