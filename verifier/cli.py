"""The command line: parse flags, call the library, pick a writer, map errors to exit codes.

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 bad usage or
unreadable input; 3 evidence unavailable with --require-evidence.
"""

from __future__ import annotations

import json
import sys
import warnings
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

from verifier import baseline, claimfile
from verifier.atomic import atomic_stream, write_atomic
from verifier.checks.registry import RULES
from verifier.docs import rules_markdown
from verifier.errors import EvidenceError, UsageError, VerifierError
from verifier.evidence.mirror import Mirror
from verifier.language import STRENGTH_NAMES, strength
from verifier.models import CitationStatus, Report, Severity
from verifier.pipeline import audit, check_article, evidence_source, gather_evidence, load_articles
from verifier.report import WRITERS
from verifier.report.lines import Totals, article_line
from verifier.report.sanitise import inert
from verifier.report.text import render
from verifier.settings import FILE_KEYS, Settings, find_config, load_settings

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_NO_EVIDENCE = 0, 1, 2, 3
FAIL_ON = ("error", "warning", "info", "never")


def _say(message: str) -> None:
    """One line on stderr, escaped: it may carry file names, codes or server text, and CI logs
    read a line that starts with `::` as a workflow command."""
    click.echo(inert(message), err=True)


def _fail(message: str, code: int = EXIT_USAGE) -> None:
    _say(f"verifier: error: {message}")
    sys.exit(code)


def _guarded(action: Callable[[], int]) -> None:
    """Run a command; our errors become one line on stderr and an exit code, never a traceback."""
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            code = action()
        for warning in caught:
            _say(f"verifier: warning: {warning.message}")
    except UsageError as exc:
        _fail(str(exc))
    except VerifierError as exc:
        _fail(str(exc), EXIT_NO_EVIDENCE if isinstance(exc, EvidenceError) else EXIT_USAGE)
    except KeyboardInterrupt:
        done = f": {_TRACKER.summary()}" if _TRACKER is not None else ""
        _fail(f"interrupted{done}; the cache keeps every record fetched", 130)
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="verifier-health")
def main() -> None:
    """Check health and science articles: citations against PubMed, claims against the cited designs."""


def evidence_options(command: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option("--cassette", type=click.Path(dir_okay=False),
                     help="Record or replay every PubMed exchange in this vcrpy cassette."),
        click.option("--record-mode", type=click.Choice(["none", "once", "new_episodes", "all"]),
                     default=None, help="Cassette mode (default none: replay only)."),
        click.option("--records", multiple=True, type=click.Path(dir_okay=False),
                     help="PubMed XML or MEDLINE file to answer from instead of the network "
                          "(repeatable)."),
        click.option("--offline", is_flag=True, default=None,
                     help="Make no network request; citations without evidence are unverified."),
        click.option("--email", help="Contact e-mail sent to NCBI (or NCBI_EMAIL)."),
        click.option("--eutils-url", help="E-utilities base URL (or VERIFIER_EUTILS_URL)."),
        click.option("--idconv-url", help="PMC ID converter URL (or VERIFIER_IDCONV_URL; default: "
                                          "NCBI's, or the same path on a non-default --eutils-url host)."),
        click.option("--source", type=click.Choice(["pubmed", "mirror"]), default=None,
                     help="Where records come from: PubMed (default) or the local mirror."),
        click.option("--mirror", "mirror_path", type=click.Path(dir_okay=False),
                     help="The local mirror's SQLite file (default: the user data folder)."),
        click.option("--no-cache", "no_cache", is_flag=True, help="Do not use the record cache."),
        click.option("--refresh", is_flag=True, default=None,
                     help="Fetch again even what the cache holds."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _settings(defaults: dict[str, object] | None = None, **flags: Any) -> Settings:
    no_cache = flags.pop("no_cache", False)
    records = flags.pop("records", ())
    return load_settings(defaults, use_cache=False if no_cache else None,
                         records=tuple(records) or None, **flags)


def report_options(fail_on: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--format, --out, --fail-on and --require-evidence; `fail_on` is this command's default
    when neither the flag, the config file nor the environment sets it."""
    options = [
        click.option("--format", "fmt", type=click.Choice(sorted(WRITERS)), default="text",
                     show_default=True, help="Report format."),
        click.option("--out", type=click.Path(dir_okay=False), help="Write the report here, not stdout."),
        click.option("--fail-on", type=click.Choice(FAIL_ON), default=None,
                     help=f"Exit 1 when a finding (not dismissed by a reviewer) is at or above this "
                          f"severity [default: config file, else {fail_on}]."),
        click.option("--require-evidence", is_flag=True, default=None,
                     help="Exit 3 when any citation could not be verified."),
        click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False),
                     help="Findings recorded by 'verifier baseline create' are not reported; "
                          "entries that match nothing are listed as stale."),
    ]

    def apply(command: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed(options):
            command = option(command)
        return command

    return apply


def _also_outputs(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """--also FORMAT=FILE, checked: the format is a writer's and the file is named."""
    pairs = []
    for value in values:
        fmt, sep, path = value.partition("=")
        if not sep or not path or fmt not in WRITERS:
            raise click.BadParameter(f"{inert(value)!r}: expected FORMAT=FILE, FORMAT one of "
                                     f"{', '.join(sorted(WRITERS))}")
        pairs.append((fmt, path))
    return tuple(pairs)


@main.command("audit")
@click.argument("paths", nargs=-1, required=True)
@report_options(fail_on="error")
@click.option("--also", "also", multiple=True, metavar="FORMAT=FILE", callback=_also_outputs,
              help="Also write the same report in another format to a file (repeatable), e.g. "
                   "--also md=summary.md: one audit, several outputs.")
@click.option("--max-bytes", type=int, help="Largest article accepted (default 10 MiB).")
@click.option("--claims", "claims_paths", multiple=True, type=click.Path(),
              help="Reviewed claim files (or a directory of them): their design facts and "
                   "decisions apply to the articles they name (repeatable).")
@click.option("--dask", "dask_scheduler", metavar="SCHEDULER",
              help="Run each article's checks on a Dask cluster (an address, or 'local'); the "
                   "evidence is still fetched once, here.")
@evidence_options
def audit_command(paths: tuple[str, ...], fmt: str, out: str | None, fail_on: str,
                  claims_paths: tuple[str, ...], baseline_path: str | None, dask_scheduler: str | None,
                  also: tuple[tuple[str, str], ...] = (), **flags: Any) -> None:
    """Audit articles (files, directories, web pages by URL, or - for stdin).

    Example: verifier audit seeds/ --cassette cassettes/seeds.yaml --claims claims/
    A URL (http:// or https://) is fetched once (HTML only, size-capped by --max-bytes, at most
    5 redirects) and audited like the saved page.
    """

    def run() -> int:
        settings = _settings(fail_on=fail_on, **flags)
        files = _claim_files(claims_paths)
        if fmt == "jsonl" and out and not dask_scheduler and baseline_path is None and not also:
            return _audit_streaming(list(paths), settings, files, out)
        if dask_scheduler:
            from verifier.distributed import audit_on_dask

            reviewed = {article: f.reviewer_input() for article, f in files.items()}
            report = audit_on_dask(list(paths), settings, dask_scheduler, reviewed=reviewed)
        else:
            report = _audit_with_progress(list(paths), settings, files)
        report = _with_baseline(report, baseline_path)
        _write(report, fmt, out)
        for extra, path in also:
            _write(report, extra, path)
        _warn_stale(files, report)
        return exit_code(report, settings.fail_threshold, settings.require_evidence)

    _guarded(run)


def _audit_streaming(paths: list[str], settings: Settings, files: dict[str, claimfile.ClaimFile],
                     out: str) -> int:
    """JSON Lines for big batches: the evidence for every article first (deduplicated and
    batched), then each article is checked, written and let go, so memory does not grow with
    the number of articles' reports."""
    global _TRACKER
    reviewed = {article: f.reviewer_input() for article, f in files.items()}
    _TRACKER = Tracker(None)
    tasks = deque(gather_evidence(load_articles(paths, settings), settings, _TRACKER, reviewed=reviewed))
    totals, worst, unverified = Totals(), 0, False
    try:
        with atomic_stream(Path(out), "--out") as stream:
            while tasks:
                report = check_article(tasks.popleft())
                stream.write(article_line(report) + "\n")
                totals.add(report)
                worst = max([worst, *(f.severity.rank for f in report.findings)])
                unverified = unverified or any(c.status == CitationStatus.unverified for c in report.citations)
            stream.write(totals.line() + "\n")
    except OSError as exc:
        raise UsageError(f"--out {out}: cannot write ({exc.strerror or exc})") from exc
    return _exit_for(worst, unverified, settings.fail_threshold, settings.require_evidence)


def _with_baseline(report: Report, path: str | None) -> Report:
    if path is None:
        return report
    report, stale = baseline.apply(report, baseline.load(path))
    suppressed = sum(len(a.baselined) for a in report.articles)
    new = sum(len(a.findings) for a in report.articles)
    _say(f"verifier: baseline {path}: {suppressed} known, {new} new, {len(stale)} stale")
    for entry in stale:
        _say(f"verifier: stale baseline entry: {entry.path}: {entry.code} ({entry.fingerprint}) "
             "matches no current finding")
    return report


@main.group("baseline")
def baseline_group() -> None:
    """Record the current findings so that CI reports only new ones."""


@baseline_group.command("create")
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--out", required=True, type=click.Path(dir_okay=False), help="Baseline file to write.")
@click.option("--claims", "claims_paths", multiple=True, type=click.Path(),
              help="Reviewed claim files (or a directory of them) to apply first.")
@evidence_options
def baseline_create(paths: tuple[str, ...], out: str, claims_paths: tuple[str, ...], **flags: Any) -> None:
    """Audit PATHS and write every current finding's fingerprint to a baseline file.

    Example: verifier baseline create seeds/ --cassette cassettes/seeds.yaml -o verifier-baseline.json
    """

    def run() -> int:
        settings = _settings(**flags)
        report = _audit_with_progress(list(paths), settings, _claim_files(claims_paths))
        made = baseline.from_report(report)
        baseline.save(made, out)
        _say(f"wrote {out}: {len(made.entries)} findings in {len(report.articles)} articles")
        return EXIT_OK

    _guarded(run)


def _claim_files(paths: tuple[str, ...]) -> dict[str, claimfile.ClaimFile]:
    """Claim files by the article path they name."""
    found: dict[str, claimfile.ClaimFile] = {}
    for item in paths:
        path = Path(item)
        if not path.exists():
            raise UsageError(f"--claims {item}: no such file or directory")
        for name in sorted(path.glob("*.yaml")) if path.is_dir() else [path]:
            loaded = claimfile.load(str(name))
            found[loaded.article] = loaded
    return found


def _audit_with_progress(paths: list[str], settings: Any,
                         files: dict[str, claimfile.ClaimFile]) -> Report:
    global _TRACKER
    reviewed = {article: f.reviewer_input() for article, f in files.items()}
    err = Console(stderr=True)
    if err.is_terminal:
        with ProgressBar(err) as bar:
            _TRACKER = Tracker(bar)
            return audit(paths, settings, progress=_TRACKER, reviewed=reviewed)
    _TRACKER = Tracker(None)
    return audit(paths, settings, progress=_TRACKER, reviewed=reviewed)


class Tracker:
    """Remembers how far a run got, for the message an interrupted run prints."""

    def __init__(self, inner: ProgressBar | None) -> None:
        self.inner = inner
        self.last = "starting"
        self.done = self.total = 0

    def message(self, text: str) -> None:
        self.last = text
        if self.inner is not None:
            self.inner.message(text)

    def fetched(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        if self.inner is not None:
            self.inner.fetched(done, total)

    def summary(self) -> str:
        return f"{self.done} of {self.total} records fetched; last step: {self.last}"


_TRACKER: Tracker | None = None


def _warn_stale(files: dict[str, claimfile.ClaimFile], report: Report) -> None:
    for article in report.articles:
        claim_file = files.get(article.path)
        if claim_file is None:
            continue
        if claim_file.article_sha256 != claimfile.sha256_of(article.path):
            _say(f"verifier: note: {article.path} changed since its claim file was extracted")
        for stale in claimfile.stale_reviews(claim_file, article):
            _say(f"verifier: warning: {article.path}: review of {stale.code} "
                 f"({stale.fingerprint}) matches no current finding")


@main.command("extract")
@click.argument("article")
@click.option("-o", "--out", required=True, type=click.Path(dir_okay=False),
              help="Claim file to write, e.g. claims/NAME.yaml.")
@click.option("--force", is_flag=True, help="Regenerate a reviewed file (reviews are carried over).")
@evidence_options
def extract_command(article: str, out: str, force: bool, **flags: Any) -> None:
    """Write an article's claims, citations, designs and findings to a claim file for review.

    Example: verifier extract seeds/000_c01f6e6ce9b21b39.txt -o claims/000.yaml --cassette cassettes/seeds.yaml
    """

    def run() -> int:
        settings = _settings(**flags)
        previous = _previous_claim_file(out, force)
        report = _audit_with_progress([article], settings, previous)
        if len(report.articles) != 1:
            raise UsageError(f"{article}: extract takes one article file")
        note = claimfile.write(claimfile.from_report(report.articles[0]), out, force)
        found = report.articles[0]
        _say(f"wrote {out}: {len(found.claims)} claims, {len(found.citations)} citations, "
             f"{len(found.findings)} findings" + (f"; {note}" if note else ""))
        return EXIT_OK

    _guarded(run)


def _previous_claim_file(path: str, force: bool) -> dict[str, claimfile.ClaimFile]:
    """The reviewed file being regenerated: its design facts apply to the new extract."""
    if not Path(path).exists():
        return {}
    try:
        return _claim_files((path,))
    except VerifierError:
        if force:
            return {}
        raise


@main.command("check")
@click.argument("claim_files", nargs=-1, required=True)
@report_options(fail_on="warning")
@evidence_options
def check_command(claim_files: tuple[str, ...], fmt: str, out: str | None, fail_on: str,
                  baseline_path: str | None, **flags: Any) -> None:
    """Re-verify reviewed claim files (the CI path): dismissed findings stay dismissed.

    Example: verifier check claims/ --cassette cassettes/seeds.yaml
    """

    def run() -> int:
        settings = _settings({"fail_on": "warning"}, fail_on=fail_on, **flags)
        files = _claim_files(claim_files)
        report = _with_baseline(_audit_with_progress(list(files), settings, files), baseline_path)
        _write(report, fmt, out)
        _warn_stale(files, report)
        return exit_code(report, settings.fail_threshold, settings.require_evidence)

    _guarded(run)


@main.command("strength")
@click.argument("sentence", required=False)
def strength_command(sentence: str | None) -> None:
    """Claim strength 0-3 of a sentence and its cues; with no argument, one sentence per line
    from stdin, one JSON object per line out.

    Example: verifier strength "MSC therapy has been shown to restore cartilage."
    """

    def run() -> int:
        if sentence is not None:
            level, cues = strength(sentence)
            click.echo(f"strength {level} ({STRENGTH_NAMES[level]})")
            for cue in cues:
                click.echo(f"  {cue.kind.value:<14} {cue.text}")
            return EXIT_OK
        for line in sys.stdin:
            text = line.rstrip("\n")
            level, cues = strength(text)
            click.echo(json.dumps({"sentence": text, "strength": level,
                                   "cues": [{"kind": c.kind.value, "text": c.text} for c in cues]},
                                  ensure_ascii=False))
        return EXIT_OK

    _guarded(run)


class ProgressBar:
    """Records fetched so far, as a rich progress bar on stderr, with the current request."""

    def __init__(self, console: Console) -> None:
        self._bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                             MofNCompleteColumn(), console=console, transient=True)
        self._task = self._bar.add_task("auditing", total=None)

    def __enter__(self) -> ProgressBar:
        self._bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.stop()

    def message(self, text: str) -> None:
        self._bar.update(self._task, description=text)

    def fetched(self, done: int, total: int) -> None:
        self._bar.update(self._task, completed=done, total=total)


def _write(report: Report, fmt: str, out: str | None) -> None:
    if fmt == "text" and out is None:
        render(report, Console(highlight=False))
        return
    text = WRITERS[fmt](report)
    if out is None:
        click.echo(text, nl=False)
        return
    try:
        write_atomic(Path(out), text, "--out")
    except OSError as exc:
        raise UsageError(f"--out {out}: cannot write ({exc.strerror or exc})") from exc


def exit_code(report: Report, fail_on: Severity | None, require_evidence: bool) -> int:
    worst = max((f.severity.rank for a in report.articles for f in a.findings), default=0)
    unverified = any(c.status == CitationStatus.unverified for a in report.articles for c in a.citations)
    return _exit_for(worst, unverified, fail_on, require_evidence)


def _exit_for(worst: int, unverified: bool, fail_on: Severity | None, require_evidence: bool) -> int:
    """Exit 3 for missing evidence when it was required, else 1 at or above --fail-on, else 0."""
    if require_evidence and unverified:
        return EXIT_NO_EVIDENCE
    return EXIT_FINDINGS if fail_on is not None and worst >= fail_on.rank else EXIT_OK


@main.command("fetch")
@click.argument("identifier")
@evidence_options
def fetch_command(identifier: str, **flags: Any) -> None:
    """Print the parsed PubMed record for a PMID, DOI or PMCID as JSON.

    Example: verifier fetch 37834955 --cassette cassettes/seeds.yaml
    """

    def run() -> int:
        from verifier.citations import extract_ids
        from verifier.models import Citation, Span
        from verifier.resolve import resolve

        text = identifier.strip()
        ids = extract_ids(f"PMID: {text}" if text.isdigit() else text)
        if not (ids.pmid or ids.doi or ids.pmcid):
            raise UsageError(f"{identifier!r} is not a PMID, DOI or PMCID")
        citation = Citation(id="c1", printed=text, span=Span(start=0, end=len(text), line=1),
                            pmid=ids.pmid, doi=ids.doi, pmcid=ids.pmcid)
        settings = _settings(**flags)
        with evidence_source(settings) as source:
            resolution = resolve([citation], source)[0]
        if resolution.record is None:
            _say(f"verifier: {identifier}: {resolution.status.replace('_', ' ')}"
                 f"{': ' + resolution.reason if resolution.reason else ''}")
            return EXIT_NO_EVIDENCE if resolution.status == "unavailable" else EXIT_FINDINGS
        click.echo(resolution.record.model_dump_json(indent=2))
        return EXIT_OK

    _guarded(run)


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "md"]), default="text", show_default=True,
              help="md writes the rules reference (docs/rules.md).")
def rules_command(fmt: str) -> None:
    """List every rule: code, name, severity and what it checks."""
    if fmt == "md":
        click.echo(rules_markdown(), nl=False)
        return
    for code, spec in sorted(RULES.items()):
        click.echo(f"{code}  {spec.name:<32} {spec.severity.value:<8} {spec.summary}")


@main.group("mirror")
def mirror_group() -> None:
    """A local PubMed mirror built from baseline and update files (no network when auditing)."""


@mirror_group.command("import")
@click.argument("files", nargs=-1, required=True)
@click.option("--mirror", "mirror_path", type=click.Path(dir_okay=False),
              help="The mirror's SQLite file (default: the user data folder).")
def mirror_import(files: tuple[str, ...], mirror_path: str | None) -> None:
    """Stream PubMed XML files (.xml or .xml.gz, baseline then updates, in order) into the mirror.

    Example: verifier mirror import pubmed25n0001.xml.gz pubmed25n1275.xml.gz
    """

    def run() -> int:
        settings = load_settings(mirror_path=mirror_path)
        mirror = Mirror(settings.mirror_path)
        try:
            for name in files:
                done = mirror.import_file(name)
                if done.skipped:
                    _say(f"{name}: already imported, skipped")
                else:
                    rate = done.records / done.seconds if done.seconds else 0.0
                    _say(f"{name}: {done.records:,} records, {done.deleted:,} deleted, "
                         f"{done.seconds:.1f} s ({rate:,.0f} records/s)")
            held = mirror.stats()
        finally:
            mirror.close()
        _say(f"mirror {settings.mirror_path}: {held['records']:,} records from {held['files']} files")
        return EXIT_OK

    _guarded(run)


@main.command("config")
@click.option("--show", is_flag=True, required=True, help="Print each setting and where it came from.")
def config_command(show: bool) -> None:
    """Show the settings in force: defaults, config file, environment (flags override them).

    Example: verifier config --show
    """

    def run() -> int:
        settings = load_settings()
        where = find_config()
        click.echo(f"# config file: {where or 'none found'}")
        shown = ["email", "api_key", "eutils_url", "idconv_url", "cache_path", "max_bytes", "fail_on",
                 "require_evidence", "offline", "enable_rules", "disable_rules", "small_sample", "spun_article_at"]
        for name in shown:
            value = getattr(settings, name)
            if name == "api_key" and value:
                value = "(set, not shown)"
            if name == "email" and value:
                value = _masked_email(str(value))
            key = next((k for k, v in FILE_KEYS.items() if v == name), name.replace("_", "-"))
            click.echo(f"{key} = {value!s}  ({settings.sources.get(name, 'default')})")
        return EXIT_OK

    _guarded(run)


def _masked_email(address: str) -> str:
    user, _, domain = address.partition("@")
    return f"{user[:1]}***@{domain}" if domain else "***"


@main.command("explain")
@click.argument("code")
def explain_command(code: str) -> None:
    """Show one rule with its rationale. Example: verifier explain C110"""
    spec = RULES.get(code.upper())
    if spec is None:
        _fail(f"no rule {code!r}; see 'verifier rules'")
        return
    click.echo(f"{spec.code} {spec.name} ({spec.severity.value}, confidence {spec.confidence.value})")
    click.echo(spec.summary)
    click.echo("")
    click.echo(spec.rationale)
    click.echo("")
    click.echo(f"Example: {spec.example}")
