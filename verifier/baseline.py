"""Baselines: the findings a team has seen and accepted, so CI fails only on new ones.

An entry is (article path, finding fingerprint); fingerprints hold the rule, the claim's or
citation's words and the value found, never a line number, so an entry survives edits
elsewhere in the article. Entries that match nothing any more are reported as stale.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from verifier.atomic import write_atomic
from verifier.errors import InputError, UsageError, validated
from verifier.models import Finding, Report

SCHEMA = "verifier-baseline/1"


class Entry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    path: str
    fingerprint: str
    code: str
    message: str = ""


class Baseline(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_: str = Field(alias="schema", default=SCHEMA)
    created: str = ""
    entries: tuple[Entry, ...] = ()

    def keys(self) -> set[tuple[str, str]]:
        return {(e.path, e.fingerprint) for e in self.entries}


def from_report(report: Report) -> Baseline:
    entries = tuple(Entry(path=a.path, fingerprint=f.fingerprint, code=f.code, message=f.message[:200])
                    for a in report.articles for f in a.findings)
    return Baseline(created=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), entries=entries)


def save(baseline: Baseline, path: str) -> None:
    data = baseline.model_dump(mode="json", by_alias=True)
    write_atomic(Path(path), json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def load(path: str) -> Baseline:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"--baseline {path}: cannot read ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"--baseline {path}: not UTF-8 text (byte {exc.start}); baselines are "
                         "written by 'verifier baseline create'") from exc
    except json.JSONDecodeError as exc:
        raise InputError(f"--baseline {path}: not JSON ({exc.msg}, line {exc.lineno})") from exc
    except RecursionError as exc:
        raise InputError(f"--baseline {path}: nested too deeply to be a baseline") from exc
    baseline = validated(Baseline, raw, f"--baseline {path}")
    if baseline.schema_ != SCHEMA:
        raise InputError(f"--baseline {path}: schema {baseline.schema_!r} is not {SCHEMA!r}")
    return baseline


def apply(report: Report, baseline: Baseline) -> tuple[Report, list[Entry]]:
    """The report with baselined findings set aside, and the entries that matched nothing."""
    known = baseline.keys()
    seen: set[tuple[str, str]] = set()
    articles = []
    for article in report.articles:
        keep: list[Finding] = []
        aside: list[Finding] = []
        for finding in article.findings:
            key = (article.path, finding.fingerprint)
            (aside if key in known else keep).append(finding)
            seen.add(key)
        articles.append(article.model_copy(update={"findings": tuple(keep), "baselined": tuple(aside)}))
    audited = {a.path for a in report.articles}
    stale = [e for e in baseline.entries if e.path in audited and (e.path, e.fingerprint) not in seen]
    return report.model_copy(update={"articles": tuple(articles)}), stale
