"""The read-only SPARQL 1.1 endpoint, one module per concern:

- service.py: SparqlService, its settings and limits, run_query (what /sparql and the MCP tool call)
- protocol.py: the SPARQL 1.1 Protocol (GET/POST forms, dataset parameters, service description)
- guard.py: what is refused before a query runs (updates, SERVICE, depth)
- pool.py: the worker processes and their hard time limit
- worker.py: one worker process: runs a query on the read-only store, writes the answer
- sandbox.py: the worker's confinement (no network, seccomp)
- store.py: the read-only view of the embedded store the workers open
- formats.py: result formats and content negotiation
- remote.py: the same guards in front of a SPARQL server store

The HTTP routes are in api/routers/sparql.py. Worker processes import worker.py without
running this file, so nothing is imported here.
"""
