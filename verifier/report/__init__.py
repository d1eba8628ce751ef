"""Writers: every one takes the immutable Report and returns text."""

from __future__ import annotations

from collections.abc import Callable

from verifier.models import Report
from verifier.report.concise import to_concise
from verifier.report.json_report import to_json
from verifier.report.lines import to_github, to_jsonl
from verifier.report.markdown import to_markdown
from verifier.report.sarif import to_sarif
from verifier.report.text import to_text

Writer = Callable[[Report], str]


def to_html(report: Report) -> str:
    from verifier.report.html import to_html as write  # jinja2 loads only for --format html

    return write(report)

WRITERS: dict[str, Writer] = {"concise": to_concise, "json": to_json, "jsonl": to_jsonl, "md": to_markdown,
                              "text": to_text, "sarif": to_sarif, "github": to_github, "html": to_html}
