"""/sparql on a server store: the query is checked here, then forwarded to the SPARQL server.

The same guards as the embedded endpoint apply before anything is sent (guard.py: no
updates, no SERVICE, FROM graphs must exist in the store); the answer is read back as SPARQL
JSON results / N-Triples, cut at the row cap and written in the client's format by the same
writers (formats.py), so a client cannot tell the two apart. The time limit is the HTTP
client's: the forwarding request is abandoned at the deadline and the client gets the same 503;
set the server's own limit to the same value (`oxigraph serve --timeout-s S`, Virtuoso
`MaxQueryExecutionTime`, Fuseki `arq:queryTimeout`) so that it stops the query too.
"""

from __future__ import annotations

from boussole.graph.backends import open_backend

from .guard import check_query
from .worker import Executor, QueryJob, QueryOutcome, error


class RemoteExecutor(Executor):
    def __init__(self, url: str, prefixes: dict[str, str], timeout_s: float, **endpoints):
        self.prefixes = dict(prefixes)
        self.timeout_s = timeout_s
        self.backend = open_backend(url, read_only=True, timeout_s=timeout_s, **endpoints)

    def execute(self, job: QueryJob) -> QueryOutcome:
        check = check_query(job.query, self.prefixes)
        if check.refusal:
            return error(400, check.refusal)
        kwargs: dict = {"default_union": True}
        if job.default_graphs or job.named_graphs:
            kwargs = {"default_graph": list(job.default_graphs), "named_graphs": list(job.named_graphs)}
        try:
            if not (job.default_graphs or job.named_graphs) and (check.from_graphs or check.from_named):
                missing = [g for g in (*check.from_graphs, *check.from_named) if not self.backend.has_graph(g)]
                if missing:
                    return error(
                        400,
                        "FROM / FROM NAMED graph not in this store: "
                        + ", ".join(f"<{g}>" for g in missing)
                        + ". This endpoint never fetches graphs from the web.",
                    )
            if check.from_graphs or check.from_named or check.mentions_from:
                kwargs["default_union"] = False  # the query's own dataset applies
            result = self.backend.query(
                job.query, prefixes=self.prefixes, base_iri=job.base_iri, timeout_s=self.timeout_s, **kwargs
            )
            return self._render(result, job)
        except TimeoutError:
            return error(
                503,
                f"query stopped after the time limit of {self.timeout_s:g} s. Make it more "
                "selective (fewer unbound patterns, LIMIT, FILTER early) and try again.",
                {"X-Boussole-Timeout": f"{self.timeout_s:g}"},
            )
        except ValueError as e:
            return error(400, f"query could not be evaluated: {e}")
        except (ConnectionError, RuntimeError) as e:
            return error(503, f"the graph store is unavailable: {e}", {"Retry-After": "2"})

    def close(self) -> None:
        self.backend.close()
