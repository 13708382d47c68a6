"""The SPARQL worker's view of the embedded graph store: read-only, reopened when the writer has
settled. The view itself lives behind the store seam (graph/backends/embedded.py), where the
reasons are measured and written down; this module keeps the names the workers import.
"""

from __future__ import annotations

from boussole.graph.backends.embedded import SETTLE_S, ReadOnlyView, StoreUnavailable, fingerprint, is_store_error

_fingerprint = fingerprint


class ReadOnlyStore(ReadOnlyView):
    """`get()` returns the pyoxigraph store of the current read-only snapshot."""

    def get(self):  # type: ignore[override]
        return super().get().ox


__all__ = ["SETTLE_S", "ReadOnlyStore", "StoreUnavailable", "is_store_error"]
