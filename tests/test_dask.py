"""The seeds audited on a local Dask cluster of worker processes give the single-process report."""

from __future__ import annotations

import json
from contextlib import chdir

import pytest
from conftest import ROOT, SEED_CASSETTE

from verifier.claimfile import load
from verifier.pipeline import audit
from verifier.report.json_report import to_json
from verifier.settings import Settings

distributed = pytest.importorskip("distributed")


def test_dask_report_equals_the_single_process_report() -> None:
    settings = Settings(cassette=str(SEED_CASSETTE))
    with chdir(ROOT):
        files = [load(str(path)) for path in sorted((ROOT / "claims").glob("*.yaml"))]
        reviewed = {f.article: f.reviewer_input() for f in files}
        single = audit(["seeds/"], settings, reviewed=reviewed)
        from verifier.distributed import audit_on_dask

        with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                      dashboard_address=None) as cluster, distributed.Client(cluster) as client:
            spread = audit_on_dask(["seeds/"], settings, client, reviewed=reviewed)
            workers = len(client.scheduler_info()["workers"])
    assert workers == 2
    assert json.loads(to_json(spread)) == json.loads(to_json(single))
    assert sum(len(a.findings) for a in spread.articles) > 0
