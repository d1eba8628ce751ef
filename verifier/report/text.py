"""The terminal report, rendered with rich; article text is never read as markup."""

from __future__ import annotations

from io import StringIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from verifier.models import ArticleReport, Report
from verifier.report.concise import by_position
from verifier.report.json_report import summary
from verifier.report.sanitise import inert

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan",
          "verified": "green", "mismatch": "red", "unverified": "yellow", "unresolved": "magenta"}


def to_text(report: Report, width: int = 110, color: bool = False) -> str:
    buffer = StringIO()
    console = Console(file=buffer, width=width, force_terminal=color, no_color=not color,
                      highlight=False)
    render(report, console)
    return buffer.getvalue()


def render(report: Report, console: Console) -> None:
    for article in report.articles:
        _article(article, console)
    totals = summary(report)
    console.print(Text(
        f"{totals['citations']} citations ("
        + ", ".join(f"{n} {s}" for s, n in totals["citation_status"].items() if n)
        + "); findings: " + ", ".join(f"{n} {s}" for s, n in totals["findings"].items())))


PRINTED_SHOWN = 90  # characters of a printed citation in the table


def _clipped(text: str, width: int = PRINTED_SHOWN) -> str:
    """The start of a long printed citation, cut at a word with an ellipsis ("... (2023)." never
    shows as "(202")."""
    if len(text) <= width:
        return text
    cut = text[:width - 1]
    if text[width - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip() + "…"


def _article(article: ArticleReport, console: Console) -> None:
    console.print(Text(inert(article.path), style="bold"))
    table = Table(show_header=True, header_style="bold", expand=False)
    for column in ("id", "line", "status", "citation", "record", "design"):
        table.add_column(column, overflow="fold")
    for row in article.citations:
        record = row.record.label if row.record else (row.reason or "-")  # a Crossref record: its DOI
        table.add_row(row.citation.id, str(row.citation.span.line),
                      Text(row.status.value, style=_STYLE[row.status.value]),
                      Text(inert(_clipped(row.citation.printed))), Text(inert(record)),
                      Text(inert(row.design.describe()) if row.design else "-"))
    console.print(table)
    for f in sorted(article.findings, key=by_position):
        path = inert(article.path)
        where = f"{path}:{f.span.line}:{f.span.column}" if f.span else path
        console.print(Text.assemble((f"{where} ", "dim"), (f"{f.code} ", _STYLE[f.severity.value]),
                                    (f"{f.name} ", "bold"), f"[{f.citation_id or '-'}] ",
                                    inert(f.message)))
    claims = len(article.claims)
    uncited = sum(1 for c in article.claims if not c.citation_ids)
    console.print(Text(f"{claims} claims ({uncited} with no citation); "
                       f"{len(article.dismissed)} findings dismissed by a reviewer", style="dim"))
    console.print()
