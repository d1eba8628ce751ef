"""Run settings: one frozen object, built from defaults, a config file, the environment and flags,
each later layer overriding the earlier; every value remembers where it came from.

The config file is `verifier.toml` or the `[tool.verifier]` table of `pyproject.toml`, found in
the working directory or the nearest parent (or named by `VERIFIER_CONFIG`). Unknown keys are
rejected. Nothing is read at import time; the API key comes from `NCBI_API_KEY` only, never from
a file that could be committed, and no default e-mail address is ever sent to NCBI.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator

from verifier.errors import UsageError
from verifier.evidence.cache import DEFAULT_MAX_AGE_DAYS, default_cache_path
from verifier.evidence.crossref.client import DEFAULT_CROSSREF_URL
from verifier.evidence.eutils.client import DEFAULT_DEADLINE, DEFAULT_MAX_ANSWER_BYTES, DEFAULT_MAX_RETRY_WAIT
from verifier.evidence.eutils.requests import DEFAULT_EUTILS_URL, DEFAULT_IDCONV_URL, IDCONV_PATH
from verifier.evidence.eutils.snapshot import RECORD_MODES
from verifier.evidence.mirror import default_mirror_path
from verifier.ingest import DEFAULT_MAX_BYTES
from verifier.models import Severity


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    email: str | None = None
    api_key: str | None = Field(default=None, repr=False)
    eutils_url: str = DEFAULT_EUTILS_URL
    idconv_url: str | None = Field(default=None, description="PMC ID converter; default: NCBI's, or the "
                                   "same path on the host of a non-default --eutils-url")
    cassette: str | None = None
    record_mode: str = "none"
    records: tuple[str, ...] = ()
    source: Literal["pubmed", "mirror"] = "pubmed"
    mirror_path: Path = Field(default_factory=default_mirror_path)
    offline: bool = False
    use_cache: bool = True
    refresh: bool = False
    cache_path: Path = Field(default_factory=default_cache_path)
    max_bytes: int = DEFAULT_MAX_BYTES
    fail_on: Literal["error", "warning", "info", "never"] = "error"
    require_evidence: bool = False
    enable_rules: tuple[str, ...] = Field(default=(), description="only these codes or prefixes")
    disable_rules: tuple[str, ...] = Field(default=(), description="codes or prefixes (\"T3\") to skip")
    small_sample: int = Field(default=300, gt=0, description="S205: fewer participants is small")
    spun_article_at: int = Field(default=3, gt=0, description="T302: distinct tortured phrases")
    deadline: float = Field(default=DEFAULT_DEADLINE, gt=0, description="seconds for all of a run's requests")
    max_answer_bytes: int = Field(default=DEFAULT_MAX_ANSWER_BYTES, gt=0,
                                  description="largest answer read, after gzip decoding")
    max_retry_wait: float = Field(default=DEFAULT_MAX_RETRY_WAIT, ge=0,
                                  description="seconds a run may wait to retry, in all (429, Retry-After)")
    cache_max_age_days: float = Field(default=DEFAULT_MAX_AGE_DAYS, gt=0,
                                      description="cached records older than this are fetched again")
    crossref: bool = Field(default=True, description="ask Crossref about DOIs (off: --no-crossref)")
    crossref_url: str = DEFAULT_CROSSREF_URL
    crossref_cassette: str | None = Field(default=None, description="replay Crossref from this cassette")
    sources: dict[str, str] = Field(default_factory=dict, exclude=True,
                                    description="where each value came from")

    def rule_enabled(self, code: str) -> bool:
        if any(code.startswith(prefix) for prefix in self.disable_rules):
            return False
        return not self.enable_rules or any(code.startswith(p) for p in self.enable_rules)

    @property
    def resolved_idconv_url(self) -> str:
        """The ID converter to ask: the one configured, else the same path on the E-utilities
        host when that is not NCBI's (a local stand-in never sends PMCIDs to NCBI)."""
        if self.idconv_url:
            return self.idconv_url
        if self.eutils_url.rstrip("/") == DEFAULT_EUTILS_URL:
            return DEFAULT_IDCONV_URL
        parts = urlsplit(self.eutils_url)
        return urlunsplit((parts.scheme, parts.netloc, IDCONV_PATH, "", ""))

    @property
    def fail_threshold(self) -> Severity | None:
        return None if self.fail_on == "never" else Severity(self.fail_on)

    @field_validator("record_mode")
    @classmethod
    def _known_mode(cls, value: str) -> str:
        if value not in RECORD_MODES:
            raise ValueError(f"must be one of {', '.join(RECORD_MODES)}")
        return value

    @field_validator("eutils_url", "idconv_url", "crossref_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// URL")
        return value

    @field_validator("max_bytes")
    @classmethod
    def _positive(cls, value: int) -> int:
        if value <= 0:
            raise ValueError("must be positive")
        return value


ENVIRONMENT = {"email": "NCBI_EMAIL", "api_key": "NCBI_API_KEY", "eutils_url": "VERIFIER_EUTILS_URL",
               "idconv_url": "VERIFIER_IDCONV_URL", "cache_path": "VERIFIER_CACHE",
               "crossref": "VERIFIER_CROSSREF", "crossref_url": "VERIFIER_CROSSREF_URL",
               "crossref_cassette": "VERIFIER_CROSSREF_CASSETTE"}
# Keys a config file may set (kebab-case, as in TOML) and the setting each fills.
FILE_KEYS = {"email": "email", "eutils-url": "eutils_url", "idconv-url": "idconv_url", "cache": "cache_path",
             "source": "source", "mirror": "mirror_path",
             "max-bytes": "max_bytes", "fail-on": "fail_on", "require-evidence": "require_evidence",
             "offline": "offline", "small-sample": "small_sample", "spun-article-at": "spun_article_at",
             "deadline": "deadline", "max-answer-bytes": "max_answer_bytes", "max-retry-wait": "max_retry_wait",
             "cache-max-age-days": "cache_max_age_days",
             "crossref": "crossref", "crossref-url": "crossref_url", "crossref-cassette": "crossref_cassette"}
RULE_KEYS = {"enable": "enable_rules", "disable": "disable_rules"}


def load_settings(defaults: dict[str, object] | None = None, **flags: object) -> Settings:
    """Defaults, the config file, the environment, then flags (a flag left at None does not
    override)."""
    values: dict[str, object] = dict(defaults or {})
    sources = dict.fromkeys(values, "default for this command")
    config = find_config()
    if config is not None:
        for name, value in read_config(config).items():
            values[name], sources[name] = value, str(config)
    for name, variable in ENVIRONMENT.items():
        if os.environ.get(variable):
            values[name], sources[name] = os.environ[variable], f"environment {variable}"
    for name, value in flags.items():
        if value is not None:
            values[name], sources[name] = value, f"flag --{name.replace('_', '-')}"
    try:
        return Settings(**values, sources=sources)  # type: ignore[arg-type]
    except ValueError as exc:
        raise UsageError(_first_error(exc)) from None


def find_config(start: Path | None = None) -> Path | None:
    """VERIFIER_CONFIG, else verifier.toml or a pyproject.toml with [tool.verifier], in the
    working directory or the nearest parent."""
    named = os.environ.get("VERIFIER_CONFIG")
    if named:
        path = Path(named)
        if not path.is_file():
            raise UsageError(f"VERIFIER_CONFIG={named}: no such file")
        return path
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "verifier.toml").is_file():
            return folder / "verifier.toml"
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "verifier" in _toml(pyproject).get("tool", {}):
            return pyproject
    return None


def read_config(path: Path) -> dict[str, object]:
    """The settings a config file sets; unknown keys are an error naming the file and key."""
    data = _toml(path)
    table: dict[str, Any] = data.get("tool", {}).get("verifier", {}) if path.name == "pyproject.toml" else data
    values: dict[str, object] = {}
    for key, value in table.items():
        if key == "rules" and isinstance(value, dict):
            for rule_key, codes in value.items():
                if rule_key not in RULE_KEYS:
                    raise UsageError(f"{path}: unknown key rules.{rule_key} (known: enable, disable)")
                values[RULE_KEYS[rule_key]] = tuple(str(c).upper() for c in codes)
        elif key in FILE_KEYS:
            values[FILE_KEYS[key]] = value
        elif key in ("api-key", "api_key"):
            raise UsageError(f"{path}: the API key is read from NCBI_API_KEY only, never from a file")
        else:
            raise UsageError(f"{path}: unknown key {key!r} (known: {', '.join([*FILE_KEYS, 'rules'])})")
    return values


def _toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"{path}: cannot read config ({exc})") from exc


def _first_error(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        first = errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        return f"invalid setting {where}: {first.get('msg', 'invalid')}"
    return str(exc)
