"""Stage 1: turn a file, a directory or stdin into `Article`s of clean text.

Text and Markdown are kept as they are (line endings normalised). HTML is reduced
to its readable blocks, one per line, each remembering the line of the original
file it came from; navigation, scripts and calls to action are set apart.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from bisect import bisect_right
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from verifier import suppress, webpage
from verifier.errors import InputError
from verifier.models import Article, Link, TextBlock

if TYPE_CHECKING:  # the HTML stack loads only when HTML is read
    from bs4 import BeautifulSoup, Tag

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
ARTICLE_SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown",
                    ".html": "html", ".htm": "html"}
_SUFFIXES_SAID = ", ".join(ARTICLE_SUFFIXES)
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_BLOCK_TAGS = ["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre",
               "td", "th", "dt", "dd", "figcaption", "caption", "div", "section",
               "article", "main", "body"]
_DROPPED_TAGS = ["script", "style", "noscript", "template", "svg", "iframe", "head"]
FurnitureKind = Literal["navigation", "call_to_action", "boilerplate"]
_FURNITURE_TAGS: dict[str, FurnitureKind] = {"nav": "navigation", "header": "navigation", "footer": "boilerplate",
                   "aside": "boilerplate", "form": "call_to_action", "button": "call_to_action"}
_FURNITURE_CLASS = re.compile(
    r"\b(nav|navbar|menu|breadcrumb|footer|sidebar|cookie|newsletter|subscribe|signup|"
    r"sign-up|cta|call-to-action|popup|modal|share|social)\b", re.I)
CALL_TO_ACTION = re.compile(
    r"\b(request (an? )?(free )?information( packet)?|subscribe|sign up|newsletter|"
    r"book (a|an|your) (free )?(consultation|appointment|call)|free consultation|"
    r"call (us )?(now|today)|contact us( today)?|schedule (a|your)|get started|"
    r"apply now|learn more|download (the|our) (free )?guide)\b", re.I)
_CTA_MAX_WORDS = 16
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def iter_paths(inputs: list[str]) -> Iterator[str]:
    """Expand directories to the article files in them; '-' stays stdin."""
    for item in inputs:
        if item == "-" or webpage.is_url(item):
            yield item
            continue
        path = Path(item)
        if path.is_dir():
            found = sorted(_article_files(path))
            if not found:
                raise InputError(f"{item}: a directory with no {_SUFFIXES_SAID} files in it")
            yield from (str(p) for p in found)
        elif path.exists():
            yield item
        else:
            raise InputError(f"{item}: no such file or directory")


def _article_files(folder: Path) -> Iterator[Path]:
    return (p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)


def load(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """Read one article (a file, '-' or a web page's URL); raise InputError with a one-line
    reason if it cannot be used."""
    if webpage.is_url(path):
        text, encoding = decode(webpage.fetch_page(path, max_bytes), path)
        return _with_directives(_from_html(path, text, encoding), text)
    data = _read_bytes(path, max_bytes)
    text, encoding = decode(data, path)
    media = _media_type(path, text)
    if media == "html":
        return _with_directives(_from_html(path, text, encoding), text)
    return _with_directives(_from_text(path, text, encoding, media), text)


def _with_directives(article: Article, raw: str) -> Article:
    """The inline suppression comments, read from the file as written (HTML comments are gone
    from the clean text)."""
    if "verifier:" not in raw:
        return article
    update: dict[str, object] = {"directives": suppress.parse(raw)}
    if article.media_type != "html":  # the comment is for the tool: no reference, no claim
        update["text"] = suppress.blank(article.text)
    return article.model_copy(update=update)


def regular_file(path: str, what: str = "") -> None:
    """Refuse a FIFO, a device or a socket before opening it: reading one can wait forever."""
    try:
        mode = Path(path).stat().st_mode
    except OSError:
        return  # the caller's open() reports it
    if not stat.S_ISREG(mode):
        kind = "a directory" if stat.S_ISDIR(mode) else "a FIFO" if stat.S_ISFIFO(mode) else "a device or socket"
        raise InputError(f"{what + ' ' if what else ''}{path}: not a regular file ({kind})")


def _read_bytes(path: str, max_bytes: int) -> bytes:
    try:
        if path == "-":
            data = sys.stdin.buffer.read(max_bytes + 1)
        else:
            if os.path.isdir(path):  # iter_paths keeps a folder holding no article, to say so
                holds = next(_article_files(Path(path)), None) is not None
                raise InputError(f"{path}: a directory, not a file" if holds
                                 else f"{path}: a directory with no {_SUFFIXES_SAID} files in it")
            regular_file(path)
            with open(path, "rb") as handle:
                data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    if len(data) > max_bytes:
        raise InputError(f"{path}: larger than the {max_bytes:,}-byte limit (--max-bytes)")
    if not data.strip():
        raise InputError(f"{path}: empty file")
    return data


# Files people save articles as that are not text the tool can read.
_DOCUMENT_FORMATS = ((b"%PDF-", "a PDF file"), (b"{\\rtf", "an RTF document"),
                     (b"PK\x03\x04", "a ZIP archive (a .docx, .odt or .epub is one)"))


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Decode with a BOM if present, else UTF-8, else the detected encoding."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(data.decode(encoding, errors="replace"), encoding, path)
    opening = data[:1024].lstrip()
    for magic, kind in _DOCUMENT_FORMATS:
        if opening.startswith(magic):
            raise InputError(f"{path}: {kind}, not an article's text: save or convert it as text, Markdown or HTML")
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}: binary file (NUL bytes), not an article")
    try:
        return _checked(data.decode("utf-8"), "utf-8", path)
    except UnicodeDecodeError:
        pass
    import charset_normalizer

    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise InputError(f"{path}: binary or undecodable file, not an article")
    return _checked(str(best), best.encoding, path)


def _checked(text: str, encoding: str, path: str) -> tuple[str, str]:
    sample = text[:65536]
    if sample and len(_CONTROL.findall(sample)) / len(sample) > 0.05:
        raise InputError(f"{path}: binary content (control characters), not an article")
    text = _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise InputError(f"{path}: no text in file")
    return text, encoding


def _media_type(path: str, text: str) -> str:
    suffix = Path(path).suffix.lower()
    if suffix in ARTICLE_SUFFIXES:
        return ARTICLE_SUFFIXES[suffix]
    head = text.lstrip()[:512].lower()
    return "html" if head.startswith(("<!doctype html", "<html")) else "text"


def _from_text(path: str, text: str, encoding: str, media: str) -> Article:
    starts = line_starts(text)
    links = tuple(_markdown_links(text, starts)) if media == "markdown" else ()
    return Article(path=path, text=text, line_starts=starts,
                   source_lines=tuple(range(1, len(starts) + 1)), links=links,
                   encoding=encoding, media_type="markdown" if media == "markdown" else "text")


_MARKDOWN_LINK = re.compile(r"\[(?P<words>[^\]\n]+)\]\((?P<href>https?://[^)\s]+)\)")


def _markdown_links(text: str, starts: tuple[int, ...]) -> Iterator[Link]:
    """`[words](https://...)`: the link's words, its target and its line."""
    for match in _MARKDOWN_LINK.finditer(text):
        yield Link(start=match.start(), end=match.end(), href=match.group("href"),
                   line=bisect_right(starts, match.start()))


def line_starts(text: str) -> tuple[int, ...]:
    starts = [0]
    starts.extend(m.end() for m in re.finditer("\n", text))
    return tuple(starts)


def _from_html(path: str, markup: str, encoding: str) -> Article:
    from bs4 import BeautifulSoup
    from bs4.builder import ParserRejectedMarkup

    try:
        soup = BeautifulSoup(markup, "html.parser")
    except (ParserRejectedMarkup, RecursionError, AssertionError) as exc:
        raise InputError(f"{path}: HTML that cannot be parsed ({type(exc).__name__})") from exc
    whole = _squeezed(soup.get_text(" "))  # before anything is dropped: what a second parse would give
    for tag in soup.find_all(_DROPPED_TAGS):
        tag.decompose()
    main_text = _main_text(markup, whole)
    in_main = _InOrder(main_text) if main_text is not None else None
    set_apart = _remove_furniture(soup)
    _superscript_markers(soup)
    _wrap_loose_text(soup)
    lines: list[str] = []
    source_lines: list[int] = []
    links: list[Link] = []
    offset = 0
    numbered: dict[int, dict[int, int]] = {}  # id of an <ol> -> id of each item -> its number
    for block in _leaf_blocks(soup):
        text = " ".join(block.get_text(" ").split())
        if not text:
            continue
        line = block.sourceline or 1
        if _is_call_to_action(text):
            set_apart.append(TextBlock(kind="call_to_action", text=text, line=line))
            continue
        if in_main is not None and _squeezed(text) not in in_main:
            set_apart.append(TextBlock(kind="boilerplate", text=text[:2000], line=line))
            continue
        number = _list_number(block, numbered)
        if number is not None:  # "1. Smith J ...": the number a browser prints before an <ol> item
            text = f"{number}. {text}"
        links.extend(_links(block, text, offset, line))
        lines.append(text)
        source_lines.append(line)
        offset += len(text) + 1
    if not lines:
        raise InputError(f"{path}: HTML page with no readable text")
    text = "\n".join(lines) + "\n"
    return Article(path=path, text=text, line_starts=line_starts(text)[: len(lines)],
                   source_lines=tuple(source_lines), set_apart=tuple(set_apart), links=tuple(links),
                   encoding=encoding, media_type="html")


MAIN_TEXT_MIN_SHARE = 0.2  # below this share of the page's words, the extractor missed the article


def _main_text(markup: str, whole: str) -> str | None:
    """The page's main text as readability-lxml (Mozilla Readability's scoring) finds it, with
    all spaces removed so that blocks of the page can be looked up in it; None when it finds
    too little of the page's text (`whole`, squeezed) to be trusted, and every block is then kept."""
    from bs4 import BeautifulSoup
    from readability import Document
    from readability.readability import Unparseable

    try:
        summary = Document(markup).summary(html_partial=True)
    except (Unparseable, ValueError, TypeError):
        return None
    main = _squeezed(BeautifulSoup(summary, "html.parser").get_text(" "))
    return main if whole and len(main) >= MAIN_TEXT_MIN_SHARE * len(whole) else None


class _InOrder:
    """The main text, where the page's blocks are looked up in the order they are printed: each is
    sought from where the last one found ended, then (out of order, or absent) in the whole text.
    A page of n blocks in order costs one pass over the text, not n passes (a 20,000-item
    reference list took seconds of substring search); the answer is always `block in text`."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0

    def __contains__(self, block: str) -> bool:
        found = self.text.find(block, self.at)
        if found < 0:  # only a match starting before `at` is left to look for
            found = self.text.find(block, 0, self.at + len(block) - 1)
        if found < 0:
            return False
        self.at = found + len(block)
        return True


def _squeezed(text: str) -> str:
    """Without spaces, and without the brackets `<sup>` markers are given here."""
    return re.sub(r"[\s\[\]]+", "", text)


_MARKER_TEXT = re.compile(r"\[?\s*\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\s*\]?")


def _superscript_markers(soup: BeautifulSoup) -> None:
    """`<sup>1,2</sup>` reads as a citation marker: written "[1,2]" so it is not glued to a word."""
    for sup in soup.find_all("sup"):
        printed = sup.get_text().strip()
        if _MARKER_TEXT.fullmatch(printed):
            sup.replace_with(f"[{printed.strip('[] ')}]")


_NUMBERED = re.compile(r"^\s*\[?\d{1,5}[.)\]]")


def _list_number(block: Tag, numbered: dict[int, dict[int, int]]) -> int | None:
    """The number a browser shows before an item of an ordered list (`<ol start>`, `<li value>`),
    when the item does not print one itself; None for any other block. Each list is numbered
    once (`numbered`), so a long list costs one pass, not one per item."""
    from bs4 import Tag

    parent = block.parent
    if block.name != "li" or not isinstance(parent, Tag) or parent.name != "ol" \
            or str(parent.get("type") or "1") not in ("1", ""):
        return None
    if _NUMBERED.match(block.get_text(" ")):
        return None
    numbers = numbered.get(id(parent))
    if numbers is None:
        numbers = numbered[id(parent)] = {}
        number = _as_int(parent.get("start"), 1) - 1
        for item in parent.find_all("li", recursive=False):
            number = numbers[id(item)] = _as_int(item.get("value"), number + 1)
    return numbers.get(id(block))


def _as_int(value: object, default: int) -> int:
    try:
        return int(str(value).strip()) if value is not None else default
    except ValueError:
        return default


def _links(block: Tag, text: str, offset: int, line: int) -> Iterator[Link]:
    """Each link of a block: where its words sit in the block's clean text, and its target."""
    cursor = 0
    for anchor in block.find_all("a", href=True):
        words = " ".join(anchor.get_text(" ").split())
        href = str(anchor.get("href") or "").strip()
        at = text.find(words, cursor) if words else -1
        if not href or href.startswith(("#", "javascript:", "mailto:")) or at < 0:
            continue
        cursor = at + len(words)
        yield Link(start=offset + at, end=offset + cursor, href=href, line=anchor.sourceline or line)


def _remove_furniture(soup: BeautifulSoup) -> list[TextBlock]:
    from bs4 import Tag

    kept: list[TextBlock] = []
    for tag in list(soup.find_all(True)):
        # bs4's `decomposed` property searches the subtree for a child tag of that name when the
        # flag is unset: quadratic on deeply nested pages. Read the flag directly.
        if not isinstance(tag, Tag) or tag.__dict__.get("_decomposed", False):
            continue
        kind: FurnitureKind | None = _FURNITURE_TAGS.get(tag.name) or _furniture_by_class(tag)
        if kind is None:
            continue
        text = " ".join(tag.get_text(" ").split())
        if text:
            kept.append(TextBlock(kind=kind, text=text[:2000], line=tag.sourceline or 1))
        tag.decompose()
    return kept


def _furniture_by_class(tag: Tag) -> FurnitureKind | None:
    attrs = tag.attrs if isinstance(tag.attrs, dict) else {}
    classes: list[str] = list(attrs.get("class") or [])
    names = " ".join([*classes, str(attrs.get("id") or ""), str(attrs.get("role") or "")])
    if not names.strip() or not _FURNITURE_CLASS.search(names):
        return None
    return "call_to_action" if re.search(r"newsletter|subscribe|sign|cta|call-to", names, re.I) \
        else "navigation"


def _wrap_loose_text(soup: BeautifulSoup) -> None:
    """Text that sits beside blocks rather than in one (a fragment's first lines before its
    first `<p>`, words after a `<div>` inside another) is wrapped in a paragraph of its own, so
    that markup never hides words from the checks."""
    from bs4 import Tag
    from bs4.element import NavigableString, PageElement

    names = set(_BLOCK_TAGS)
    containers = [soup, *(t for t in soup.find_all(_BLOCK_TAGS) if isinstance(t, Tag))]
    for container in containers:
        children = list(container.children)
        if not any(isinstance(c, Tag) and (c.name in names or c.find(_BLOCK_TAGS)) for c in children):
            continue  # a leaf block keeps its text as it is
        run: list[PageElement] = []
        for child in [*children, None]:
            is_block = isinstance(child, Tag) and (child.name in names or child.find(_BLOCK_TAGS) is not None)
            if child is not None and not is_block:
                run.append(child)
                continue
            if any((str(part) if isinstance(part, NavigableString) else part.get_text()).strip()
                   for part in run if isinstance(part, NavigableString | Tag)):
                wrapper = soup.new_tag("p")
                wrapper.sourceline = next((part.sourceline for part in run if isinstance(part, Tag)),
                                          getattr(container, "sourceline", None))
                run[0].insert_before(wrapper)
                for part in run:
                    wrapper.append(part.extract())
            run = []


def _leaf_blocks(soup: BeautifulSoup) -> Iterator[Tag]:
    """Block tags with no block inside, in document order, in one pass: each block marks its
    nearest block ancestor as not a leaf (searching every subtree is quadratic when deep)."""
    from bs4 import Tag

    blocks = [tag for tag in soup.find_all(_BLOCK_TAGS) if isinstance(tag, Tag)]
    inner: set[int] = set()
    names = set(_BLOCK_TAGS)
    for tag in blocks:
        parent = tag.parent
        while parent is not None and parent.name not in names:
            parent = parent.parent
        if parent is not None:
            inner.add(id(parent))
    yield from (tag for tag in blocks if id(tag) not in inner)


def _is_call_to_action(text: str) -> bool:
    return len(text.split()) <= _CTA_MAX_WORDS and CALL_TO_ACTION.search(text) is not None


def position(article: Article, offset: int) -> tuple[int, int]:
    """(line, column) in the original file of a character offset in the clean text."""
    index = max(bisect_right(article.line_starts, offset) - 1, 0)
    column = offset - article.line_starts[index] + 1
    return article.source_lines[index], column
