"""Build verifier/references/reference-crf.model from the public labelled reference strings.

    python scripts/train_reference_parser.py [--data ../shared/data/references] [--c1 0.5] [--c2 0.01]

Only the "dev" part of the fixed hash split (verifier.references.data.split_of) is trained on;
the held-out fifth is left for bench/references/run.py to measure. Needs ../shared/data (not in
a clone); the shipped model was built with the defaults below.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pycrfsuite

from verifier.references.data import read_labelled, split_of
from verifier.references.features import token_features
from verifier.references.parser import MODEL_PATH


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--data", type=Path, default=Path("../shared/data/references"))
    options.add_argument("--c1", type=float, default=0.5)
    options.add_argument("--c2", type=float, default=0.01)
    options.add_argument("--iterations", type=int, default=200)
    options.add_argument("--out", type=Path, default=MODEL_PATH)
    args = options.parse_args()
    path = args.data / "train.jsonl"
    if not path.exists():
        print(f"no labelled data at {path} (it lives in ../shared/data, not in the repository)", file=sys.stderr)
        return 2
    trainer = pycrfsuite.Trainer(verbose=False)
    used = 0
    for item in read_labelled(path):
        if split_of(item.raw) != "dev":
            continue
        tokens, labels = item.tokens_and_labels()
        if tokens:
            trainer.append(token_features(item.raw, tokens), labels)
            used += 1
    trainer.set_params({"c1": args.c1, "c2": args.c2, "max_iterations": args.iterations,
                        "feature.possible_transitions": True})
    started = time.perf_counter()
    trainer.train(str(args.out))
    size = args.out.stat().st_size
    print(f"trained on {used:,} strings in {time.perf_counter() - started:.0f} s; "
          f"{args.out} ({size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
