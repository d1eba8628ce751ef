"""Every real NCBI answer in DATA/pubmed, read by the parser and checked field by field.

    python bench/pubmed/run.py [--data ../shared/data] [--baseline aee4371] [--failures N] [--show-records]

For each file (efetch XML of every DTD, books, MEDLINE text, the bodies inside the cassettes)
the records the parser finds are counted against the PubmedArticle, PubmedBookArticle and
DeleteCitation elements lxml counts in the same file (MEDLINE: the PMID- tags), and each record's
fields are compared with an independent extraction (bench/pubmed/truth.py: lxml and XPath, or the
MEDLINE tags). The baseline revision is run on the same bodies in the same invocation, through
the same harness (bench/pubmed/harness.py). ECitMatch, ID-converter, esearch and NCBI error
files are read by the client's own readers (current tree only: their code moved this round).
All of DATA/pubmed is the development half (the parser was written looking at it): every figure
is in-sample; the held-out half is not in ../shared.
"""

from __future__ import annotations

import argparse
import base64
import gzip
import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(HERE))

from baseline import DEFAULT_BASELINE, baseline_checkout  # noqa: E402
from truth import count_elements, medline_records, xml_records  # noqa: E402

from verifier.errors import NCBIError  # noqa: E402
from verifier.evidence.eutils import client  # noqa: E402

ARTICLE_FIELDS = ("pmid", "title", "authors", "doi", "pmcid", "medline_ta", "volume", "issue", "pages",
                  "year", "month", "publication_types")
BOOK_FIELDS = ("pmid", "kind", "title", "book_title", "authors", "editors", "publisher", "isbn",
               "book_accession", "doi", "year")


@dataclass
class Body:
    name: str
    format: str  # "xml" or "medline"
    data: bytes


@dataclass
class Outcome:
    in_file: int = 0
    deleted_in_file: int = 0
    found: int = 0
    deleted_found: int = 0
    compared: int = 0  # fields the source gives a value for, compared with the parsed record
    field_errors: list[str] = field(default_factory=list)
    error: str = ""


def bodies(folder: Path) -> tuple[list[Body], list[tuple[str, str, bool]]]:
    """Record bodies to parse, and (file, what, ok) for the files the client reads otherwise."""
    found: list[Body] = []
    others: list[tuple[str, str, bool]] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = str(path.relative_to(folder))
        top = name.split("/")[0]
        if top == "efetch":
            found.append(Body(name, "xml", path.read_bytes()))
        elif top == "medline":
            found.append(Body(name, "medline", path.read_bytes()))
        elif top == "cassettes":
            found += list(_cassette_bodies(name, path))
            others.append((name, "cassette: loaded with yaml.safe_load, its efetch bodies parsed below", True))
        elif top in ("ecitmatch", "idconv", "errors", "esearch"):
            others.append(_client_reader(top, name, path.read_bytes()))
        else:
            others.append((name, "documentation, not an answer", True))
    return found, others


def _cassette_bodies(name: str, path: Path) -> Iterator[Body]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    interactions = data.get("interactions") or data.get("http_interactions") or []
    for number, interaction in enumerate(interactions, 1):
        body = interaction.get("response", {}).get("body", {}).get("string", b"")
        raw = body.encode() if isinstance(body, str) else bytes(body)
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        if b"<PubmedArticleSet" in raw[:2000]:
            yield Body(f"{name}#{number}", "xml", raw)


def _client_reader(kind: str, name: str, raw: bytes) -> tuple[str, str, bool]:
    response = httpx.Response(200, content=raw)
    if kind == "ecitmatch":
        lines = [line.split("|") for line in raw.decode().splitlines() if line.strip()]
        keys = {parts[5] for parts in lines}
        lookup = client._citmatch_answers(raw.decode(), keys)
        expected = {parts[5]: parts[6].strip() for parts in lines}
        return name, f"ECitMatch: {len(lookup.found)} of {len(expected)} PMIDs read", dict(lookup.found) == expected
    if kind == "idconv":
        answers = client._idconv_records(response)
        expected = {r["pmcid"].upper(): r["pmid"] for r in json.loads(raw)["records"] if r.get("pmid")}
        return name, f"ID converter: {len(answers)} of {len(expected)} PMCID->PMID read", answers == expected
    if kind == "errors":
        try:
            client._check_xml_error(response)
        except NCBIError as exc:
            return name, f"NCBI <ERROR> recognised: {str(exc)[:70]}", True
        return name, "NCBI <ERROR> not recognised", False
    return name, "esearch XML: the client asks for JSON (retmode=json), so XML is not read", True


def parsed_by(checkout_root: Path, items: list[Body]) -> dict[str, Any]:
    payload = json.dumps([{"name": b.name, "format": b.format, "b64": base64.b64encode(b.data).decode()}
                          for b in items])
    done = subprocess.run([sys.executable, str(HERE / "harness.py")], input=payload, capture_output=True,
                          text=True, env={"PYTHONPATH": str(checkout_root), "PATH": "/usr/bin:/bin"},
                          cwd=checkout_root, timeout=900, check=False)
    if done.returncode:
        raise SystemExit(f"harness failed in {checkout_root}: {done.stderr.strip()[-400:]}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def measure(item: Body, answer: dict[str, Any]) -> Outcome:
    if item.format == "medline":
        truth, deleted = medline_records(item.data.decode("utf-8", "replace")), set()
        outcome = Outcome(in_file=item.data.count(b"\nPMID- ") + item.data.startswith(b"PMID- "))
    else:
        counts = count_elements(item.data)
        truth, deleted = xml_records(item.data)
        outcome = Outcome(in_file=counts["PubmedArticle"] + counts["PubmedBookArticle"],
                          deleted_in_file=counts["deleted PMIDs"])
    if "error" in answer:
        outcome.error = answer["error"]
        return outcome
    parsed = {r["pmid"]: r for r in answer["records"]}
    outcome.found = sum(1 for t in truth if t["pmid"] in parsed)
    outcome.deleted_found = len(deleted & set(answer.get("deleted", [])))
    for expected in truth:
        got = parsed.get(expected["pmid"])
        if got is not None:
            names = BOOK_FIELDS if expected["kind"] != "article" else ARTICLE_FIELDS
            outcome.compared += sum(1 for name in names if expected.get(name))
            outcome.field_errors += [f"{expected['pmid']} {m}" for m in mismatches(expected, got)]
    return outcome


def mismatches(expected: dict[str, Any], got: dict[str, Any],
               names: tuple[str, ...] | None = None) -> Iterator[str]:
    for name in names or (BOOK_FIELDS if expected["kind"] != "article" else ARTICLE_FIELDS):
        want, have = expected.get(name), got.get(name)
        if name == "pages" and want and have and pages_agree(want, have):
            continue
        if name == "title":
            want, have = " ".join(str(want).split()), " ".join(str(have).split())
        if (want or None) != (have or None):
            yield f"{name}: source {str(want)[:60]!r}, parsed {str(have)[:60]!r}"


def pages_agree(raw: str, expanded: str) -> bool:
    """'113-25' in the source and '113-125' parsed: same first page, same trailing digits."""
    pairs = list(zip(raw.split(","), expanded.split(","), strict=False))
    if len(pairs) != len(raw.split(",")) or len(raw.split(",")) != len(expanded.split(",")):
        return False
    for source, parsed in pairs:
        a, b = source.strip().split("-"), parsed.strip().split("-")
        if len(a) != len(b) or a[0] != b[0] or not b[-1].endswith(a[-1]):
            return False
    return True


def report(items: list[Body], now: dict[str, Outcome], base: dict[str, Outcome], revision: str,
           failures: int) -> None:
    print(f"{'file':58} {'in file':>7} {'found now/base':>15} {'field errors now/base':>22}")
    for item in items:
        n, b = now[item.name], base[item.name]
        held = f"{n.in_file}" + (f"+{n.deleted_in_file}d" if n.deleted_in_file else "")
        found = f"{n.found if not n.error else 'ERR'}/{b.found if not b.error else 'ERR'}"
        errors = f"{len(n.field_errors)}/{len(b.field_errors)}"
        if n.in_file != n.found or n.field_errors or b.in_file != b.found or b.field_errors or n.error or b.error:
            print(f"{item.name[:58]:58} {held:>7} {found:>15} {errors:>22}")
    total = sum(o.in_file for o in now.values())
    for label, outcomes in (("current", now), (f"baseline {revision}", base)):
        records = sum(o.found for o in outcomes.values())
        files_ok = sum(1 for o in outcomes.values() if not o.error and o.found == o.in_file and not o.field_errors)
        fields = sum(len(o.field_errors) for o in outcomes.values())
        deleted = sum(o.deleted_found for o in outcomes.values())
        compared = sum(o.compared for o in outcomes.values())
        print(f"{label:>22}: records {records}/{total}, files read whole with every field right "
              f"{files_ok}/{len(outcomes)}, field mismatches {fields} of {compared} compared, deleted PMIDs {deleted}/"
              f"{sum(o.deleted_in_file for o in outcomes.values())}")
    for label, outcomes in (("current", now), (f"baseline {revision}", base)):
        print(f"\nfailures by file ({label}):")
        bad = [(name, o) for name, o in outcomes.items() if o.error or o.found != o.in_file or o.field_errors]
        for name, outcome in bad:
            why = outcome.error or f"{outcome.found} of {outcome.in_file} records"
            print(f"  {name}: {why}")
            for line in outcome.field_errors[:failures]:
                print(f"      {line}")
            if len(outcome.field_errors) > failures:
                print(f"      ... {len(outcome.field_errors) - failures} more")
        if not bad:
            print("  none")


def show_records(items: list[Body], current: dict[str, Any]) -> None:
    """Each record as parsed, field by field; a field the parser reads differently is marked."""
    for item in items:
        truth = medline_records(item.data.decode("utf-8", "replace")) if item.format == "medline" \
            else xml_records(item.data)[0]
        parsed = {r["pmid"]: r for r in current[item.name].get("records", [])}
        for expected in truth:
            got = parsed.get(expected["pmid"], {})
            print(f"\n{item.name} PMID {expected['pmid']} ({expected['kind']})")
            for name in BOOK_FIELDS if expected["kind"] != "article" else ARTICLE_FIELDS:
                wrong = " " if not list(mismatches({"kind": expected["kind"], name: expected.get(name)},
                                                   {name: got.get(name)}, (name,))) else "!"
                print(f"  {wrong} {name:16} {str(got.get(name))[:100]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--baseline", default=DEFAULT_BASELINE)
    parser.add_argument("--failures", type=int, default=3, help="field mismatches shown per file")
    parser.add_argument("--show-records", action="store_true",
                        help="print every record as parsed now, beside the source's value of each field")
    args = parser.parse_args()
    folder = args.data / "pubmed" if (args.data / "pubmed").is_dir() else args.data
    if not (folder / "efetch").is_dir():
        raise SystemExit(f"no PubMed data at {folder} (expected ../shared/data/pubmed with efetch/, "
                         "medline/...): this benchmark needs the shared data, which a clone does not have")
    items, others = bodies(folder)
    print(f"{len(items)} record bodies and {len(others)} other files in {folder} (all in-sample: development half)\n")
    current = parsed_by(ROOT, items)
    with baseline_checkout(args.baseline) as old:
        baseline = parsed_by(old.folder, items)
    now = {i.name: measure(i, current[i.name]) for i in items}
    base = {i.name: measure(i, baseline[i.name]) for i in items}
    report(items, now, base, args.baseline, args.failures)
    if args.show_records:
        show_records(items, current)
    print("\nother files, read by the client's readers (current tree):")
    for name, what, ok in others:
        print(f"  {'ok  ' if ok else 'FAIL'} {name}: {what}")


if __name__ == "__main__":
    main()
