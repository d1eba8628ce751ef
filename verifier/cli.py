"""The command line: parse options, call the library (`verifier.runner`), pick a writer, map
errors to exit codes.

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 bad usage or nothing
readable; 3 evidence unavailable when it is required (`check`, the hook, --require-evidence).

Only click is imported at the top: the pipeline, pydantic (through the models and the error
tree), rich, the report writers and the evidence layers are imported inside the commands (and the
option callbacks) that need them, so `verifier --version` and `--help` load click and nothing
else of weight (tests/test_startup.py lists what each kind of work loads).
"""

from __future__ import annotations

import json
import sys
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from verifier import __version__

if TYPE_CHECKING:
    from verifier.models import Report
    from verifier.progress import Tracker
    from verifier.runner import ClaimFiles, Notes
    from verifier.settings import Settings

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_NO_EVIDENCE = 0, 1, 2, 3
FAIL_ON = ("error", "warning", "info", "never")
FORMATS = ("concise", "github", "html", "json", "jsonl", "md", "sarif", "text")


@dataclass
class _Run:
    """Options every command shares (-q, -v, --config), wherever they were given."""

    verbosity: int = 0
    config: str | None = None
    tracker: Tracker | None = None


_RUN = _Run()


def _inert(message: str) -> str:
    from verifier.report.sanitise import inert

    return inert(message)


def _say(message: str) -> None:
    """One line on stderr, escaped: it may carry file names, codes or server text, and CI logs
    read a line that starts with `::` as a workflow command."""
    click.echo(_inert(message), err=True)


def _note(message: str) -> None:
    if _RUN.verbosity >= 0:
        _say(message)


def _fail(message: str, code: int = EXIT_USAGE) -> None:
    _say(f"verifier: error: {message}")
    sys.exit(code)


def _guarded(action: Callable[[], int]) -> None:
    """Run a command; our errors become one line on stderr and an exit code, never a traceback."""
    from verifier.errors import EvidenceError, UsageError, VerifierError

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
        done = f": {_RUN.tracker.summary()}" if _RUN.tracker is not None else ""
        _fail(f"interrupted{done}; the cache keeps every record fetched", 130)
    sys.exit(code)


def _set_quiet(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        _RUN.verbosity = -1


def _set_verbose(ctx: click.Context, param: click.Parameter, value: int) -> None:
    if value:
        _RUN.verbosity = value


def _set_config(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None:
        _RUN.config = value


def shared_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """-q, -v and --config, accepted before the command name and after it."""
    options = [
        click.option("-q", "--quiet", is_flag=True, expose_value=False, callback=_set_quiet,
                     help="Only the report, warnings and errors: no progress, no notes."),
        click.option("-v", "--verbose", count=True, expose_value=False, callback=_set_verbose,
                     help="Say more on stderr: the settings' sources, and a progress line per step."),
        click.option("--config", "config_path", type=click.Path(dir_okay=False), expose_value=False,
                     callback=_set_config, is_eager=True,
                     help="Read settings from this TOML file instead of the verifier.toml or "
                          "pyproject.toml found above the working folder."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


class _Group(click.Group):
    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        global _RUN
        _RUN = _Run()  # each invocation starts quiet-free (tests invoke many in one process)
        return super().make_context(info_name, args, parent, **extra)


def entry() -> None:
    """The console command (`verifier`, `python -m verifier`): main, then a quick exit."""
    from verifier.collector import run_then_freeze

    run_then_freeze(main)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(version=__version__)  # not package_name=: importlib.metadata costs 50 ms
@shared_options
def main() -> None:
    """Check health and science articles: citations against PubMed, claims against the cited designs."""


def evidence_options(command: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option("--cassette", type=click.Path(dir_okay=False),
                     help="Record or replay every PubMed exchange in this vcrpy cassette."),
        click.option("--record-mode", type=click.Choice(["none", "once", "new_episodes", "all"]),
                     default=None, help="Cassette mode (default none: replay only). Recording needs "
                                        "the network: a citation it could not record is an error."),
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
        click.option("--no-crossref", "no_crossref", is_flag=True,
                     help="Do not ask Crossref about DOIs (or VERIFIER_CROSSREF=off)."),
    ]
    for option in reversed(options):
        command = option(command)
    return shared_options(command)


def _codes(values: tuple[str, ...]) -> tuple[str, ...] | None:
    """Codes from repeatable, comma-separated flags (`--select C1,S21 --select T3`)."""
    codes = tuple(c.strip().upper() for v in values for c in v.split(",") if c.strip())
    return codes or None


def selection_options(command: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option("--select", multiple=True, metavar="CODES",
                     help="Check only these rule codes or prefixes (C1, S21, T302; comma-separated, "
                          "repeatable); replaces the config's selection."),
        click.option("--ignore", multiple=True, metavar="CODES",
                     help="Skip these rule codes or prefixes (comma-separated, repeatable)."),
        click.option("--extend-select", multiple=True, metavar="CODES",
                     help="Add these codes or prefixes to the selection (comma-separated, repeatable)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _settings(defaults: dict[str, object] | None = None, **flags: Any) -> Settings:
    from verifier.settings import load_settings

    no_cache = flags.pop("no_cache", False)
    if flags.pop("strict_evidence", False):
        flags["require_evidence"] = True
    records = flags.pop("records", ())
    no_crossref = flags.pop("no_crossref", False)
    for flag, name in (("select", "enable_rules"), ("ignore", "disable_rules"), ("extend_select", "extend_select")):
        if flag in flags:
            flags[name] = _codes(flags.pop(flag))
    for name in ("cassette", "mirror_path"):
        if flags.get(name):
            flags[name] = str(Path(flags[name]).expanduser())
    settings = load_settings(defaults, config=_RUN.config, use_cache=False if no_cache else None,
                             records=tuple(records) or None, crossref=False if no_crossref else None, **flags)
    if _RUN.verbosity > 0:
        for name, source in sorted(settings.sources.items()):
            _say(f"verifier: setting {name} from {source}")
    return settings


def report_options(fail_on: str, require_evidence: bool = False
                   ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--format, --out, --fail-on, --require-evidence, --baseline and --statistics; `fail_on` is
    this command's default when neither the flag, the config file nor the environment sets it."""
    evidence_default = "on for this command" if require_evidence else "off"
    options = [
        click.option("--format", "fmt", type=click.Choice(FORMATS), default="text",
                     show_default=True, help="Report format; concise is one line per finding."),
        click.option("--out", type=click.Path(dir_okay=False), help="Write the report here, not stdout."),
        click.option("--fail-on", type=click.Choice(FAIL_ON), default=None,
                     help=f"Exit 1 when a finding (not dismissed by a reviewer) is at or above this "
                          f"severity [default: config file, else {fail_on}]."),
        click.option("--require-evidence/--allow-missing-evidence", "require_evidence", default=None,
                     help=f"Exit 3 when any citation could not be verified (no network, no record) "
                          f"[default: config file, else {evidence_default}]."),
        click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False),
                     help="Findings recorded by 'verifier baseline create' are not reported; "
                          "entries that match nothing are listed as stale."),
        click.option("--statistics", is_flag=True,
                     help="Print the number of findings per rule code instead of the report "
                          "(the report still goes to --out)."),
        click.option("--strict-evidence", is_flag=True, help="Same as --require-evidence."),
    ]

    def apply(command: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed(options):
            command = option(command)
        return command

    return apply


def _tracker() -> Tracker:
    """A progress bar on a terminal; in a log, a line now and then (every step with -v)."""
    from rich.console import Console

    from verifier.progress import Tracker, progress_bar

    err = Console(stderr=True)
    if _RUN.verbosity < 0:
        _RUN.tracker = Tracker()
    elif err.is_terminal:
        _RUN.tracker = Tracker(progress_bar(err))
    else:
        _RUN.tracker = Tracker(say=_say, every=0.0 if _RUN.verbosity > 0 else 10.0)
    return _RUN.tracker


def _audited(paths: list[str], settings: Settings, claims: ClaimFiles | None = None,
             baseline_path: str | None = None, dask: str | None = None, jobs: int = 1) -> Report:
    from verifier.runner import run_audit

    tracker = _tracker()
    if tracker.bar is not None:
        with tracker.bar:
            outcome = run_audit(paths, settings, claims, tracker, baseline_path, dask, jobs)
    else:
        outcome = run_audit(paths, settings, claims, tracker, baseline_path, dask, jobs)
    _print_notes(outcome.notes)
    return outcome.report


def _print_notes(notes: Notes) -> None:
    for line in notes.notes:
        _note(line)
    for line in notes.warnings:
        _say(line)


def _claims(paths: tuple[str, ...]) -> ClaimFiles:
    from verifier.runner import load_claim_files

    return load_claim_files(paths)


def _also_outputs(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """--also FORMAT=FILE, checked: the format is a writer's and the file is named."""
    if not values:  # the writers (and the rule registry SARIF lists) load only when asked for
        return ()
    from verifier.report import WRITERS

    pairs = []
    for value in values:
        fmt, sep, path = value.partition("=")
        if not sep or not path or fmt not in WRITERS:
            raise click.BadParameter(f"{_inert(value)!r}: expected FORMAT=FILE, FORMAT one of "
                                     f"{', '.join(sorted(WRITERS))}")
        pairs.append((fmt, path))
    return tuple(pairs)


@main.command("audit")
@click.argument("paths", nargs=-1, required=True)
@report_options(fail_on="error")
@selection_options
@click.option("--also", "also", multiple=True, metavar="FORMAT=FILE", callback=_also_outputs,
              help="Also write the same report in another format to a file (repeatable), e.g. "
                   "--also md=summary.md: one audit, several outputs.")
@click.option("--max-bytes", type=int, help="Largest article accepted (default 10 MiB).")
@click.option("--claims", "claims_paths", multiple=True, type=click.Path(),
              help="Reviewed claim files (or a directory of them): their design facts and "
                   "decisions apply to the articles they name (matched by resolved path; repeatable).")
@click.option("--dask", "dask_scheduler", metavar="SCHEDULER",
              help="Run each article's checks on a Dask cluster (an address, or 'local'); the "
                   "evidence is still fetched once, here.")
@click.option("--jobs", "jobs_option", metavar="N|auto", default="1", show_default=True,
              help="Read and check articles in N worker processes ('auto': one per core); the "
                   "fetch stays in this one. Same report; pays on big batches (hundreds of "
                   "articles), most with --format jsonl --out.")
@evidence_options
def audit_command(paths: tuple[str, ...], fmt: str, out: str | None, statistics: bool,
                  claims_paths: tuple[str, ...], baseline_path: str | None, dask_scheduler: str | None,
                  jobs_option: str = "1", also: tuple[tuple[str, str], ...] = (), **flags: Any) -> None:
    """Audit articles (files, directories, web pages by URL, or - for stdin).

    Example: verifier audit seeds/ --cassette cassettes/seeds.yaml --claims claims/

    A URL (http:// or https://) is fetched once (HTML only, size-capped by --max-bytes, at most
    5 redirects) and audited like the saved page. A file that cannot be read is an X901 error in
    the report; the run exits 2 only when no file could be read.
    """

    def run() -> int:
        from verifier.errors import UsageError
        from verifier.parallel import jobs_wanted
        from verifier.runner import exit_code

        settings = _settings(**flags)
        claims = _claims(claims_paths)
        jobs = jobs_wanted(jobs_option)
        if jobs > 1 and dask_scheduler:
            raise UsageError("--jobs and --dask: choose one (on Dask, the cluster's workers check the articles)")
        if (fmt == "jsonl" and out and not dask_scheduler and baseline_path is None and not statistics
                and not also):
            return _streamed(list(paths), settings, claims, out, jobs)
        report = _audited(list(paths), settings, claims, _home(baseline_path), dask_scheduler, jobs)
        _report(report, fmt, _home(out), statistics)
        for extra, path in also:
            _write(report, extra, _home(path))
        return exit_code(report, settings)

    _guarded(run)


def _home(path: str | None) -> str | None:
    return str(Path(path).expanduser()) if path else None


def _streamed(paths: list[str], settings: Settings, claims: ClaimFiles, out: str, jobs: int = 1) -> int:
    from verifier.atomic import atomic_stream
    from verifier.errors import UsageError
    from verifier.runner import exit_for, stream_jsonl

    tracker = _tracker()
    target = Path(out).expanduser()
    try:
        with atomic_stream(target, "--out") as stream:
            if tracker.bar is not None:
                with tracker.bar:
                    done = stream_jsonl(paths, settings, claims, stream, tracker, jobs)
            else:
                done = stream_jsonl(paths, settings, claims, stream, tracker, jobs)
    except OSError as exc:
        raise UsageError(f"--out {out}: cannot write ({exc.strerror or exc})") from exc
    _print_notes(done.notes)
    return exit_for(done.worst, done.unverified, settings)


@main.group("baseline")
def baseline_group() -> None:
    """Record the current findings so that CI reports only new ones."""


@baseline_group.command("create")
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--out", required=True, type=click.Path(dir_okay=False), help="Baseline file to write.")
@click.option("--claims", "claims_paths", multiple=True, type=click.Path(),
              help="Reviewed claim files (or a directory of them) to apply first.")
@selection_options
@evidence_options
def baseline_create(paths: tuple[str, ...], out: str, claims_paths: tuple[str, ...], **flags: Any) -> None:
    """Audit PATHS and write every current finding's fingerprint to a baseline file.

    Example: verifier baseline create seeds/ --cassette cassettes/seeds.yaml -o verifier-baseline.json
    """

    def run() -> int:
        from verifier import baseline

        settings = _settings(**flags)
        report = _audited(list(paths), settings, _claims(claims_paths))
        made = baseline.from_report(report)
        baseline.save(made, str(Path(out).expanduser()))
        _note(f"wrote {out}: {len(made.entries)} findings in {len(report.articles)} articles")
        return EXIT_OK

    _guarded(run)


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
        from verifier import claimfile
        from verifier.errors import UsageError

        settings = _settings(**flags)
        target = str(Path(out).expanduser())
        report = _audited([article], settings, _previous_claim_file(target, force))
        if len(report.articles) != 1 or any(f.code == "X901" for f in report.articles[0].findings):
            raise UsageError(f"{article}: extract takes one readable article file")
        note = claimfile.write(claimfile.from_report(report.articles[0]), target, force)
        found = report.articles[0]
        _note(f"wrote {out}: {len(found.claims)} claims, {len(found.citations)} citations, "
              f"{len(found.findings)} findings" + (f"; {note}" if note else ""))
        return EXIT_OK

    _guarded(run)


def _previous_claim_file(path: str, force: bool) -> ClaimFiles:
    """The reviewed file being regenerated: its design facts apply to the new extract."""
    from verifier.errors import VerifierError
    from verifier.runner import ClaimFiles

    if not Path(path).exists():
        return ClaimFiles()
    try:
        return _claims((path,))
    except VerifierError:
        if force:
            return ClaimFiles()
        raise


@main.command("check")
@click.argument("claim_files", nargs=-1, required=True)
@report_options(fail_on="warning", require_evidence=True)
@selection_options
@evidence_options
def check_command(claim_files: tuple[str, ...], fmt: str, out: str | None, statistics: bool,
                  baseline_path: str | None, **flags: Any) -> None:
    """Re-verify reviewed claim files (the CI path): dismissed findings stay dismissed, and a
    citation whose evidence could not be had exits 3. Each article must lie inside the working
    folder or the claim file's git repository.

    Example: verifier check claims/ --cassette cassettes/seeds.yaml
    """

    def run() -> int:
        from verifier.runner import exit_code, require_articles_inside

        settings = _settings({"fail_on": "warning", "require_evidence": True}, **flags)
        claims = _claims(claim_files)
        require_articles_inside(claims, Path.cwd())
        paths = [entry.display_path for entry in claims.entries]
        report = _audited(paths, settings, claims, _home(baseline_path))
        _report(report, fmt, _home(out), statistics)
        return exit_code(report, settings)

    _guarded(run)


@main.command("strength")
@click.argument("sentence", required=False)
def strength_command(sentence: str | None) -> None:
    """Claim strength 0-3 of a sentence and its cues; with no argument, one sentence per line
    from stdin, one JSON object per line out.

    Example: verifier strength "MSC therapy has been shown to restore cartilage."
    """

    def run() -> int:
        from verifier.language import STRENGTH_NAMES, strength

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


def _report(report: Report, fmt: str, out: str | None, statistics: bool) -> None:
    if statistics:
        click.echo(statistics_text(report), nl=False)
        if out is None:
            return
    _write(report, fmt, out)


def statistics_text(report: Report) -> str:
    """One line per rule code: count, code, name, severity (as `ruff --statistics`)."""
    from collections import Counter

    counts = Counter((f.code, f.name, f.severity.value) for a in report.articles for f in a.findings)
    lines = [f"{n:>5}  {code}  {name} [{level}]"
             for (code, name, level), n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
    return "\n".join(lines) + ("\n" if lines else "")


def _write(report: Report, fmt: str, out: str | None) -> None:
    from verifier.atomic import atomic_stream
    from verifier.errors import UsageError

    if fmt == "text" and out is None:
        from rich.console import Console

        from verifier.report.text import render

        console = Console(highlight=False)
        if not console.is_terminal:  # piped: never hard-wrapped, one finding per line
            console = Console(highlight=False, soft_wrap=True, width=200)
        render(report, console)
        return
    from verifier.report import WRITERS
    from verifier.report.json_report import json_chunks

    chunks = json_chunks(report) if fmt == "json" else iter((WRITERS[fmt](report),))  # JSON: never whole in memory
    if out is None:
        for chunk in _batched(chunks):
            click.echo(chunk, nl=False)
        return
    try:
        with atomic_stream(Path(out), "--out") as stream:
            stream.writelines(_batched(chunks))
    except OSError as exc:
        raise UsageError(f"--out {out}: cannot write ({exc.strerror or exc})") from exc


def _batched(chunks: Iterator[str], size: int = 1 << 16) -> Iterator[str]:
    """The pieces joined into texts of about `size` characters (one write each)."""
    held: list[str] = []
    length = 0
    for chunk in chunks:
        held.append(chunk)
        length += len(chunk)
        if length >= size:
            yield "".join(held)
            held, length = [], 0
    if held:
        yield "".join(held)


@main.command("fetch")
@click.argument("identifier")
@evidence_options
def fetch_command(identifier: str, **flags: Any) -> None:
    """Print the parsed PubMed record for a PMID, DOI or PMCID as JSON.

    Example: verifier fetch 37834955 --cassette cassettes/seeds.yaml
    """

    def run() -> int:
        from verifier.runner import lookup

        resolution = lookup(identifier, _settings(**flags))
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
    from verifier.checks.registry import RULES
    from verifier.docs import rules_markdown
    from verifier.settings import known_codes

    known_codes()
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
        from verifier.evidence.mirror import Mirror
        from verifier.ingest import regular_file
        from verifier.settings import load_settings

        settings = load_settings(config=_RUN.config, mirror_path=mirror_path)
        for name in files:
            regular_file(name)
        mirror = Mirror(settings.mirror_path, _note)
        try:
            for name, done in zip(files, mirror.import_files(list(files)), strict=True):
                if done.skipped:
                    _note(f"{name}: already imported, skipped")
                else:
                    rate = done.records / done.seconds if done.seconds else 0.0
                    _note(f"{name}: {done.records:,} records, {done.deleted:,} deleted, "
                          f"{done.seconds:.1f} s ({rate:,.0f} records/s)")
            held = mirror.stats()
        finally:
            mirror.close()
        _note(f"mirror {settings.mirror_path}: {held['records']:,} records from {held['files']} files")
        return EXIT_OK

    _guarded(run)


@main.command("config")
@click.option("--show", is_flag=True, required=True, help="Print each setting and where it came from.")
@shared_options
def config_command(show: bool) -> None:
    """Show the settings in force: defaults, config file, environment (flags override them).

    Example: verifier config --show
    """

    def run() -> int:
        from verifier.settings import FILE_KEYS, RULE_KEYS, find_config, load_settings

        settings = load_settings(config=_RUN.config)
        where = Path(_RUN.config) if _RUN.config else find_config()
        click.echo(f"# config file: {where or 'none found'}")
        shown = ["email", "api_key", "eutils_url", "idconv_url", "cache_path", "max_bytes", "fail_on",
                 "require_evidence", "offline", "enable_rules", "disable_rules", "small_sample", "spun_article_at",
                 "extend_select", "per_file_ignores", "severity", "include", "exclude", "deadline",
                 "max_answer_bytes", "max_retry_wait", "cache_max_age_days", "crossref", "crossref_url",
                 "crossref_cassette"]
        keys = {**{v: k for k, v in FILE_KEYS.items()}, **{v: f"rules.{k}" for k, v in RULE_KEYS.items()
                                                          if k in ("select", "ignore", "extend-select")},
                "per_file_ignores": "rules.per-file-ignores", "severity": "rules.severity"}
        for name in shown:
            value = getattr(settings, name)
            if name == "api_key" and value:
                value = "(set, not shown)"
            if name == "email" and value:
                value = _masked_email(str(value))
            click.echo(f"{keys.get(name, name.replace('_', '-'))} = {value!s}  "
                       f"({settings.sources.get(name, 'default')})")
        return EXIT_OK

    _guarded(run)


def _masked_email(address: str) -> str:
    user, _, domain = address.partition("@")
    return f"{user[:1]}***@{domain}" if domain else "***"


@main.command("explain")
@click.argument("code")
def explain_command(code: str) -> None:
    """Show one rule with its rationale. Example: verifier explain C110"""
    from verifier.checks.registry import RULES
    from verifier.settings import known_codes

    known_codes()
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
