"""GraphStore on a real on-disk Oxigraph store, and (tests taking `store`) the same on a real
Oxigraph server: queries, per-document replace, atomicity."""

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from boussole.graph.build import build_plan_graph, plan_ids
from boussole.graph.sample import MINI_DEVICES, MINI_THEMES, mini_tagger, sample_plan, synthetic_plan
from boussole.graph.store import GraphStore, replace_request

EX = Namespace("http://example.org/")


@pytest.fixture()
def store(store_backend):
    with GraphStore(store_backend) as s:
        yield s


@pytest.fixture(scope="module")
def sample_graph():
    return build_plan_graph(sample_plan(), tagger=mini_tagger())


def toy_graph(version: str, n: int) -> Graph:
    g = Graph()
    for i in range(n):
        g.add((EX[f"s{i}"], EX.p, Literal(f"{version}-{i}")))
    return g


def test_roundtrip_is_isomorphic(store, sample_graph):
    ids = plan_ids(sample_plan().meta)
    assert store.document_hash(ids.graph) is None
    assert store.replace_document(ids.graph, sample_graph) == len(sample_graph)
    assert len(store) == len(sample_graph)
    back = store.graph(ids.graph)
    assert isomorphic(back, sample_graph) and set(back) == set(sample_graph)  # literals come back identical
    assert store.document_hash(ids.graph) == sample_plan().meta.sha256
    assert store.documents() == [(ids.graph, sample_plan().meta.sha256, sample_plan().meta.path, None)]


def test_sparql_indicators_of_an_objective(store, sample_graph):
    store.replace_document(plan_ids(sample_plan().meta).graph, sample_graph)
    rows = store.query("""
        SELECT ?label WHERE {
          ?obj a bsl:Objective ; skos:notation "1.1" ; bsl:hasIndicator ?ind .
          ?ind rdfs:label ?label } ORDER BY ?label""")
    assert [str(r.label) for r in rows] == [
        "Nombre de territoires éducatifs ruraux labellisés",
        "Part des élèves ayant utilisé le Pass Culture",
    ]


def test_sparql_figures_with_source_lines(store, sample_graph):
    store.replace_document(plan_ids(sample_plan().meta).graph, sample_graph)
    rows = list(
        store.query("""
        SELECT ?value ?unit ?start ?end ?path WHERE {
          ?f a bsl:Figure ; bsl:value ?value ; bsl:unit ?unit ; prov:wasDerivedFrom ?span .
          ?span bsl:startLine ?start ; bsl:endLine ?end ; bsl:document/bsl:path ?path } ORDER BY ?value""")
    )
    got = [(r.value.toPython(), str(r.unit), r.start.toPython(), r.end.toPython()) for r in rows]
    assert [(int(v), u, s, e) for v, u, s, e in got] == [
        (13, "internats d'excellence", 11, 11),
        (19, "%", 16, 16),
        (27, "%", 21, 21),
        (120, "élèves", 19, 19),
    ]
    assert {str(r.path) for r in rows} == {sample_plan().meta.path}


def test_sparql_projects_by_departement(store, sample_graph):
    store.replace_document(plan_ids(sample_plan().meta).graph, sample_graph)
    rows = store.query("""
        SELECT ?code ?dept ?title ?cnr WHERE {
          ?p a bsl:Project ; schema:name ?title ; bsl:isCNR ?cnr ;
             bsl:carriedBy/schema:location/schema:containedInPlace ?d .
          ?d skos:notation ?code ; rdfs:label ?dept } ORDER BY ?code""")
    assert [(str(r.code), str(r.dept), str(r.title), r.cnr.toPython()) for r in rows] == [
        ("03", "Allier", "Sciences en partage", False),
        ("15", "Cantal", "Lire à la campagne", True),
    ]


def test_rdflib_dataset_view(store, sample_graph):
    if not store.embedded:
        with pytest.raises(NotImplementedError):
            _ = store.dataset
        return
    ids = plan_ids(sample_plan().meta)
    store.replace_document(ids.graph, sample_graph)
    assert len(store.dataset.graph(ids.graph)) == len(sample_graph)
    rows = list(store.dataset.query("SELECT ?p WHERE { ?p a bsl:Plan }"))  # oxrdflib, union default graph
    assert [r.p for r in rows] == [ids.plan]


def test_default_union_switch(store):
    store.replace_document(EX.g1, toy_graph("a", 3))
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert int(next(iter(store.query(q))).n) == 3
    assert int(next(iter(store.query(q, default_union=False))).n) == 0  # store default graph is empty
    assert (
        int(next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", default_union=False))).n)
        == 3
    )
    assert bool(store.query("ASK { ?s ex:p ?o }".replace("ex:p", f"<{EX.p}>")).askAnswer)
    rows = store.query("SELECT ?s ?o WHERE { ?s ?p ?o }", bindings={"s": EX.s1})  # SEP-0007: ?s projected
    assert [str(r.o) for r in rows] == ["a-1"]


def test_replace_touches_exactly_one_named_graph(store):
    store.replace_document(EX.g1, toy_graph("a", 50))
    store.replace_document(EX.g2, toy_graph("b", 40))
    store.replace_document(EX.g1, toy_graph("c", 10))
    assert set(store.graph(EX.g1)) == set(toy_graph("c", 10))
    assert set(store.graph(EX.g2)) == set(toy_graph("b", 40))
    assert len(store) == 50
    store.remove_document(EX.g1)
    assert len(store.graph(EX.g1)) == 0 and len(store.graph(EX.g2)) == 40
    assert store.graphs() == [EX.g2]


@pytest.mark.parametrize("form", ["diff", "full"])
def test_failure_inside_the_update_leaves_old_graph_intact(store, form):
    """The exact request replace_document would send (diff: DELETE DATA + INSERT DATA; full: DROP +
    INSERT DATA), followed in the SAME request by an operation that fails at run time, i.e. after
    the deletes and inserts were executed: Oxigraph rolls the whole request back."""
    old = toy_graph("old", 1000)
    store.replace_document(EX.g1, old)
    store.replace_document(EX.g2, toy_graph("other", 10))
    new = toy_graph("new", 500) + toy_graph("old", 600)  # some triples stay, some go, some appear
    request = store.replace_plan(EX.g1, list(new)) if form == "diff" else replace_request(str(EX.g1), list(new))
    assert request.startswith("DELETE DATA" if form == "diff" else "DROP SILENT GRAPH")
    with pytest.raises(Exception, match="does not exist"):
        store._execute_update(request + " ;\nDROP GRAPH <urn:boussole:test:missing>")
    assert set(store.graph(EX.g1)) == set(old)
    assert len(store) == 1010
    store._execute_update(request)  # the same request without the failure does the swap
    assert set(store.graph(EX.g1)) == set(new)
    assert len(store) == len(new) + 10


def test_replace_sends_only_the_difference(store, sample_graph):
    ids = plan_ids(sample_plan().meta)
    store.replace_document(ids.graph, sample_graph)
    assert store.replace_plan(ids.graph, list(sample_graph)) is None  # same content: no write at all
    plan = sample_plan()
    plan.axes[0].children[0].children[0].label = "Développer les résidences d'écrivains"
    edited = build_plan_graph(plan, tagger=mini_tagger())
    request = store.replace_plan(ids.graph, list(edited))
    assert request.count("\n") < len(sample_graph) // 4
    store.replace_document(ids.graph, edited)
    assert set(store.graph(ids.graph)) == set(edited)


def test_malformed_triple_leaves_old_graph_intact(store):
    old = toy_graph("old", 100)
    store.replace_document(EX.g1, old)
    bad = toy_graph("new", 100)
    bad.add((URIRef("http://example.org/a b"), EX.p, Literal("x")))  # a space is not allowed in an IRI
    with pytest.raises(ValueError):
        store.replace_document(EX.g1, bad)
    bad = toy_graph("new", 100)
    bad.add((EX.s, EX.p, Literal("x", datatype=URIRef("http://example.org/bad type"))))
    with pytest.raises(ValueError):
        store.replace_document(EX.g1, bad)
    # SPARQL injection through an IRI is refused before anything is sent
    evil = URIRef(f"{EX.x}> }} }} ; DROP ALL ; INSERT DATA {{ GRAPH <{EX.g1}> {{ <{EX.y}")
    with pytest.raises(ValueError):
        store.replace_document(EX.g9, [(evil, EX.p, Literal("x"))])
    assert set(store.graph(EX.g1)) == set(old)


def test_tricky_literals_roundtrip(store):
    g = Graph()
    values = [
        'a "quoted" \\ back\\slash',
        "line\nbreak\r\n\ttab",
        "\\u0022 not an escape",
        "form\x0cfeed",
        "emoji 😀 é à ç Œ",
        "",
        "ends with backslash \\",
    ]
    for i, v in enumerate(values):
        g.add((EX[f"s{i}"], EX.p, Literal(v)))
        g.add((EX[f"s{i}"], EX.q, Literal(v, lang="fr")))
    g.add((EX.s, EX.n, Literal(3)))
    # canonical lexical form: Oxigraph stores typed literals canonically ("1.50" would come back "1.5")
    g.add((EX.s, EX.d, Literal("1.5", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal"))))
    store.replace_document(EX.g1, g)
    assert set(store.graph(EX.g1)) == set(g)


def _kill_writer_after(script: str, mark: str, delay: float) -> list[list[str]]:
    """Run a writer process printing BEGIN k / END k around each write, SIGKILL it `delay`
    seconds after the line starting with `mark`; return every line it printed, split."""
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    seen = []
    try:
        while True:
            line = proc.stdout.readline()
            if not line:
                break
            seen.append(line.split())
            if line.startswith(mark):
                break
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
        rest = proc.stdout.read()
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    return seen + [line.split() for line in rest.splitlines()]


@pytest.mark.slow
def test_sigkill_during_replace_keeps_a_complete_version(store_backend):
    """A writer process replaces one graph over and over (alternating two 20k-triple versions:
    each write deletes 20k triples and inserts 20k); we SIGKILL it while the update request is
    executing (it prints BEGIN/END around the store call) and reopen the store: the graph is
    exactly one complete version, the other graph untouched. On the server, the kill cuts the
    update request in flight (or leaves it to the server, which commits it whole)."""
    path = store_backend
    script = textwrap.dedent(f"""
        import sys
        from rdflib import Graph, Literal, Namespace
        from boussole.graph.store import GraphStore
        EX = Namespace("http://example.org/")
        def version(k, n=20000):
            g = Graph()
            for i in range(n):
                g.add((EX[f"s{{i}}"], EX.p, Literal(f"v{{k}}-{{i}}")))
            return g
        versions = [version(0), version(1)]
        store = GraphStore({str(path)!r})
        other = Graph(); other.add((EX.keep, EX.p, Literal("keep")))
        store.replace_document(EX.other, other)
        store.replace_document(EX.g, versions[1])
        k = 0
        while True:
            # exactly what replace_document does, with the request built before BEGIN so that
            # the BEGIN…END window is the store write itself, not Python string building
            request = store.replace_plan(EX.g, list(versions[k % 2]))
            print("BEGIN", k, flush=True)
            store._execute_update(request)
            print("END", k, flush=True)
            k += 1
    """)
    killed_inside = False
    for attempt in range(8):
        # a few replaces completed, then a kill at a random point of a BEGIN…END window
        seen = _kill_writer_after(script, "BEGIN 3", 0.02 + 0.03 * attempt)
        killed_inside = seen[-1][0] == "BEGIN"
        with GraphStore(path) as s:
            values = {str(o) for _s, _p, o, _g in s.quads(EX.g)}
            assert len(values) == 20000
            assert len({v.split("-")[0] for v in values}) == 1, "graph mixes two versions"
            assert {str(o) for _s, _p, o, _g in s.quads(EX.other)} == {"keep"}
        if killed_inside:
            break
    assert killed_inside, "never managed to kill the writer inside replace_document"
    print(f"killed inside replace #{seen[-1][1]} on attempt {attempt + 1}")


@pytest.mark.slow
def test_sigkill_during_bulk_load_of_a_new_graph_leaves_it_whole_or_absent(tmp_path):
    """A new graph is written by Oxigraph's bulk loader (embedded store), not by a transaction:
    a writer process loads one fresh 20k-triple graph after another (BEGIN/END around the store
    call) and is SIGKILLed inside a load; reopened, every graph is complete or absent (the one
    being loaded), the earlier ones are all there, and the store takes new writes."""
    path = tmp_path / "store"
    script = textwrap.dedent(f"""
        from rdflib import Literal, Namespace
        from boussole.graph.store import GraphStore
        EX = Namespace("http://example.org/")
        store = GraphStore({str(path)!r})
        k = 0
        while True:
            triples = [(EX[f"s{{i}}"], EX.p, Literal(f"g{{k}}-{{i}}")) for i in range(20000)]
            print("BEGIN", k, flush=True)
            store.replace_document(EX[f"g{{k}}"], triples)
            print("END", k, flush=True)
            k += 1
    """)
    killed_inside = False
    for attempt in range(12):
        shutil.rmtree(path, ignore_errors=True)
        # the BEGIN…END window includes building the quads: spread the kill over it
        seen = _kill_writer_after(script, "BEGIN 3", 0.01 * attempt)
        killed_inside = seen[-1][0] == "BEGIN"
        last = int(seen[-1][1])
        finished = {int(k) for word, k in seen if word == "END"}
        with GraphStore(path) as s:
            sizes = {str(g): len(list(s.quads(g))) for g in s.graphs()}
            for k in finished:
                assert sizes.pop(str(EX[f"g{k}"])) == 20000
            assert set(sizes) <= {str(EX[f"g{last}"])}, sizes  # nothing else was written
            assert all(n == 20000 for n in sizes.values()), f"graph g{last} half-loaded: {sizes}"
            s.replace_document(EX.after, [(EX.s, EX.p, Literal("after"))])
            assert {str(o) for _s, _p, o, _g in s.quads(EX.after)} == {"after"}
        if killed_inside:
            break
    assert killed_inside, "never managed to kill the writer inside a load"
    print(f"killed inside load #{last} on attempt {attempt + 1} ({'complete' if sizes else 'absent'})")


def test_readers_see_old_or_new_never_a_mix(store):
    sizes = {0: 1000, 1: 1500}
    graphs = {k: toy_graph(f"v{k}", n) for k, n in sizes.items()}
    store.replace_document(EX.g, graphs[0])
    stop = threading.Event()
    seen: list[int] = []
    errors: list[BaseException] = []

    def reader():
        try:
            while not stop.is_set():
                r = store.query(
                    f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{EX.g}> {{ ?s ?p ?o }} }}", default_union=False
                )
                seen.append(int(next(iter(r)).n))
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    t = threading.Thread(target=reader)
    t.start()
    try:
        for k in range(12):
            store.replace_document(EX.g, graphs[k % 2])
    finally:
        stop.set()
        t.join()
    assert not errors
    assert seen and set(seen) <= set(sizes.values())


def test_second_writer_is_refused_and_reopen_works(tmp_path):
    path = tmp_path / "store"
    with GraphStore(path) as s:
        s.replace_document(EX.g1, toy_graph("a", 5))
        with pytest.raises(OSError):
            GraphStore(path)
    with GraphStore(path) as s:
        assert len(s) == 5
    with GraphStore(path, read_only=True) as ro:
        assert len(ro) == 5
        with pytest.raises(PermissionError):
            ro.remove_document(EX.g1)


def test_load_vocabularies_idempotent_and_replaced_on_change(store, tmp_path):
    vdir = tmp_path / "vocab"
    vdir.mkdir()
    (vdir / "boussole.ttl").write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n<https://w3id.org/boussole/ns> a owl:Ontology .\n",
        encoding="utf-8",
    )
    (vdir / "devices.ttl").write_text(MINI_DEVICES, encoding="utf-8")
    (vdir / "themes.ttl").write_text(MINI_THEMES, encoding="utf-8")
    assert set(store.load_vocabularies(vdir).values()) == {"loaded"}
    n = len(store)
    assert set(store.load_vocabularies(vdir).values()) == {"unchanged"}
    assert len(store) == n
    (vdir / "themes.ttl").write_text(
        MINI_THEMES.replace('"campagne"@fr', '"campagne"@fr, "montagne"@fr'), encoding="utf-8"
    )
    status = store.load_vocabularies(vdir)
    assert status["themes.ttl"] == "loaded" and status["devices.ttl"] == "unchanged"
    assert len(store) == n + 1
    assert store.documents() == []  # vocabularies are not documents
    # a device label is reachable in the union with the data
    store.replace_document(plan_ids(sample_plan().meta).graph, build_plan_graph(sample_plan()))
    rows = store.query(
        """SELECT DISTINCT ?label WHERE { ?n bsl:device ?d . ?d skos:prefLabel ?label } ORDER BY ?label"""
    )
    assert [str(r.label) for r in rows] == ["Pass Culture", "territoires éducatifs ruraux"]


def test_stats(store, sample_graph):
    ids = plan_ids(sample_plan().meta)
    store.replace_document(ids.graph, sample_graph)
    store.replace_document(EX.other, toy_graph("x", 3))
    st = store.stats()
    assert st["quads"] == len(sample_graph) + 3 and st["documents"] == 1
    plan = st["plans"][str(ids.plan)]
    assert plan["graph"] == str(ids.graph) and plan["triples"] == len(sample_graph)
    assert plan["classes"]["bsl:Objective"] == 2 and plan["classes"]["bsl:Figure"] == 4
    assert plan["classes"]["bsl:Project"] == 2 and plan["classes"]["bsl:Indicator"] == 3
    assert st["classes"]["bsl:Axis"] == 1


@pytest.mark.slow
def test_timing_build_validate_store_synthetic(tmp_path, capsys):
    """Not a benchmark gate, a record: build + SHACL + store of a ~20k-triple document."""
    from boussole.graph import vocab
    from boussole.graph.validate import validate_graph

    plan = synthetic_plan(70, 8)
    t0 = time.perf_counter()
    g = build_plan_graph(plan, tagger=mini_tagger())
    t1 = time.perf_counter()
    report = validate_graph(g) if vocab.vocab_exists(vocab.SHAPES) else None
    t2 = time.perf_counter()
    with GraphStore(tmp_path / "s") as s:
        s.replace_document(plan_ids(plan.meta).graph, g)
        t3 = time.perf_counter()
        plan.axes[0].children[0].label += " (modifié)"  # one edited objective: its subtree changes
        g2 = build_plan_graph(plan, tagger=mini_tagger())
        t4 = time.perf_counter()
        s.replace_document(plan_ids(plan.meta).graph, g2)
        t5 = time.perf_counter()
        assert set(s.graph(plan_ids(plan.meta).graph)) == set(g2)
    with capsys.disabled():
        print(
            f"\n[timing] synthetic {len(g)} triples: build {t1 - t0:.2f}s, SHACL {t2 - t1:.2f}s, "
            f"store {t3 - t2:.2f}s, re-store after one edit {t5 - t4:.2f}s"
        )
    assert report is None or report.conforms, report.text
    assert len(g) > 20000
    assert t5 - t0 < 60
