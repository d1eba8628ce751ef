"""Output parity: the current code and a baseline revision give the same output, byte for byte.

    python bench/load/parity.py [--baseline c806fcb] [--data ../shared/data]

Speed work on the checks must not change what they report. This runs both trees (the baseline
from a temporary checkout, bench/baseline.py) on the same inputs and compares:

- whole audits (`--format json`): the seeds with their cassette and claim files, the seeds
  with the reconstructed Islam record (`--records`), a generated batch of seed copies as JSON
  Lines (the bench/load run), and, when ../shared/data is present, every article there
  (`--offline`);
- the pieces the speed work touched, on every input line: sentence splitting
  (`claims.split_sentences`) of each paragraph, the cues (`language.find_cues`) and the strength
  (`language.strength_with_reasons`) of each sentence (also the Yu et al. 2019 conclusions and
  the InSciOut press-release sentences under ../shared/data), and the tortured phrases
  (`checks.text.tortured_phrases`) of each article and of the PPS phrase list.

Only counts and the names of differing inputs are printed, never their text (held-out articles
stay unseen). Exit 0 when everything is identical, 1 otherwise.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(HERE))

from baseline import baseline_checkout  # noqa: E402
from run import RECORDS, SEEDS, make_articles  # noqa: E402

BASELINE = "c806fcb"  # this session's start
BATCH = 20  # seed copies in the generated batch

# Run inside each tree: the pieces, on the inputs read from standard input, as JSON.
_PROBE = """
import json, sys
from verifier.checks.text import tortured_phrases
from verifier.claims import split_sentences
from verifier.language import find_cues, strength_with_reasons
data = json.load(sys.stdin)
split = [[[s.text, s.start, s.end] for s in split_sentences(p)] for p in data["paragraphs"]]
sentences = [s for piece in split for s, _, _ in piece] + data["sentences"]
cues, strengths = [], []
for sentence in sentences:
    found = find_cues(sentence)
    level, deciding = strength_with_reasons(sentence, found)
    cues.append([[c.kind.value, c.text, c.start, c.end] for c in found])
    strengths.append([level, [[c.text, c.start, c.end] for c in deciding]])
tortured = [{k: [[m.group(0), m.start(), m.end()] for m in v] for k, v in tortured_phrases(t).items()}
            for t in data["texts"]]
json.dump({"split": split, "cues": cues, "strength": strengths, "tortured": tortured}, sys.stdout)
"""


def run_tree(tree: Path, args: list[str], stdin: str | None = None) -> str:
    """Run Python with the tree's package; the working folder is always this tree, so files
    found relative to it (claim files naming seeds/..., ../shared) are the same for both. `-P`:
    the working folder is not put on sys.path, where it would shadow PYTHONPATH's package."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run([sys.executable, "-P", *args], cwd=ROOT, env=env, input=stdin, capture_output=True,
                          text=True, check=False, timeout=1800)
    if done.returncode > 1:
        raise SystemExit(f"{tree}: {' '.join(args[:3])} failed ({done.returncode}): {done.stderr.strip()[-400:]}")
    return done.stdout


def audits(data: Path | None, scratch: Path) -> dict[str, list[str]]:
    """Name -> arguments of each whole audit (inputs are this tree's files, absolute paths)."""
    batch = scratch / "batch"
    batch.mkdir()
    make_articles(batch, BATCH)
    runs = {
        "seeds, cassette and claim files": ["audit", "seeds", "--cassette", "cassettes/seeds.yaml",
                                            "--claims", "claims", "--format", "json"],
        "seeds, --records": ["audit", *map(str, SEEDS), "--records", str(RECORDS), "--format", "json"],
        f"generated batch of {BATCH}, jsonl": ["audit", str(batch), "--records", str(RECORDS),
                                               "--format", "jsonl", "--fail-on", "never"],
    }
    if data is not None:
        runs[f"{len(real_articles(data))} articles of ../shared/data, --offline"] = [
            "audit", *map(str, real_articles(data)), "--offline", "--format", "json"]
    return runs


def real_articles(data: Path) -> list[Path]:
    folder = data / "articles"
    return sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".md", ".html") and p.name != "README.md")


def probe_inputs(data: Path | None) -> dict[str, list[str]]:
    """Paragraphs (every non-blank line), extra sentences and whole texts for the probe."""
    files = [*SEEDS, *sorted((ROOT / "tests" / "data").glob("*.medline"))]
    if data is not None:
        files += real_articles(data)
    texts = [f.read_text(encoding="utf-8", errors="replace") for f in files]
    paragraphs = [line for t in texts for line in t.split("\n") if line.strip()]
    sentences: list[str] = []
    if data is not None:
        sentences += _yu_sentences(data) + _insciout_sentences(data)
        texts.append("\n".join(_pps_phrases(data)))
    return {"paragraphs": paragraphs, "sentences": sentences, "texts": texts}


def _yu_sentences(data: Path) -> list[str]:
    path = data / "strength" / "yu2019_pubmed_conclusions.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [row["sentence"] for row in csv.DictReader(handle)]


def _insciout_sentences(data: Path) -> list[str]:
    path = data / "exaggeration" / "insciout_train.jsonl"
    if not path.exists():
        return []
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [row[key] for row in rows for key in ("press_release_conclusion", "abstract_conclusion") if row.get(key)]


def _pps_phrases(data: Path) -> list[str]:
    path = data / "tortured" / "pps_tortured_phrases.json"
    if not path.exists():
        return []
    return [p["tortured"] for p in json.loads(path.read_text(encoding="utf-8"))["phrases"]]


def compare(name: str, ours: str, theirs: str, items: Callable[[str], list[tuple[str, Any]]]) -> bool:
    same = ours == theirs
    mine, old = items(ours), items(theirs)
    differing = [key for (key, a), (_, b) in zip(mine, old, strict=False) if a != b]
    if len(mine) != len(old):
        differing.append(f"count {len(mine)} vs {len(old)}")
    digest = hashlib.sha256(ours.encode()).hexdigest()[:12]
    verdict = "identical" if same else f"DIFFERENT in {len(differing)} of {len(mine)} ({', '.join(differing[:5])})"
    print(f"| {name} | {len(mine):,} | {len(ours):,} | {digest} | {verdict} |")
    return same


def _articles(report: str) -> list[tuple[str, Any]]:
    try:
        parsed = json.loads(report)
    except json.JSONDecodeError:  # JSON Lines: one object a line
        rows = [json.loads(line) for line in report.splitlines() if line.strip()]
        return [(Path(r.get("path", f"row {i}")).name, r) for i, r in enumerate(rows)]
    return [(Path(a["path"]).name, a) for a in parsed["articles"]] + [("summary", parsed["summary"])]
    rows = [json.loads(line) for line in report.splitlines() if line.strip()]
    return [(Path(r.get("path", f"row {i}")).name, r) for i, r in enumerate(rows)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default=BASELINE)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    data = args.data if (args.data / "articles").is_dir() else None
    same = True
    with tempfile.TemporaryDirectory() as scratch, baseline_checkout(args.baseline) as old:
        where = {name: run_tree(tree, ["-c", "import verifier; print(verifier.__file__)"]).strip()
                 for name, tree in (("this tree", ROOT), (args.baseline, old.folder))}
        print(f"this tree vs {args.baseline}; ../shared/data {'read' if data else 'absent'}; packages: {where}\n")
        print("| compared | items | bytes | sha256 (this tree) | result |")
        print("|---|---|---|---|---|")
        for name, arguments in audits(data, Path(scratch)).items():
            command = ["-m", "verifier", *arguments]
            same &= compare(f"audit: {name}", run_tree(ROOT, command), run_tree(old.folder, command), _articles)
        inputs = json.dumps(probe_inputs(data))
        ours = run_tree(ROOT, ["-c", _PROBE], inputs)
        theirs = run_tree(old.folder, ["-c", _PROBE], inputs)
        for kind in ("split", "cues", "strength", "tortured"):
            mine, old_part = json.loads(ours)[kind], json.loads(theirs)[kind]
            same &= compare(f"{kind} of each input", json.dumps(mine), json.dumps(old_part), _pieces_of(kind))
    print(f"\n{'PARITY: identical' if same else 'PARITY BROKEN'}")
    return 0 if same else 1


def _pieces_of(kind: str) -> Callable[[str], list[tuple[str, Any]]]:
    return lambda part: [(f"{kind} #{i}", v) for i, v in enumerate(json.loads(part))]


if __name__ == "__main__":
    sys.exit(main())
