"""Build cassettes/crossref/dois.yaml, the RECONSTRUCTED Crossref snapshot, from works.yaml.

Crossref cannot be reached from the machines this project is built on. This script runs the
real Crossref client, under vcrpy, against `FakeCrossref` (tests/support) serving the works in
works.yaml (facts only, each with its provenance). Every answer carries the header
`X-Verifier-Reconstructed`. Only works are recorded: no 404 is recorded, since no absence is
known, so a DOI the snapshot lacks is "Crossref: not in snapshot" (unverified).

    python cassettes/crossref/build.py

To record the real thing where Crossref is reachable (the e-mail is filtered out):

    VERIFIER_CROSSREF_CASSETTE=cassettes/crossref/dois.yaml \
        verifier audit ARTICLE --record-mode all --email YOU@EXAMPLE.ORG
"""

from __future__ import annotations

import sys
from pathlib import Path

import httpx
import yaml

from verifier.evidence.crossref.client import CrossrefClient
from verifier.evidence.eutils.client import RetryPolicy
from verifier.evidence.eutils.ratelimit import RateLimiter
from verifier.evidence.eutils.snapshot import RECONSTRUCTED_HEADER

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parents[1] / "tests"))  # the fake Crossref lives in tests/support
from support.fake_crossref import FakeCrossref  # noqa: E402

NOTE = "reconstructed from known facts (cassettes/crossref/works.yaml); not a recording of Crossref"
BANNER = ("# RECONSTRUCTED Crossref snapshot, NOT a recording of api.crossref.org: see cassettes/README.md.\n"
          "# Built by cassettes/crossref/build.py from cassettes/crossref/works.yaml.\n")


def main() -> None:
    works = yaml.safe_load((HERE / "works.yaml").read_text(encoding="utf-8"))
    served = [{k: v for k, v in w.items() if k != "provenance"} for w in works]
    fake = FakeCrossref(served, extra_headers={RECONSTRUCTED_HEADER: NOTE})
    target = HERE / "dois.yaml"
    target.unlink(missing_ok=True)
    client = CrossrefClient(transport=httpx.MockTransport(fake), limiter=RateLimiter(1000),
                            retry=RetryPolicy(attempts=1), cassette=str(target), record_mode="all")
    answer = client.works([str(w["DOI"]) for w in served])
    client.close()
    if answer.unavailable or answer.missing:
        raise SystemExit(f"not every work was served: {dict(answer.unavailable)} {sorted(answer.missing)}")
    target.write_text(BANNER + target.read_text(encoding="utf-8"), encoding="utf-8")
    print(f"wrote {target} ({client.requests_sent} exchanges)")


if __name__ == "__main__":
    main()
