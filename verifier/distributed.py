"""Distributed batch audits on Dask: the evidence is fetched once, here, at NCBI's rate (or from
the mirror); then each article's checks run on the cluster's workers.

    from verifier.distributed import audit_on_dask
    report = audit_on_dask(["archive/"], Settings(source="mirror"), "tcp://scheduler:8786")

`verifier audit PATHS --dask tcp://scheduler:8786` does the same; `--dask local` starts a local
cluster of worker processes. Install with `pip install 'verifier-health[dask]'`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from verifier.errors import UsageError
from verifier.models import Report, ReviewerInput
from verifier.pipeline import Progress, check_article, gather_evidence, load_articles
from verifier.settings import Settings


def audit_on_dask(paths: list[str], settings: Settings, scheduler: Any, progress: Progress | None = None,
                  reviewed: Mapping[str, ReviewerInput] | None = None) -> Report:
    """`scheduler`: a `distributed.Client`, a scheduler address, or "local"."""
    try:
        import distributed
    except ImportError as exc:
        raise UsageError("--dask needs Dask: pip install 'verifier-health[dask]'") from exc
    Client: Any = distributed.Client  # untyped library: keep its calls out of the type checker
    LocalCluster: Any = distributed.LocalCluster
    tasks = gather_evidence(load_articles(paths, settings), settings, progress, reviewed=reviewed)
    if isinstance(scheduler, Client):
        return _run(scheduler, tasks)
    if scheduler == "local":
        with LocalCluster(processes=True, threads_per_worker=1, dashboard_address=None) as cluster, \
                Client(cluster) as client:
            return _run(client, tasks)
    try:
        client = Client(scheduler, timeout="30s")
    except OSError as exc:
        raise UsageError(f"--dask {scheduler}: cannot reach the scheduler ({exc})") from exc
    with client:
        return _run(client, tasks)


def _run(client: Any, tasks: list[Any]) -> Report:
    futures = client.map(check_article, tasks, pure=False)
    return Report(articles=tuple(client.gather(futures)))
