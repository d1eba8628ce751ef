"""Bad input gets one line and exit 2; HTML keeps its line map and sets calls to action apart."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ISLAM_PRINTED, ISLAM_XML

from verifier.cli import main
from verifier.ingest import load


def run_cli(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(("name", "content", "says"), [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"   \n\n", "empty file"),
    ("binary.txt", bytes(range(256)) * 40, "binary"),
    ("image.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 200, "binary"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, name: str, content: bytes, says: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    code, out, err = run_cli("audit", str(path), "--offline")
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and says in err and "Traceback" not in err


def test_oversized_input_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("word " * 3000, encoding="utf-8")
    code, _, err = run_cli("audit", str(path), "--offline", "--max-bytes", "1000")
    assert code == 2 and "1,000-byte limit" in err


def test_missing_file_and_unknown_rule(tmp_path: Path) -> None:
    assert run_cli("audit", str(tmp_path / "nope.txt"), "--offline")[0] == 2
    assert run_cli("explain", "C999")[0] == 2


def test_cassette_that_does_not_exist_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(f"Source: {ISLAM_PRINTED}\n", encoding="utf-8")
    code, _, err = run_cli("audit", str(path), "--cassette", str(tmp_path / "none.yaml"))
    assert code == 2 and "no such file" in err


@pytest.mark.parametrize(("encoding", "bom"), [("latin-1", b""), ("utf-16", b""), ("utf-8", b"\xef\xbb\xbf")])
def test_non_utf8_articles_are_decoded(tmp_path: Path, encoding: str, bom: bytes) -> None:
    text = f"Les thérapies à base de cellules souches sont étudiées.\nSource: {ISLAM_PRINTED}\n"
    path = tmp_path / "a.txt"
    path.write_bytes(bom + text.encode(encoding))
    article = load(str(path))
    assert "thérapies" in article.text
    code, out, _ = run_cli("audit", str(path), "--records", str(ISLAM_XML), "--format", "json")
    assert code == 0
    assert json.loads(out)["articles"][0]["citations"][0]["status"] == "verified"


def test_stdin_is_read() -> None:
    code, out, _ = run_cli("audit", "-", "--records", str(ISLAM_XML), "--format", "json",
                           stdin=f"Source: {ISLAM_PRINTED}\n".encode())
    assert code == 0 and json.loads(out)["summary"]["citation_status"]["verified"] == 1


HTML = """<!doctype html><html><head><title>x</title><script>alert(1)</script></head>
<body>
<nav><a href="/">Home</a> <a href="/about">About</a></nav>
<article>
<h1>MSC therapy for MS</h1>
<p>The analysis found that approximately 40% of patients improved.</p>
<div class="newsletter"><p>Subscribe To Our Newsletter</p></div>
<p><a class="button">Request Information Packet</a></p>
<p>Source: {printed}</p>
</article>
</body></html>
"""


def test_html_text_line_map_and_calls_to_action(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML.format(printed=ISLAM_PRINTED), encoding="utf-8")
    article = load(str(path))
    assert "alert" not in article.text and "Home" not in article.text
    assert "Request Information Packet" not in article.text
    kinds = {(b.kind, b.text) for b in article.set_apart}
    assert ("call_to_action", "Request Information Packet") in kinds
    assert ("call_to_action", "Subscribe To Our Newsletter") in kinds
    assert ("navigation", "Home About") in kinds
    code, out, _ = run_cli("audit", str(path), "--records", str(ISLAM_XML), "--format", "json")
    citation = json.loads(out)["articles"][0]["citations"][0]
    assert code == 0 and citation["status"] == "verified"
    assert citation["span"]["line"] == 9  # the <p>Source: ...</p> line of the original file


def test_fail_on_and_require_evidence_exit_codes(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(f"Source: {ISLAM_PRINTED.replace('2023 Sep', '2021 Sep')}\nPMID: 11111111\n", encoding="utf-8")
    records = ("--records", str(ISLAM_XML))
    assert run_cli("audit", str(path), *records)[0] == 1
    assert run_cli("audit", str(path), *records, "--fail-on", "never")[0] == 0
    assert run_cli("audit", str(path), *records, "--fail-on", "never", "--require-evidence")[0] == 3


def test_rules_lists_every_code() -> None:
    code, out, _ = run_cli("rules")
    assert code == 0 and "C101" in out and "C121" in out


def test_markdown_report_escapes_article_text(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Source: <script>alert(1)</script> | PMID: 37834955\n", encoding="utf-8")
    code, out, _ = run_cli("audit", str(path), "--records", str(ISLAM_XML), "--format", "md", "--fail-on", "never")
    assert code == 0
    assert "<script>" not in out and "\\<script\\>" in out and "\\| PMID" in out
