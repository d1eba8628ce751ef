"""Run settings: one frozen object, built from defaults, the environment and flags.

Nothing is read at import time; the API key comes from `NCBI_API_KEY` only when
settings are built, and no default e-mail address is ever sent to NCBI.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from verifier.cache import default_cache_path
from verifier.errors import UsageError
from verifier.ingest import DEFAULT_MAX_BYTES
from verifier.models import Severity
from verifier.pubmed.requests import DEFAULT_EUTILS_URL, DEFAULT_IDCONV_URL
from verifier.pubmed.snapshot import RECORD_MODES


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    email: str | None = None
    api_key: str | None = Field(default=None, repr=False)
    eutils_url: str = DEFAULT_EUTILS_URL
    idconv_url: str = DEFAULT_IDCONV_URL
    cassette: str | None = None
    record_mode: str = "none"
    records: tuple[str, ...] = ()
    offline: bool = False
    use_cache: bool = True
    refresh: bool = False
    cache_path: Path = Field(default_factory=default_cache_path)
    max_bytes: int = DEFAULT_MAX_BYTES
    fail_on: Literal["error", "warning", "info", "never"] = "error"
    require_evidence: bool = False

    @property
    def fail_threshold(self) -> Severity | None:
        return None if self.fail_on == "never" else Severity(self.fail_on)

    @field_validator("record_mode")
    @classmethod
    def _known_mode(cls, value: str) -> str:
        if value not in RECORD_MODES:
            raise ValueError(f"must be one of {', '.join(RECORD_MODES)}")
        return value

    @field_validator("eutils_url", "idconv_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// URL")
        return value

    @field_validator("max_bytes")
    @classmethod
    def _positive(cls, value: int) -> int:
        if value <= 0:
            raise ValueError("must be positive")
        return value


def load_settings(**flags: object) -> Settings:
    """Defaults, then the environment, then flags (a flag left at None does not override)."""
    values: dict[str, object] = {}
    env = {"email": "NCBI_EMAIL", "api_key": "NCBI_API_KEY", "eutils_url": "VERIFIER_EUTILS_URL",
           "cache_path": "VERIFIER_CACHE"}
    for name, variable in env.items():
        if os.environ.get(variable):
            values[name] = os.environ[variable]
    values.update({k: v for k, v in flags.items() if v is not None})
    try:
        return Settings(**values)  # type: ignore[arg-type]
    except ValueError as exc:
        raise UsageError(_first_error(exc)) from None


def _first_error(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        first = errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        return f"invalid setting {where}: {first.get('msg', 'invalid')}"
    return str(exc)
