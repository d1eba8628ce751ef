"""The source of `--offline`: answers nothing, so every citation is unverified."""

from __future__ import annotations

from collections.abc import Mapping

from verifier.evidence.base import CitationQuery, FetchResult, Lookup, TitleQuery, unanswered


class OfflineSource:
    """Answers nothing: every citation is unverified because the network was not allowed."""

    reason = "offline (--offline): no evidence source"

    def fetch(self, pmids: list[str]) -> FetchResult:
        return FetchResult(unavailable=dict.fromkeys(pmids, self.reason))

    def pmids_for_dois(self, dois: list[str]) -> Lookup:
        return unanswered(dois, self.reason)

    def pmids_for_pmcids(self, pmcids: list[str]) -> Lookup:
        return unanswered(pmcids, self.reason)

    def citmatch(self, queries: Mapping[str, CitationQuery]) -> Lookup:
        return unanswered(list(queries), self.reason)

    def title_search(self, queries: Mapping[str, TitleQuery]) -> Lookup:
        return unanswered(list(queries), self.reason)
