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

from typing import TypeVar

from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)


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


def validated(model: type[M], data: object, where: str) -> M:
    """`model` built from loaded data; the first validation error becomes one line naming the
    file and the field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        raise InputError(f"{where}: {'.'.join(map(str, error['loc']))}: {error['msg']}") from exc
