"""Writers: every one takes the immutable Report and returns text."""

from __future__ import annotations

from collections.abc import Callable

from verifier.models import Report
from verifier.report.json_report import to_json
from verifier.report.markdown import to_markdown
from verifier.report.text import to_text

Writer = Callable[[Report], str]
WRITERS: dict[str, Writer] = {"json": to_json, "md": to_markdown, "text": to_text}
