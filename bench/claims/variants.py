"""Claims on the dev pages as other flattenings would print them: a check of generalisation.

    python bench/claims/variants.py [--data ../shared/data] [--baseline REV ...]

Re-writes each text page of the dev half (in-sample) as it would read hard-wrapped at 72 and at
40 columns, with every full stop glued to the next sentence ("healthy.Tea"), with Windows line
ends, and with a blank line after every line, in a scratch folder (never in the repository),
audits each version and scores it as bench/claims/run.py scores the stored pages, beside each
--baseline revision's code in the same run. The held-out half is not touched.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import ROOT, _by_file, current_reports, score

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from baseline import baseline_checkout
from splits import claims_split


def wrapped(width: int) -> Callable[[str], str]:
    def wrap(text: str) -> str:
        return "\n".join("\n".join(textwrap.wrap(line, width)) if len(line) > width else line
                         for line in text.split("\n"))
    return wrap


VARIANTS: dict[str, Callable[[str], str]] = {
    "as stored": lambda text: text,
    "hard-wrapped at 72": wrapped(72),
    "hard-wrapped at 40": wrapped(40),
    "full stops glued": lambda text: re.sub(r"([a-z])\. ([A-Z])", r"\1.\2", text),
    "CRLF line ends": lambda text: text.replace("\n", "\r\n"),
    "a blank line after every line": lambda text: text.replace("\n", "\n\n"),
}
MEASURES = ("claims found", "linked to right citation, strict",
            "unlisted marker / author-year / narrative recognised", "precision (tool claims not of a non-claim kind)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--baseline", action="append", default=[], help="git revision to compare with (repeatable)")
    args = parser.parse_args()
    folder = args.data / "articles"
    if not (folder / "truth.json").exists():
        print(f"no data: {folder / 'truth.json'} is absent")
        return 2
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))["articles"]
    dev = [a for a in claims_split(truth)["dev"] if a["file"].endswith(".txt")]
    print("| dev pages (in-sample) | code | " + " | ".join(MEASURES) + " |")
    print("|---|---|" + "---|" * len(MEASURES))
    with tempfile.TemporaryDirectory() as scratch:
        versions = []
        for at, (name, rewrite) in enumerate(VARIANTS.items()):
            place = Path(scratch) / str(at)
            place.mkdir()
            for article in dev:
                raw = (folder / article["file"]).read_text(encoding="utf-8", errors="replace")
                (place / article["file"]).write_text(rewrite(raw), encoding="utf-8", newline="")
            versions.append((name, [place / a["file"] for a in dev]))
        rows = {(name, "verifier"): score(dev, current_reports(files)) for name, files in versions}
        for revision in args.baseline:
            with baseline_checkout(revision) as old:
                for name, files in versions:
                    rows[(name, revision)] = score(dev, _by_file(old.audit_json([*map(str, files), "--offline"])))
        for name, _ in versions:
            for who in ["verifier", *args.baseline]:
                print(f"| {name} | {who} | " + " | ".join(rows[(name, who)].show(m) for m in MEASURES) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
