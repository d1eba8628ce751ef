"""Build cassettes/seeds.yaml, the RECONSTRUCTED evidence snapshot the seeds' audit replays.

PubMed cannot be reached from the machines this project is built on. This script
runs the real PubMed client, under vcrpy, against `FakeEutils` loaded with the
records in cassettes/reconstructed/ (facts from shared/records/seed-citations.json,
each with its provenance). Every response carries the header
`X-Verifier-Reconstructed`, so the client reports ids the snapshot lacks as
"not in snapshot" rather than "not found". Only exchanges whose answer is known are
recorded: nothing for references whose record nobody confirmed.

    python cassettes/build_seeds.py            # rewrite cassettes/seeds.yaml

To record the real thing where PubMed is reachable:

    verifier audit seeds/ --cassette cassettes/seeds.yaml --record-mode all --email YOU@EXAMPLE.ORG
"""

from __future__ import annotations

import sys
from pathlib import Path

import httpx

from verifier.citations import find_citations
from verifier.evidence.eutils.client import PubMedClient, RetryPolicy
from verifier.evidence.eutils.ratelimit import RateLimiter
from verifier.evidence.eutils.requests import Identity
from verifier.evidence.eutils.snapshot import RECONSTRUCTED_HEADER, recorder
from verifier.ingest import iter_paths, load

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "tests"))  # the fake E-utilities live in tests/support
from support.fake_eutils import FakeEutils  # noqa: E402

NOTE = ("reconstructed from shared/records/seed-citations.json (confirmed facts only); "
        "not a recording of PubMed")
BANNER = ("# RECONSTRUCTED evidence snapshot, NOT a recording of PubMed: see cassettes/README.md.\n"
          "# Built by cassettes/build_seeds.py from cassettes/reconstructed/*.xml.\n")
CONFIRMED_DOIS = ["10.3390/jcm12196311"]


def main() -> None:
    documents = [p.read_text(encoding="utf-8") for p in sorted((HERE / "reconstructed").glob("*.xml"))]
    fake = FakeEutils(documents, extra_headers={RECONSTRUCTED_HEADER: NOTE})
    seeds = [load(p) for p in iter_paths([str(HERE.parent / "seeds")])]
    pmids = [c.pmid for article in seeds for c in find_citations(article) if c.pmid]
    target = HERE / "seeds.yaml"
    target.unlink(missing_ok=True)
    sent = 0
    with recorder("all").use_cassette(str(target)):
        # a fresh client for each exchange set: a client fetches a PMID once per run, and a
        # run may ask for it as a batch, alone, or behind a DOI
        for ask in ([lambda c: c.fetch(list(dict.fromkeys(pmids)))]
                    + [lambda c, p=pmid: c.fetch([p]) for pmid in fake.articles]  # type: ignore[misc]
                    + [lambda c: c.pmids_for_dois(CONFIRMED_DOIS)]):
            client = PubMedClient(Identity(), transport=httpx.MockTransport(fake),
                                  limiter=RateLimiter(1000), retry=RetryPolicy(attempts=1))
            ask(client)
            sent += client.requests_sent
    target.write_text(BANNER + target.read_text(encoding="utf-8"), encoding="utf-8")
    print(f"wrote {target} ({sent} exchanges)")


if __name__ == "__main__":
    main()
