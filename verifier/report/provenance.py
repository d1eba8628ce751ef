"""What a report says about itself: the tool version, when it ran, where its evidence came from,
and what each article is called. A report is read by people who did not run it (an editor gets
the HTML file), so it has to say this itself."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from urllib.parse import urlsplit, urlunsplit

from verifier.evidence.eutils.snapshot import is_reconstructed
from verifier.models import Article, RunInfo
from verifier.settings import Settings

TITLE_LONGEST = 150
_HEADING_MARKS = re.compile(r"^\s*#{1,6}\s+|\s+#+\s*$")
_SENTENCE_END = re.compile(r"[.!?:;,]$")


def run_info(settings: Settings) -> RunInfo:
    from verifier import __version__

    return RunInfo(tool_version=__version__, created=datetime.now(UTC).isoformat(timespec="seconds"),
                   evidence=evidence_source(settings), reconstructed=_replays_reconstructed(settings))


def evidence_source(settings: Settings) -> str:
    """The source `open_source` opens for these settings, in plain words (same order of choice)."""
    if settings.records:
        return "local records file" + ("s" if len(settings.records) > 1 else "") + ": " + ", ".join(settings.records)
    if settings.source == "mirror":
        return f"local PubMed mirror {settings.mirror_path}"
    if settings.offline and settings.cassette is None:
        return "none: run offline, so no citation could be checked against a record"
    if settings.cassette is not None and settings.record_mode == "none":
        return f"evidence snapshot {settings.cassette}, replayed (no network)"
    live = f"PubMed E-utilities at {_without_secrets(settings.eutils_url)}"
    if settings.cassette is not None:
        return f"{live}, recorded to {settings.cassette} (record mode {settings.record_mode})"
    return live + (", through the record cache" if settings.use_cache else "")


def _without_secrets(url: str) -> str:
    """Scheme, host and path only: a user name, password or query never reaches a report."""
    parts = urlsplit(url)
    host = f"{parts.hostname or ''}{f':{parts.port}' if parts.port else ''}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def _replays_reconstructed(settings: Settings) -> bool:
    chosen_first = bool(settings.records) or settings.source == "mirror"
    return not chosen_first and settings.record_mode == "none" and is_reconstructed(settings.cassette)


def article_title(article: Article) -> str:
    """The article's first line when it reads as a title (short, not a sentence), else ''."""
    first = next((line for line in article.text.splitlines() if line.strip()), "")
    title = " ".join(_HEADING_MARKS.sub("", first).split())
    if not title or len(title) > TITLE_LONGEST or _SENTENCE_END.search(title):
        return ""
    return title
