"""Train the claim-strength model shipped as verifier/strength_model.weights.gz.

    pip install -e '.[train]'
    python scripts/train_strength_model.py [--data ../shared/data] [--out verifier/strength_model.weights.gz]

Multinomial logistic regression (scikit-learn) over the features of `verifier.strength_model.features`,
fitted on the DEV half of Yu et al. 2019's PubMed conclusions only (even data rows, the convention of
bench/accuracy). The regularisation strength is chosen by 5-fold cross-validation on that half; the
odd rows and the InSciOut pairs are never read here. The weights are written in the package's format
(`LinearModel.to_bytes`: names and little-endian doubles, gzipped), with features whose weights are
all near zero dropped, so the package scores them in pure Python.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from verifier.language import find_cues, lexicon_strength
from verifier.strength_model import LinearModel, feature_names, features

ROOT = Path(__file__).resolve().parent.parent
C_GRID = (0.1, 0.2, 0.5, 1.0, 2.0, 5.0)
PRUNE_BELOW = 1e-3  # a feature whose largest weight is below this changes no decision


def dev_rows(data: Path) -> list[tuple[str, int]]:
    path = data / "strength" / "yu2019_pubmed_conclusions.csv"
    if not path.is_file():
        sys.exit(f"error: {path} not found (pass --data DIR)")
    with path.open(encoding="utf-8") as handle:
        rows = [(r["sentence"], int(r["label"])) for r in csv.DictReader(handle)]
    return rows[0::2]


def encode(sentence: str) -> dict[str, float]:
    cues = find_cues(sentence)
    return dict.fromkeys(feature_names(features(sentence, cues, lexicon_strength(sentence, cues))), 1.0)


def fit(x: object, y: list[int], c: float) -> LogisticRegression:
    model = LogisticRegression(C=c, max_iter=5000, class_weight="balanced")
    return model.fit(x, y)


def choose_c(x: object, y: list[int]) -> tuple[float, dict[float, float]]:
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=13)
    scores = {}
    for c in C_GRID:
        predicted = cross_val_predict(LogisticRegression(C=c, max_iter=5000, class_weight="balanced"), x, y, cv=folds)
        scores[c] = float(f1_score(y, predicted, average="macro"))
    return max(scores, key=lambda c: (scores[c], -c)), scores


def export(model: LogisticRegression, vectorizer: DictVectorizer) -> LinearModel:
    names = vectorizer.get_feature_names_out()
    coef = model.coef_.T  # one row per feature, one column per class
    weights = {str(name): tuple(round(float(w), 4) for w in row)
               for name, row in zip(names, coef, strict=True) if max(abs(row)) >= PRUNE_BELOW}
    return LinearModel(classes=tuple(int(c) for c in model.classes_),
                       intercepts=tuple(round(float(b), 4) for b in model.intercept_), weights=weights)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=ROOT / "verifier" / "strength_model.weights.gz")
    parser.add_argument("--cv-only", action="store_true", help="print the cross-validated dev figure, write nothing")
    args = parser.parse_args()
    rows = dev_rows(args.data)
    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([encode(s) for s, _ in rows])
    y = [label for _, label in rows]
    c, scores = choose_c(x, y)
    for value, score in scores.items():
        print(f"C={value}: 5-fold macro-F1 on dev {score:.3f}{'  <- chosen' if value == c else ''}")
    if args.cv_only:
        print(f"macro-F1 {scores[c]:.3f} (C={c}, chosen by this figure; {len(rows)} dev rows)")
        return
    linear = export(fit(x, y, c), vectorizer)
    args.out.write_bytes(linear.to_bytes())
    print(f"wrote {args.out} ({len(linear.weights):,} features, {args.out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
