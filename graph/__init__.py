"""Boussole graph layer: ExtractedPlan → RDF (build), SHACL check (validate), on-disk quad store
(store), dumps (dump), networkx view (view), theme tagging (themes), stable IRIs (iris).
Cross-plan links are derived above the search layer (boussole.derive)."""

from .build import PlanIds, build_plan_graph, document_graph_iri, plan_ids
from .namespaces import BSL, BSLD, BSLT, DEFAULT_BASE, ORG, QB, SCHEMA
from .store import DocumentRecord, GraphStore
from .themes import ThemeTagger
from .validate import Report, Violation, validate_graph

__all__ = [
    "BSL",
    "BSLD",
    "BSLT",
    "DEFAULT_BASE",
    "ORG",
    "QB",
    "SCHEMA",
    "PlanIds",
    "build_plan_graph",
    "document_graph_iri",
    "plan_ids",
    "DocumentRecord",
    "GraphStore",
    "ThemeTagger",
    "Report",
    "Violation",
    "validate_graph",
]
