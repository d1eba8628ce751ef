"""One exception tree for the whole package.

    VerifierError                 base; the CLI turns any of these into a one-line message
    +-- UsageError                bad flags or configuration (exit 2)
    +-- InputError                unreadable article: binary, empty, oversized, missing (exit 2)
    +-- EvidenceError             a PubMed record could not be had
    |   +-- NetworkError          transport failure, timeout, retries exhausted
    |   +-- NCBIError             NCBI answered with an error payload or an unusable status
    |   +-- NotInSnapshot         the evidence snapshot (cassette) has no such exchange
    +-- RecordParseError          PubMed XML or MEDLINE text that cannot be parsed

httpx, vcrpy and Biopython errors are translated at one boundary each
(`pubmed.client` and `parse`), always with `raise ... from exc`.
"""


class VerifierError(Exception):
    """Base of every error this package raises on purpose."""


class UsageError(VerifierError):
    pass


class InputError(VerifierError):
    pass


class EvidenceError(VerifierError):
    """The record behind a citation could not be obtained; the citation is unverified."""


class NetworkError(EvidenceError):
    pass


class NCBIError(EvidenceError):
    pass


class NotInSnapshot(EvidenceError):
    pass


class RecordParseError(VerifierError):
    pass
