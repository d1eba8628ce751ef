"""`verifier audit --jobs N`: reading and checking in N worker processes, the fetch in this one.

The overlapped run (`pipeline.Overlapped`) hides the fetch under the CPU work; on one core that
work (finding citations, extracting claims, the checks) takes longer than NCBI's rate lets the
fetch take. Here the CPU work moves to worker processes, and this process keeps only what needs
the run as a whole: the paths handed out, the PMIDs deduplicated and fetched under the one
process-wide limiter (the evidence thread, unchanged), the reports put back in order.

    this process                               worker k (holds the articles it read)
    ("read", n, path)                  ->      ingest.load, find_citations
                                       <-      ("read", n, path, slim citations, warnings)
    (the evidence thread fetches and resolves, as in-process)
    ("check", n, resolutions, review)  ->      prepare, check_article, render
                                       <-      ("checked", n, the JSON line and its counts | report)

Messages stay small (`python bench/throughput/messages.py`, per article of 10 citations): the
citations go out slimmed to what `resolve` reads (5.2 KB, about 0.11 ms to pickle and as much to
load; whole they are 12.5 KB and twice that), the resolutions come in (8 KB, 0.13 and 0.15 ms),
and for JSON Lines the rendered line and its counts go back (microseconds), not the checked
article (27 KB, 0.5 ms each way). Other formats need the whole report, so each article's
`ArticleReport` comes back pickled: `--jobs` pays most with `--format jsonl --out`.

An article is read by whichever worker is free (each has at most `READ_AHEAD` reads handed to
it) and checked by the worker that read it; a worker with nothing to do prepares the claims of
the articles it holds (the evidence-free part of the checks). Articles join the run in path
order, so the fetch asks the same batches as in one process, and reports come out in path order:
the output is the same as with one process. A worker ignores Ctrl-C; this process stops them. A
file that cannot be read is the same X901 entry; any other error in a worker is raised here as
it was raised there (one line for the package's own errors, the worker's traceback added as a
note otherwise); a worker that dies is an error naming it.
"""

from __future__ import annotations

import os
import pickle
import queue
import signal
import sys
import traceback
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from verifier import ingest, webpage
from verifier.errors import InputError, VerifierError
from verifier.models import Article, ArticleReport, Citation, Resolution, ReviewerInput
from verifier.pipeline import ArticleTask, Overlapped, Prepared, Progress, check_article, prepare
from verifier.settings import Settings

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

Render = Literal["report", "line"]
READ_AHEAD = 2  # reads handed to a worker before its first answer: enough that it never waits for one
POLL = 0.5  # seconds between looks at the workers' health while waiting for a message


def jobs_wanted(value: str | int | None) -> int:
    """`--jobs`: a count, or 'auto' (the cores this process may use)."""
    if value is None:
        return 1
    if str(value).strip().lower() == "auto":
        return usable_cores()
    try:
        count = int(value)
    except ValueError:
        count = 0
    if count < 1:
        from verifier.errors import UsageError

        raise UsageError(f"--jobs {value}: expected a count of 1 or more, or 'auto'")
    return count


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def slim(citation: Citation) -> Citation:
    """The citation as `resolve` reads it (ids, the printed fields it searches on), without what
    only the checks read (the printed string, in-text mentions, the labelled words): a third of
    the bytes and half the time to pickle and load."""
    return citation.model_copy(update={"printed": "", "in_text_mentions": (),
                                       "fields": citation.fields.model_copy(update={"labels": ()})})


# --- the worker ------------------------------------------------------------------------------


@dataclass
class _Held:
    article: Article
    citations: tuple[Citation, ...]
    prepared: Prepared | None = None


def _work(tasks: Any, answers: Any, settings: Settings, render: Render, number: int) -> None:
    """A worker's loop: read, check, prepare while idle; stop on None."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group: the main process stops us
    from verifier.collector import fewer_collections

    held: dict[int, _Held] = {}
    with fewer_collections():
        while True:
            try:
                task = tasks.get_nowait()
            except queue.Empty:
                if _prepare_one(held, settings):
                    continue
                task = tasks.get()
            if task is None:
                return
            try:
                answers.put(_answer(task, held, settings, render, number))
            except BaseException as exc:  # every failure goes back to the main process
                answers.put(("failed", task[1], _portable(exc)))


def _prepare_one(held: dict[int, _Held], settings: Settings) -> bool:
    for entry in held.values():  # in the order read: the evidence comes in that order
        if entry.prepared is None:
            entry.prepared = prepare(entry.article, entry.citations, settings)
            return True
    return False


def _answer(task: tuple[Any, ...], held: dict[int, _Held], settings: Settings, render: Render,
            number: int) -> tuple[Any, ...]:
    kind, index = task[0], task[1]
    if kind == "read":
        from verifier.citations import find_citations
        from verifier.runner import directive_warnings

        given = task[2]
        try:
            article = given if isinstance(given, Article) else ingest.load(given, settings.max_bytes)
        except InputError as exc:
            return ("unreadable", index, number, str(exc))
        citations = tuple(find_citations(article))
        held[index] = _Held(article, citations)
        return ("read", index, number, article.path, tuple(slim(c) for c in citations),
                directive_warnings([article]))
    entry = held.pop(index)
    resolutions, review = task[2], task[3]
    report = check_article(ArticleTask(entry.article, entry.citations, resolutions, review or ReviewerInput(),
                                       settings, entry.prepared))
    if render == "line":
        from verifier.runner import line_of

        return ("checked", index, line_of(report))
    return ("checked", index, report)


def _portable(exc: BaseException) -> BaseException:
    """The exception as it can cross to the main process: itself when it pickles (the package's
    errors, with their one-line message), else a RuntimeError naming it; a traceback for the
    unexpected ones."""
    try:
        pickle.loads(pickle.dumps(exc))
        portable = exc
    except Exception:  # anything that cannot cross is described instead
        portable = RuntimeError(f"{type(exc).__name__}: {exc}")
    if not isinstance(exc, VerifierError):
        portable.add_note("in a worker process:\n" + "".join(traceback.format_exception(exc)).rstrip())
    return portable


# --- the main process ------------------------------------------------------------------------


def _context() -> Any:  # (typeshed's BaseContext lacks Process)
    """fork on Linux (the workers start with this process's modules loaded: milliseconds, and the
    workers are started before any thread of the run); spawn elsewhere (macOS' fork is unsafe)."""
    import multiprocessing  # (here: a run of one process does without its ~8 ms of imports)

    return multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")


@dataclass
class _Worker:
    process: BaseProcess
    tasks: Any


@dataclass
class _Run:
    """What the main process tracks: paths not yet handed out, answers waiting for their turn."""

    paths: Sequence[str]
    handed: int = 0  # paths handed out to read
    added: int = 0  # paths whose read answer has been taken in, in path order
    read: dict[int, tuple[Any, ...]] = field(default_factory=dict)  # read answers ahead of their turn
    owner: dict[int, int] = field(default_factory=dict)  # path index -> the worker holding the article
    by_number: dict[int, int] = field(default_factory=dict)  # Overlapped's entry number -> path index
    order: list[int] = field(default_factory=list)  # readable path indices, in path order
    emitted: int = 0  # of `order`
    checked: dict[int, Any] = field(default_factory=dict)


class Workers:
    """N worker processes, each with its own task queue; one queue of answers for all."""

    def __init__(self, jobs: int, settings: Settings, render: Render) -> None:
        context = _context()
        self.answers: Any = context.Queue()
        self.workers: list[_Worker] = []
        for number in range(jobs):
            tasks: Any = context.Queue()
            process = context.Process(target=_work, args=(tasks, self.answers, settings, render, number),
                                      name=f"verifier-worker-{number}", daemon=True)
            process.start()
            self.workers.append(_Worker(process, tasks))

    def wake(self) -> None:
        """From the evidence thread: something changed (articles resolved, or it failed)."""
        self.answers.put(("wake",))

    def next_answer(self) -> tuple[Any, ...]:
        while True:
            try:
                answer: tuple[Any, ...] = self.answers.get(timeout=POLL)
                return answer
            except queue.Empty:
                for number, worker in enumerate(self.workers):
                    if not worker.process.is_alive():
                        raise VerifierError(f"--jobs: worker process {number} stopped unexpectedly "
                                            f"(exit code {worker.process.exitcode})") from None

    def close(self, interrupted: bool) -> None:
        for worker in self.workers:
            if not interrupted:
                worker.tasks.put(None)
            worker.tasks.cancel_join_thread()
        for worker in self.workers:
            if not interrupted:
                worker.process.join(timeout=5)
            if worker.process.is_alive():
                worker.process.terminate()
                worker.process.join(timeout=5)
        self.answers.cancel_join_thread()


def checked_in_workers(paths: Sequence[str], settings: Settings, reviews: Any, unreadable: list[ArticleReport],
                       warnings: list[str], progress: Progress | None, jobs: int, render: Render
                       ) -> Iterator[Any]:
    """`runner.checked_as_read`'s answers, in the same order, from `jobs` worker processes: each
    readable article's report (`render="report"`) or its `runner.Line` ("line"). `reviews(path)`
    gives an article's reviewer input (or None); unreadable files join `unreadable` (X901) and
    directive warnings `warnings`, in path order, as in one process."""
    from verifier.collector import fewer_collections
    from verifier.runner import raise_if_none_readable

    run = _Run(paths)
    pool = Workers(jobs, settings, render)
    interrupted = True
    try:
        with fewer_collections(), Overlapped(settings, progress, expected=len(paths), on_change=pool.wake) as evidence:
            for worker in pool.workers:
                for _ in range(READ_AHEAD):
                    _hand_out(run, pool, worker, settings)
            closed = False
            while not closed or run.emitted < len(run.order):
                if closed or run.added not in run.read:  # (a path read here may be next in line)
                    answer = pool.next_answer()
                    kind = answer[0]
                    if kind == "failed":
                        raise answer[2]
                    if kind in ("read", "unreadable"):
                        run.read[answer[1]] = answer
                        worker = pool.workers[answer[2]]
                        _hand_out(run, pool, worker, settings)
                    elif kind == "checked":
                        run.checked[answer[1]] = answer[2]
                _take_in(run, evidence, reviews, unreadable, warnings, progress)
                if not closed and run.added == len(paths):
                    raise_if_none_readable(unreadable, len(run.order))
                    evidence.close()
                    closed = True
                for entry in evidence.take_resolved():
                    _check(run, pool, evidence, entry, progress)
                while run.emitted < len(run.order) and run.order[run.emitted] in run.checked:
                    yield run.checked.pop(run.order[run.emitted])
                    run.emitted += 1
            evidence.join()
        interrupted = False
    finally:
        pool.close(interrupted)


def _hand_out(run: _Run, pool: Workers, worker: _Worker, settings: Settings) -> None:
    """The next path to this worker, if any; stdin and web pages are read here (the network stays
    in this process) and the worker gets the article."""
    while run.handed < len(run.paths):
        index, path = run.handed, run.paths[run.handed]
        run.handed += 1
        given: str | Article = path
        if path == "-" or webpage.is_url(path):
            try:
                given = ingest.load(path, settings.max_bytes)
            except InputError as exc:
                run.read[index] = ("unreadable", index, None, str(exc))
                continue
        run.owner[index] = pool.workers.index(worker)
        worker.tasks.put(("read", index, given))
        return


def _take_in(run: _Run, evidence: Overlapped, reviews: Any, unreadable: list[ArticleReport],
             warnings: list[str], notify: Progress | None) -> None:
    """Read answers joined to the run in path order (so that the batches fetched are the ones
    one process asks)."""
    from verifier.runner import _unreadable

    while run.added in run.read:
        index = run.added
        answer = run.read.pop(index)
        run.added += 1
        path = run.paths[index]
        if answer[0] == "unreadable":
            run.owner.pop(index, None)
            unreadable.append(_unreadable(path, answer[3]))
            continue
        _, _, _, article_path, citations, found_warnings = answer
        warnings.extend(found_warnings)
        if notify is not None:
            notify.message(f"reading {index + 1} of {len(run.paths)}: {path}")
        run.by_number[evidence.added] = index
        run.order.append(index)
        evidence.add_found(article_path, citations, reviews(article_path))


def _check(run: _Run, pool: Workers, evidence: Overlapped, entry: Any, notify: Progress | None) -> None:
    """An article whose evidence is in, to the worker holding it."""
    index = run.by_number.pop(entry.number)
    evidence.checked += 1
    if notify is not None:
        notify.message(f"checking {evidence.checked} of {len(run.paths)}: {entry.path}")
    resolutions: tuple[Resolution, ...] = entry.resolutions
    review = entry.review if entry.review != ReviewerInput() else None
    pool.workers[run.owner.pop(index)].tasks.put(("check", index, resolutions, review))
