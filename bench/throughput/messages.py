"""What `--jobs` sends between processes, per article, and what pickling it costs.

    python bench/throughput/messages.py [--articles 200]

The throughput bench's articles (10 citations each, GENERATED records: bench/generated.py) are
read, resolved from the records at hand and checked in this process; then each message
`verifier/parallel.py` sends is pickled and loaded, beside what an earlier attempt sent (the
whole citations, the checked report). Prints bytes and microseconds per article, and the CPU of
the work itself for scale.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parents[1]))

import generated  # noqa: E402  (bench/generated.py)


def timed(work: Callable[[], Any]) -> tuple[Any, float]:
    started = time.process_time()
    answer = work()
    return answer, time.process_time() - started


def cost(objects: Sequence[object], repeat: int = 3) -> tuple[float, float, float]:
    """Bytes, dump and load microseconds, each per object (the fastest of `repeat`, with the
    collector set as a run sets it: verifier/collector.py)."""
    from verifier.collector import fewer_collections

    dumps, loads = [], []
    with fewer_collections():
        for _ in range(repeat):
            blobs, dumped = timed(lambda: [pickle.dumps(o, protocol=pickle.HIGHEST_PROTOCOL) for o in objects])
            _, loaded = timed(lambda blobs=blobs: [pickle.loads(b) for b in blobs])
            dumps.append(dumped)
            loads.append(loaded)
    count = len(objects)
    return sum(map(len, blobs)) / count, 1e6 * min(dumps) / count, 1e6 * min(loads) / count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    args = parser.parse_args()

    from run import layout, write_articles  # bench/throughput/run.py

    from verifier import ingest
    from verifier.citations import find_citations
    from verifier.models import ReviewerInput
    from verifier.parallel import slim
    from verifier.pipeline import ArticleTask, check_article, evidence_source
    from verifier.resolve import resolve
    from verifier.runner import line_of
    from verifier.settings import Settings

    numbers, unique = layout(args.articles * 10)
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        write_articles(folder, numbers)
        (folder / "records.xml").write_text("".join(generated.document(range(unique))), encoding="utf-8")
        settings = Settings(records=(str(folder / "records.xml"),), use_cache=False, crossref=False)
        paths = sorted(str(p) for p in folder.glob("article_*.txt"))
        articles, reading = timed(lambda: [ingest.load(p) for p in paths])
        found, finding = timed(lambda: [tuple(find_citations(a)) for a in articles])
        with evidence_source(settings) as source:
            resolved = [tuple(resolve(c, source)) for c in found]
        reports, checking = timed(lambda: [check_article(ArticleTask(a, c, r, ReviewerInput(), settings))
                                           for a, c, r in zip(articles, found, resolved, strict=True)])
        lines, rendering = timed(lambda: [line_of(r) for r in reports])
    count = len(articles)
    print(f"{count} articles of 10 citations; CPU per article: reading {1e3 * reading / count:.2f} ms, finding "
          f"citations {1e3 * finding / count:.2f} ms, checking {1e3 * checking / count:.2f} ms, the JSON line "
          f"and its counts {1e3 * rendering / count:.2f} ms\n")
    print("| message (per article) | direction | bytes | pickle | unpickle |")
    print("|---|---|---|---|---|")
    rows = [("slim citations (sent)", "worker -> main", [tuple(slim(c) for c in cs) for cs in found]),
            ("resolutions (sent)", "main -> worker", resolved),
            ("JSON line and counts (sent, --format jsonl)", "worker -> main", lines),
            ("whole citations (not sent)", "worker -> main", found),
            ("checked ArticleReport (sent for other formats)", "worker -> main", reports),
            ("the Article (not sent; stdin and URLs only)", "main -> worker", articles)]
    for name, direction, objects in rows:
        size, dump, load = cost(objects)
        print(f"| {name} | {direction} | {size:,.0f} | {dump:.0f} us | {load:.0f} us |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
