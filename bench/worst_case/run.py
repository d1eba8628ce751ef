"""Time on hostile inputs that used to take quadratic time (issues 15 and 16), beside a baseline.

    python bench/worst_case/run.py [--baseline REV] [--sizes 10,20,100] [--items 1000,5000,20000]

Three inputs, timed with the current code and with the baseline revision's own code
(bench/baseline.py) in the same run:
- an abstract of "1,1,1,..." read for its design (`design_from_text`) and checked against a
  claim with a percentage (the S2xx number rules read the abstract's figures), at --sizes KB;
- `strength` on "may " repeated, at --sizes KB;
- an HTML page whose `<ol>` reference list has --items items (issue 16: 20,000 took 494 s),
  made up here (`reference_list_page`: synthetic names and titles, DOIs under the 10.5555 test
  prefix) with a paragraph citing a dozen of them by `<sup>n</sup>`; each stage of an offline
  audit is timed on its own: ingest, find_citations, claims (the citation index, the claims and
  the text checks), checks (offline resolution and every check) and the text report, in CPU
  seconds of the timing process (`time.process_time`: another job on a shared machine does not
  inflate them as it does wall time). The citations and findings of both revisions are compared.
Linear code takes about the same time per KB at every size; the target is < 2 s per 100 KB.
The baseline is only run up to --baseline-max KB (default 20) on the first two inputs (at 60 KB
it took over a minute) and up to --baseline-max-items items on the list.
Nothing here reads ../shared/data.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from baseline import Checkout, baseline_checkout

ROOT = Path(__file__).resolve().parents[2]

# Run in a fresh interpreter (current tree or the baseline's): prints {"name": seconds}.
TIMER = r"""
import json, sys, time
from verifier.design import design_from_text
from verifier.language import strength
kb = int(sys.argv[1])
ones = ",".join(["1"] * (kb * 512))[: kb * 1024]
mays = "may " * (kb * 256)
out = {}
strength("The model is loaded before the clock starts.")
started = time.perf_counter()
design_from_text(ones, (), (), basis="record", provenance="bench", abstract_only=ones)
out["design of a '1,1,1,...' abstract"] = time.perf_counter() - started
started = time.perf_counter()
strength(mays)
out["strength of 'may ' x N"] = time.perf_counter() - started
try:
    from verifier.checks.claims import _abstract_percentages
    from verifier.models import AbstractSection
    started = time.perf_counter()
    _abstract_percentages((AbstractSection(text=ones),))
    out["abstract figures of a '1,1,1,...' abstract"] = time.perf_counter() - started
except ImportError:
    pass
print(json.dumps(out))
"""


# The stages of an offline audit of one page, each timed on its own: prints {"name": CPU seconds,
# "answers": [citations, findings]}. The models are loaded on a small page first, and what
# verifier.memo keeps of it forgotten (where the revision has it), so the clock sees no warm-up.
LIST_TIMER = r"""
import json, sys, time
from verifier import ingest
from verifier.citations import find_citations
from verifier.evidence import OfflineSource
from verifier.models import Report, ReviewerInput
from verifier.pipeline import ArticleTask, check_article, prepare
from verifier.report.text import to_text
from verifier.resolve import resolve
from verifier.settings import Settings
settings = Settings(offline=True)
warm = ingest.load(sys.argv[2], settings.max_bytes)
warm_citations = find_citations(warm)
warm_resolutions = tuple(resolve(list(warm_citations), OfflineSource()))
to_text(Report(articles=(check_article(ArticleTask(warm, warm_citations, warm_resolutions, ReviewerInput(),
                                                   settings)),)))
try:
    from verifier import memo
    memo.clear()
except ImportError:
    pass
out = {}
def timed(name, work):
    started = time.process_time()
    value = work()
    out[name] = time.process_time() - started
    return value
article = timed("list: ingest", lambda: ingest.load(sys.argv[1], settings.max_bytes))
citations = timed("list: find_citations", lambda: find_citations(article))
ready = timed("list: claims (index, claims, text checks)", lambda: prepare(article, citations, settings))
def checks():
    resolutions = tuple(resolve(list(citations), OfflineSource()))
    return check_article(ArticleTask(article, citations, resolutions, ReviewerInput(), settings, ready))
checked = timed("list: checks (offline)", checks)
timed("list: text report", lambda: to_text(Report(articles=(checked,))))
out["list: all stages"] = sum(out.values())
out["answers"] = [len(checked.citations), len(checked.findings)]
print(json.dumps(out))
"""

_SURNAMES = ("Smith", "Jones", "Brown", "Taylor", "Wilson", "Davies", "Evans", "Thomas", "Roberts", "Walker",
             "Wright", "Green", "Hall", "Wood", "Clarke", "Hughes", "Lewis", "Harris", "Martin", "Cooper")
_WORDS = ("sodium", "intake", "blood", "pressure", "adults", "cohort", "trial", "vitamin", "outcomes", "risk",
          "mortality", "exercise", "sleep", "children", "diet", "fibre", "glucose", "insulin", "weight",
          "obesity", "screening", "cancer", "cardiac", "renal", "lipids", "statin", "therapy", "women")
_JOURNALS = ("J Clin Med", "BMJ Open", "Nutrients", "Am J Epidemiol", "PLoS One", "Eur J Nutr", "Clin Nutr",
             "Int J Obes", "Prev Med", "Public Health Nutr")


def synthetic_reference(number: int, rnd: random.Random) -> str:
    """'Smith J, Jones K. Title words. J Clin Med. 2020;12(3):45-67. doi:10.5555/...': made-up
    values in a valid shape; the DOI is under the 10.5555 test prefix."""
    authors = ", ".join(f"{name} {rnd.choice('ABCDEFGHJKLMNPRSTW')}"
                        for name in rnd.sample(_SURNAMES, rnd.randint(1, 4)))
    title = " ".join(rnd.sample(_WORDS, rnd.randint(4, 9))).capitalize()
    year, first = rnd.randint(1990, 2024), rnd.randint(1, 900)
    return (f"{authors}. {title}. {rnd.choice(_JOURNALS)}. {year};{rnd.randint(1, 120)}({rnd.randint(1, 12)}):"
            f"{first}-{first + rnd.randint(2, 20)}. doi:10.5555/synthetic.{year}.{number:06d}")


def reference_list_page(items: int, seed: int = 0) -> str:
    """An article of one paragraph citing a dozen of `items` references in an `<ol>`."""
    rnd = random.Random(seed)
    cited = sorted(rnd.sample(range(1, items + 1), min(items, 12)))
    sentences = " ".join(f"A diet high in {rnd.choice(_WORDS)} raised the risk of {rnd.choice(_WORDS)} by "
                         f"{rnd.randint(5, 40)}% in adults.<sup>{n}</sup>" for n in cited)
    entries = "\n".join(f"<li>{synthetic_reference(n, rnd)}</li>" for n in range(1, items + 1))
    return (f"<html><head><title>A synthetic article</title></head><body><article><h1>A synthetic article</h1>"
            f"<p>{sentences}</p><h2>References</h2><ol>\n{entries}\n</ol></article></body></html>")


def timings(args: list[str], old: Checkout | None, timeout: float, code: str = TIMER) -> dict[str, object] | str:
    try:
        if old is None:
            done = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True,
                                  text=True, timeout=timeout, check=False)
        else:
            done = old.run(["-c", code, *args], timeout=timeout)
        if done.returncode:
            return f"failed: {done.stderr.strip()[-200:]}"
        result: dict[str, object] = json.loads(done.stdout)
        return result
    except subprocess.TimeoutExpired:
        return f"> {timeout:.0f} s"


def _row(name: str, size: str, kb: float, seconds: object, base: dict[str, object] | str, revision: str) -> str:
    if isinstance(base, str):
        then = base
    else:
        then = f"{revision}: {base[name]:.2f} s" if isinstance(base.get(name), float) else f"{revision}: -"
    assert isinstance(seconds, float)
    return f"| {name} | {size} | {seconds:.2f} | {seconds * 100 / kb:.2f} | {then} | < 2 s per 100 KB |"


def _text_inputs(sizes: list[int], old: Checkout, args: argparse.Namespace) -> None:
    for kb in sizes:
        ours = timings([str(kb)], None, args.timeout)
        base = timings([str(kb)], old, args.timeout) if kb <= args.baseline_max else "not run (too slow)"
        if isinstance(ours, str):
            print(f"| all | {kb} KB | {ours} | - | - | < 2 s per 100 KB |")
            continue
        for name, seconds in ours.items():
            print(_row(name, f"{kb} KB", kb, seconds, base, old.revision))


def _reference_lists(counts: list[int], old: Checkout, args: argparse.Namespace) -> list[str]:
    """The table's rows for each list; returns a line per list on whether the answers agree."""
    notes = []
    with tempfile.TemporaryDirectory(prefix="verifier-worst-") as scratch:
        warm = Path(scratch) / "warm.html"
        warm.write_text(reference_list_page(20, seed=1), encoding="utf-8")
        for items in counts:
            page = Path(scratch) / f"list-{items}.html"
            page.write_text(reference_list_page(items), encoding="utf-8")
            kb = page.stat().st_size / 1024
            run = [str(page), str(warm)]
            ours = timings(run, None, args.timeout, LIST_TIMER)
            base = (timings(run, old, args.timeout, LIST_TIMER) if items <= args.baseline_max_items
                    else "not run (too slow)")
            size = f"{items:,} items ({kb:,.0f} KB)"
            if isinstance(ours, str):
                print(f"| list: all | {size} | {ours} | - | - | < 2 s per 100 KB |")
                continue
            answers = ours.pop("answers")
            for name, seconds in ours.items():
                print(_row(name, size, kb, seconds, base, old.revision))
            same = "-" if isinstance(base, str) else ("same" if base.get("answers") == answers else
                                                      f"DIFFERENT (baseline {base.get('answers')})")
            notes.append(f"- {size}: {answers[0]} citations, {answers[1]} findings; beside {old.revision}: {same}")
    return notes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="16ccea1", help="revision timed beside the current code")
    parser.add_argument("--sizes", default="10,20,100", help="input sizes in KB, comma-separated")
    parser.add_argument("--baseline-max", type=int, default=20, help="largest size (KB) given to the baseline")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds allowed per size and revision")
    parser.add_argument("--items", default="1000,5000,20000", help="reference-list lengths, comma-separated "
                        "(empty: not run)")
    parser.add_argument("--baseline-max-items", type=int, default=5000,
                        help="longest list given to the baseline (older revisions took minutes at 20,000)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    counts = [int(s) for s in args.items.split(",") if s]
    print("| input | size | verifier (s) | s per 100 KB | baseline (same run) | target |")
    print("|---|---|---|---|---|---|")
    with baseline_checkout(args.baseline) as old:
        _text_inputs(sizes, old, args)
        notes = _reference_lists(counts, old, args)
    print("\n".join(["", *notes]) if notes else "")
    return 0


if __name__ == "__main__":
    sys.exit(main())
