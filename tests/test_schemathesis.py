"""Property-based tests of the whole HTTP API against its own OpenAPI schema, on a real
`boussole serve` over the seed corpus: schemathesis reads /openapi.json from the server, generates
valid and invalid requests for every operation it lists (search, entities, chat, SPARQL, dumps,
health, the vocabulary, the comparison and graph views: 16 operations) and checks that

- no request gets a 5xx (a crash is never the answer to bad input);
- the status code is one the schema declares for that operation;
- the Content-Type and the body conform to the schema's response for that status.

schemathesis runs as its CLI, as a user would run it against their server: its pytest plugin's
lazy schemas do not work with this pytest version (they rename the test node by a private
attribute pytest 9 no longer has).
"""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "test-artifacts" / "schemathesis"
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
# 25 generated requests per operation in the fuzzing phase, on top of the schema's examples and
# the coverage phase's boundary values (empty, over-long, wrong type, missing): about 700 requests,
# under a minute on two cores. A fixed seed makes a failure reproducible with the same command.
EXAMPLES = 25
SEED = 20261203
OPERATIONS = {
    "GET /search",
    "GET /entities/{entity_id}",
    "POST /chat",
    "GET /sparql",
    "POST /sparql",
    "GET /dumps",
    "GET /dumps/{name}",
    "GET /health",
    "GET /plans",
    "GET /coverage",
    "GET /compare",
    "GET /graph/neighbourhood",
    "GET /plans/tree",
    "GET /why",
    "GET /analytics",
    "GET /vocabulary",
}


def test_schema_lists_every_route(live_server):
    """The fuzzing covers what the schema lists: it must list every public route, and only those."""
    with urllib.request.urlopen(live_server + "/openapi.json", timeout=30) as r:
        paths = json.load(r)["paths"]
    listed = {f"{m.upper()} {p}" for p, ops in paths.items() for m in ops}
    assert listed == OPERATIONS


def test_api_conforms_to_its_schema(live_server):
    REPORT.mkdir(parents=True, exist_ok=True)
    cli = Path(sys.executable).with_name("schemathesis")
    run = subprocess.run(
        [
            str(cli),
            "run",
            live_server + "/openapi.json",
            "--checks",
            CHECKS,
            "--max-examples",
            str(EXAMPLES),
            "--seed",
            str(SEED),
            "--workers",
            "1",
            "--phases",
            "examples,coverage,fuzzing",
            "--request-timeout",
            "60",
            "--no-shrink",
            "--report",
            "junit",
            "--report-junit-path",
            str(REPORT / "junit.xml"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=REPORT,
    )
    out = run.stdout + run.stderr
    assert run.returncode == 0, out[-20000:]
    # The run did test every operation (a schema it could not read would test none and pass).
    assert f"Tested: {len(OPERATIONS)}" in out, out[-3000:]
