"""The two splits of the 50 real articles in ../shared/data/articles, and the pages held out of both.

The claims bench and the references/citations benches were built with different splits, so a page
held out of one may have been read while tuning the other. Pages held out of both (about a quarter)
were never read for either stage: the figure on them is the cleanest one, though on few pages.
"""

from __future__ import annotations

import hashlib
from typing import Any

Article = dict[str, Any]
NEVER_TUNED_ON = "held-out in both splits"


def claims_split(articles: list[Article]) -> dict[str, list[Article]]:
    """Halves by the SHA-1 of each slug (bench/claims): the lower half of the hash order is dev."""
    ranked = sorted(articles, key=lambda a: hashlib.sha1(a["slug"].encode()).hexdigest())
    middle = len(ranked) // 2
    return {"dev": ranked[:middle], "held-out": ranked[middle:]}


def references_split(articles: list[Article]) -> dict[str, list[Article]]:
    """Sorted by number of truth references (descending) then slug (bench/citations, bench/references):
    even positions are dev, odd ones held-out."""
    ordered = sorted(articles, key=lambda a: (-len(a["references"]), a["slug"]))
    return {"dev": ordered[0::2], "held-out": ordered[1::2]}


def held_out_of_both(articles: list[Article]) -> list[Article]:
    other = {a["slug"] for a in claims_split(articles)["held-out"]}
    return [a for a in references_split(articles)["held-out"] if a["slug"] in other]


READ_IN_SESSION_10 = "held-out half, read in session 10"


def claims_parts(articles: list[Article]) -> dict[str, list[Article]]:
    """The claims bench's parts: the hash halves; the pages of the held-out half that are dev pages
    of the references split, whose misses were read in session 10 (in-sample since then); the pages
    held out of both splits (never read for either stage: the blind figure); and all 50 pages."""
    halves = claims_split(articles)
    never = held_out_of_both(articles)
    blind = {a["slug"] for a in never}
    read = [a for a in halves["held-out"] if a["slug"] not in blind]
    return {"dev": halves["dev"], "held-out": halves["held-out"], READ_IN_SESSION_10: read,
            NEVER_TUNED_ON: never, "all pages": list(articles)}


def with_never_tuned_on(halves: dict[str, list[Article]], articles: list[Article]) -> dict[str, list[Article]]:
    return {**halves, NEVER_TUNED_ON: held_out_of_both(articles)}
