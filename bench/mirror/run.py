"""Mirror import speed and memory, beside Bio.Entrez on the same file, in one run.

    python bench/mirror/run.py [--records 30000]

Writes a GENERATED baseline-format file (bench/generated.py; it says so in every record) and,
each in its own process so that peak RSS is its own: `verifier mirror import` of the file into
a new mirror; Bio.Entrez.read of the whole file (the Biopython way: Bio.Entrez.parse refuses a
PubmedArticleSet, since the PubMed DTD does not make it a plain list, and the error is shown);
then projects the full PubMed baseline (about 36 million records) from the measured rate.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import generated  # noqa: E402  (bench/generated.py, beside this folder)

BASELINE_RECORDS = 36_000_000

OURS = """
import resource, sys, time
from verifier.evidence.mirror import Mirror
from pathlib import Path
mirror = Mirror(Path(sys.argv[2]))
started = time.perf_counter()
done = mirror.import_file(sys.argv[1])
elapsed = time.perf_counter() - started
print(done.records, elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

BIOPYTHON_READ = """
import gzip, resource, sys, time
from Bio import Entrez
from verifier.parse import safe_doctype
started = time.perf_counter()
with gzip.open(sys.argv[1], "rb") as handle:
    data = Entrez.read(__import__("io").BytesIO(safe_doctype(handle.read())), validate=False)
count = len(data["PubmedArticle"])
print(count, time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

BIOPYTHON_PARSE = """
import gzip, sys
from Bio import Entrez
from verifier.parse import safe_doctype
with gzip.open(sys.argv[1], "rb") as handle:
    head = handle.read()
try:
    for _ in Entrez.parse(__import__("io").BytesIO(safe_doctype(head)), validate=False):
        pass
    print("ok")
except Exception as exc:
    print(f"{type(exc).__name__}: {exc}")
"""


def child(code: str, *args: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(done.stderr[-800:])
    return done.stdout.split()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=30_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        source = generated.write(folder / "generated_baseline.xml.gz", range(args.records))
        size_mb = source.stat().st_size / 1e6
        count, seconds, rss = child(OURS, str(source), str(folder / "mirror.sqlite"))
        ours_rate, ours_rss = int(count) / float(seconds), int(rss) / 1024
        db_bytes = sum(p.stat().st_size for p in folder.glob("mirror.sqlite*"))
        b_count, b_seconds, b_rss = child(BIOPYTHON_READ, str(source))
        parse_outcome = " ".join(child(BIOPYTHON_PARSE, str(source)))
    per_record = db_bytes / int(count)
    hours = BASELINE_RECORDS / ours_rate / 3600
    print(f"GENERATED file: {args.records:,} records, {size_mb:.1f} MB gzipped\n")
    print("| | records/s | peak RSS |")
    print("|---|---|---|")
    print(f"| verifier mirror import (streamed, 500 at a time, into SQLite) | {ours_rate:,.0f} | {ours_rss:.0f} MB |")
    print(f"| Bio.Entrez.read, whole file (parse only, nothing stored) | {int(b_count) / float(b_seconds):,.0f} | "
          f"{int(b_rss) / 1024:.0f} MB |")
    print(f"| Bio.Entrez.parse (streaming) | refused: {parse_outcome[:90]} | |")
    print(f"\nmirror size: {per_record:,.0f} bytes a record; projection for the full baseline "
          f"({BASELINE_RECORDS / 1e6:.0f} M records) at this rate on one core: {hours:.1f} hours, "
          f"{per_record * BASELINE_RECORDS / 1e9:.0f} GB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
