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
from contextlib import suppress
from fnmatch import fnmatch
from pathlib import Path, PurePosixPath
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator

from verifier.errors import UsageError
from verifier.evidence.defaults import (
    DEFAULT_CROSSREF_URL,
    DEFAULT_DEADLINE,
    DEFAULT_MAX_AGE_DAYS,
    DEFAULT_MAX_ANSWER_BYTES,
    DEFAULT_MAX_RETRY_WAIT,
    default_cache_path,
    default_mirror_path,
)
from verifier.evidence.eutils.requests import DEFAULT_EUTILS_URL, DEFAULT_IDCONV_URL, IDCONV_PATH
from verifier.evidence.eutils.snapshot import RECORD_MODES
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
    extend_select: tuple[str, ...] = Field(default=(), description="codes or prefixes added to the selection")
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = Field(
        default=(), description="(glob, codes) pairs: these codes are skipped in files the glob matches")
    severity: tuple[tuple[str, Severity], ...] = Field(default=(), description="(code, severity) overrides")
    include: tuple[str, ...] = Field(default=(), description="globs: only these files are articles")
    exclude: tuple[str, ...] = Field(default=(), description="globs: these files are never articles")
    sources: dict[str, str] = Field(default_factory=dict, exclude=True,
                                    description="where each value came from")

    def rule_enabled(self, code: str, path: str | None = None) -> bool:
        """Selected (select, or every rule; plus extend-select), not ignored, and not ignored for
        this file by a per-file ignore."""
        if _named(code, self.disable_rules):
            return False
        if path is not None and any(_named(code, codes) for glob, codes in self.per_file_ignores
                                    if path_matches(path, glob)):
            return False
        return not self.enable_rules or _named(code, self.enable_rules) or _named(code, self.extend_select)

    def severity_of(self, code: str, default: Severity) -> Severity:
        """The severity the config gives this code (the longest matching prefix wins)."""
        matching = [(len(prefix), level) for prefix, level in self.severity if code.startswith(prefix)]
        return max(matching, key=lambda item: item[0])[1] if matching else default

    def is_article(self, path: str) -> bool:
        """Whether the include/exclude globs of the config let this file be audited."""
        if any(path_matches(path, glob) for glob in self.exclude):
            return False
        return not self.include or any(path_matches(path, glob) for glob in self.include)

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

    @field_validator("cache_path", "mirror_path", mode="before")
    @classmethod
    def _home_path(cls, value: object) -> object:
        return Path(value).expanduser() if isinstance(value, str | Path) else value

    @field_validator("cassette", mode="before")
    @classmethod
    def _home_file(cls, value: object) -> object:
        return os.path.expanduser(value) if isinstance(value, str) else value

    @field_validator("records", mode="before")
    @classmethod
    def _home_files(cls, value: object) -> object:
        if isinstance(value, list | tuple):
            return tuple(os.path.expanduser(v) if isinstance(v, str) else v for v in value)
        return value

    @field_validator("enable_rules", "disable_rules", "extend_select")
    @classmethod
    def _known_codes(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        codes = tuple(c.strip().upper() for c in value if c.strip())
        return tuple(check_codes(codes, allow_all=True))

    @field_validator("per_file_ignores")
    @classmethod
    def _known_ignores(cls, value: tuple[tuple[str, tuple[str, ...]], ...]
                       ) -> tuple[tuple[str, tuple[str, ...]], ...]:
        return tuple((glob, tuple(check_codes(tuple(c.upper() for c in codes)))) for glob, codes in value)

    @field_validator("severity")
    @classmethod
    def _known_severity_codes(cls, value: tuple[tuple[str, Severity], ...]) -> tuple[tuple[str, Severity], ...]:
        check_codes(tuple(code.upper() for code, _ in value))
        return tuple((code.upper(), level) for code, level in value)


def known_codes() -> list[str]:
    """Every rule code (the check modules register them when imported)."""
    import verifier.checks  # noqa: F401  (registers every rule)
    from verifier.checks.registry import RULES

    return sorted(RULES)


def check_codes(codes: tuple[str, ...], allow_all: bool = False) -> list[str]:
    """The codes, each a rule's code or a prefix of one (`C1`, `S21`); else a ValueError naming it."""
    known = known_codes()
    for code in codes:
        if allow_all and code == "ALL":
            continue
        if not code or not any(k.startswith(code) for k in known):
            raise ValueError(f"unknown rule code {code!r} (no rule has this code or prefix; "
                             "see 'verifier rules')")
    return ["" if c == "ALL" else c for c in codes]


def _named(code: str, prefixes: tuple[str, ...]) -> bool:
    return any(code.startswith(prefix) for prefix in prefixes)


def path_matches(path: str, glob: str) -> bool:
    """A glob against a file path as ruff reads per-file globs: `seeds/*.txt` matches the path
    relative to the working folder, and a glob without a folder (`*.md`) matches the name."""
    candidate = Path(path)
    if candidate.is_absolute():
        with suppress(ValueError, OSError):
            candidate = candidate.resolve().relative_to(Path.cwd().resolve())
    posix = PurePosixPath(candidate.as_posix().removeprefix("./"))
    return fnmatch(str(posix), glob) or posix.match(glob)


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
             "crossref": "crossref", "crossref-url": "crossref_url", "crossref-cassette": "crossref_cassette",
             "include": "include", "exclude": "exclude"}
# Keys of the [rules] table; select/ignore are ruff's names for enable/disable.
RULE_KEYS = {"enable": "enable_rules", "disable": "disable_rules", "select": "enable_rules",
             "ignore": "disable_rules", "extend-select": "extend_select"}
RULE_TABLES = {"per-file-ignores": "per_file_ignores", "severity": "severity"}
GLOB_KEYS = ("include", "exclude")
# Flags whose name is not the setting's (ruff's names for the rule selection).
FLAG_SPELLING = {"enable_rules": "select", "disable_rules": "ignore", "use_cache": "no-cache"}


def load_settings(defaults: dict[str, object] | None = None, config: str | None = None,
                  **flags: object) -> Settings:
    """Defaults, the config file (`config`, else the one found), the environment, then flags (a
    flag left at None does not override). An invalid value is one line naming where it was set:
    the file and the key as written, the variable or the flag."""
    values: dict[str, object] = dict(defaults or {})
    sources = dict.fromkeys(values, "default for this command")
    where: dict[str, str] = {}
    path = Path(config).expanduser() if config else find_config()
    if config and not Path(config).expanduser().is_file():
        raise UsageError(f"--config {config}: {_not_a_file(Path(config).expanduser())}")
    if path is not None:
        for name, (key, value) in read_config_keys(path).items():
            values[name], sources[name], where[name] = value, str(path), f"{path}: {key}"
    for name, variable in ENVIRONMENT.items():
        if os.environ.get(variable):
            values[name], sources[name] = os.environ[variable], f"environment {variable}"
            where[name] = variable
    for name, value in flags.items():
        if value is not None:
            flag = f"--{FLAG_SPELLING.get(name, name.replace('_', '-'))}"
            values[name], sources[name], where[name] = value, f"flag {flag}", flag
    try:
        return Settings(**values, sources=sources)  # type: ignore[arg-type]
    except ValueError as exc:
        raise UsageError(_first_error(exc, where)) from None


def find_config(start: Path | None = None) -> Path | None:
    """VERIFIER_CONFIG, else verifier.toml or a pyproject.toml with [tool.verifier], in the
    working directory or the nearest parent."""
    named = os.environ.get("VERIFIER_CONFIG")
    if named:
        path = Path(named)
        if not path.is_file():
            raise UsageError(f"VERIFIER_CONFIG={named}: {_not_a_file(path)}")
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
    return {name: value for name, (_, value) in read_config_keys(path).items()}


def read_config_keys(path: Path) -> dict[str, tuple[str, object]]:
    """Each setting the file sets, with the key as written there (`rules.select`, `max-bytes`)."""
    data = _toml(path)
    table: Any = data.get("tool", {}).get("verifier", {}) if path.name == "pyproject.toml" else data
    if not isinstance(table, dict):
        raise UsageError(f"{path}: [tool.verifier] must be a table")
    values: dict[str, tuple[str, object]] = {}
    for key, value in table.items():
        if key == "rules":
            if not isinstance(value, dict):
                raise UsageError(f"{path}: rules: expected a table ([rules] or [tool.verifier.rules])")
            values.update(_rules_table(path, value))
        elif key in GLOB_KEYS:
            values[FILE_KEYS[key]] = (key, _strings(path, key, value))
        elif key in FILE_KEYS:
            values[FILE_KEYS[key]] = (key, value)
        elif key in ("api-key", "api_key"):
            raise UsageError(f"{path}: the API key is read from NCBI_API_KEY only, never from a file")
        else:
            raise UsageError(f"{path}: unknown key {key!r} (known: {', '.join([*FILE_KEYS, 'rules'])})")
    return values


def _rules_table(path: Path, table: dict[str, Any]) -> dict[str, tuple[str, object]]:
    values: dict[str, tuple[str, object]] = {}
    for key, value in table.items():
        written = f"rules.{key}"
        if key in RULE_KEYS:
            values[RULE_KEYS[key]] = (written, tuple(c.upper() for c in _strings(path, written, value)))
        elif key == "per-file-ignores":
            values["per_file_ignores"] = (written, tuple(
                (glob, tuple(c.upper() for c in _strings(path, f"{written}.{glob!r}", codes)))
                for glob, codes in _table(path, written, value).items()))
        elif key == "severity":
            values["severity"] = (written, tuple(
                (code.upper(), level) for code, level in _table(path, written, value).items()))
        else:
            known = ", ".join([*RULE_KEYS, *RULE_TABLES])
            raise UsageError(f"{path}: unknown key {written} (known: {known})")
    return values


def _strings(path: Path, key: str, value: object) -> tuple[str, ...]:
    """A list of strings (a single string is a list of one); anything else names the key."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise UsageError(f"{path}: {key}: expected a list of strings, got {value!r}"[:300])


def _table(path: Path, key: str, value: object) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise UsageError(f"{path}: {key}: expected a table, got {value!r}"[:300])
    return value


def _not_a_file(path: Path) -> str:
    """Why a config path cannot be read; a FIFO is never opened (reading it would wait forever)."""
    return "not a regular file (a FIFO, device or folder)" if path.exists() else "no such file"


def _toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"{path}: cannot read config ({exc})") from exc


def _first_error(exc: ValueError, where: dict[str, str] | None = None) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        first = errors()[0]
        loc = tuple(str(p) for p in first.get("loc", ()))
        message = str(first.get("msg", "invalid")).removeprefix("Value error, ")
        if loc and where and loc[0] in where:
            return f"{where[loc[0]]}: {message}"
        return f"invalid setting {'.'.join(loc)}: {message}"
    return str(exc)
