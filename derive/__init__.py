"""Derived data computed from the graph and the search index together, written back to the
store: the cross-plan links. Sits above search/ so that graph/ and search/ never import it."""

from .links import Link, LinkReport, links_graph_iri, update_links

__all__ = ["Link", "LinkReport", "links_graph_iri", "update_links"]
