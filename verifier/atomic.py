"""One atomic writer for every file verifier writes (reports, baselines, claim files).

The text goes to a temporary file beside the target, is flushed to disk, then renamed over the
target: an interrupted run leaves the previous file whole, never a partial one. A target that is
a symbolic link is refused rather than written through, so `--out` cannot be pointed elsewhere.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from verifier.errors import UsageError


@contextmanager
def atomic_stream(target: Path, what: str = "output") -> Iterator[TextIO]:
    if target.is_symlink():
        raise UsageError(f"{what} {target}: is a symbolic link; refusing to write through it")
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_atomic(target: Path, text: str, what: str = "output") -> None:
    with atomic_stream(target, what) as stream:
        stream.write(text)
