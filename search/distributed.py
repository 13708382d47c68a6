"""Embedding as a distributed job: batches of passages encoded on Dask workers.

    runner = DaskEmbedder.start(workers=2)              # a LocalCluster on this machine
    runner = DaskEmbedder.start(address="tcp://scheduler:8786")   # `dask scheduler` + `dask worker`s

The index build (search/index.py) cuts the passages that miss the embedding cache into the same
batches as an in-process run, hands them to `encode`, and commits each batch's vectors to the
content-hash cache as it arrives: a run stopped midway resumes from the cache, and a cluster run
gives the vectors a local run gives (same engine, same batches). Every worker loads each engine
once (search.engines caches them per process) with one BLAS/OpenMP thread: the cluster's
parallelism is its processes.

Dask rather than Ray: a LocalCluster of 2 workers starts in ~1 s here, Ray's head in ~6.6 s,
and Dask's scheduler and workers are plain pip-installed commands.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np


def _encode(spec: str, texts: Sequence[str]) -> np.ndarray:
    import os

    os.environ.setdefault("OMP_NUM_THREADS", "1")  # before the engine's first import in this worker
    from boussole.search.engines import load_engine

    return load_engine(spec, threads=1).encode_passages(list(texts))


class DaskEmbedder:
    def __init__(self, client, cluster=None):
        self.client = client
        self.cluster = cluster  # owned (started here) when not None

    @classmethod
    def start(cls, workers: int | None = None, address: str | None = None) -> "DaskEmbedder":
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:  # the `server` extra
            raise ValueError("distributed embedding needs Dask: pip install -e '.[server]'") from exc
        if address:
            return cls(Client(address, timeout="30s"))
        cluster = LocalCluster(
            n_workers=workers or 2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            env={"OMP_NUM_THREADS": "1"},
        )
        return cls(Client(cluster), cluster)

    @property
    def workers(self) -> int:
        return len(self.client.scheduler_info().get("workers", {}))

    def warm(self, spec: str) -> None:
        """Load the engine on every worker now rather than inside the first batches."""
        self.client.run(_encode, spec, ["préchauffage"])

    def encode(self, spec: str, batches: Sequence[Sequence[str]]) -> Iterator[tuple[int, np.ndarray]]:
        """(batch number, vectors) for every batch, in the order they finish."""
        from distributed import as_completed

        futures = {self.client.submit(_encode, spec, list(b), pure=False): i for i, b in enumerate(batches)}
        try:
            for fut in as_completed(futures):
                yield futures[fut], np.asarray(fut.result(), dtype=np.float32)
        finally:
            for fut in futures:  # an interrupted build leaves nothing running on the cluster
                fut.cancel()

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
