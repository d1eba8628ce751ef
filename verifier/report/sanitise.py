"""One sanitiser for every human-facing stream (terminal, stderr, one-line formats).

Text that reaches a person's terminal or a CI log can come from anywhere: an article, a record's
title, a server's error body, a file name. Control characters in it could move the cursor, set
the window title or hide text (ANSI/OSC escapes), and a line break could start a line that
GitHub Actions reads as a workflow command (`::add-mask::`, `::stop-commands::`). Every such
character is shown escaped instead (`\\x1b`, `\\n`), so the text stays visible and inert.
"""

from __future__ import annotations

import re

# C0 controls (tab kept), DEL, C1 controls, and the Unicode line and paragraph separators.
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r"}


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def inert(text: str) -> str:
    """`text` on one line with every control character escaped."""
    return _UNSAFE.sub(_escaped, text)
