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

from pathlib import Path

import httpx

from verifier.citations import find_citations
from verifier.ingest import iter_paths, load
from verifier.pubmed.client import RECONSTRUCTED_HEADER, PubMedClient, RetryPolicy
from verifier.pubmed.fake import FakeEutils
from verifier.pubmed.ratelimit import RateLimiter
from verifier.pubmed.requests import Identity
from verifier.pubmed.snapshot import recorder

HERE = Path(__file__).parent
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
    client = PubMedClient(Identity(), transport=httpx.MockTransport(fake),
                          limiter=RateLimiter(1000), retry=RetryPolicy(attempts=1))
    with recorder("all").use_cassette(str(target)):
        client.fetch(list(dict.fromkeys(pmids)))
        for pmid in fake.articles:
            client.fetch([pmid])
        client.pmids_for_dois(CONFIRMED_DOIS)
    target.write_text(BANNER + target.read_text(encoding="utf-8"), encoding="utf-8")
    print(f"wrote {target} ({client.requests_sent} exchanges)")


if __name__ == "__main__":
    main()
