"""The `boussole` command: ingest, search, serve, mcp, stats, sparql."""

from __future__ import annotations

import argparse
import json
import os
import socket
import sys
from pathlib import Path

from . import __version__
from .datadir import DataDir

EXAMPLES = """examples:
  boussole ingest                       ingest the bundled corpus (corpus/manifest.json)
  boussole ingest plan.pdf --academy Lyon --period 2024-2028
  boussole stats --json
  boussole sparql 'SELECT ?o ?label WHERE { ?o a bsl:Objective ; rdfs:label ?label }'
  boussole sparql @query.rq --format csv
  boussole search "projects supporting rural access to culture"
  boussole search "internats d'excellence" --type Figure --academy Amiens --json
  boussole mcp --data data              MCP server over stdio, for chat clients (see README)
Data (store, index, dumps) lives in --data DIR, or $BOUSSOLE_DATA, or ./data.
The graph can live on a SPARQL server instead: --store http://127.0.0.1:7878 (an Oxigraph
server) or $BOUSSOLE_STORE; other servers with --store-query/--store-update/--store-graphs.
Search engines: --engines or $BOUSSOLE_ENGINES (default "e5,use"; "st:<model dir or package>"
adds a local sentence-transformers model).
"""


def _data_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", metavar="DIR", help="data directory (default: $BOUSSOLE_DATA or ./data)")
    g = p.add_argument_group("graph store (default: the embedded store in DATA/store)")
    g.add_argument(
        "--store",
        metavar="URL",
        help="graph store: http://HOST:PORT for an Oxigraph server, "
        "oxigraph:DIR for an embedded store elsewhere (default: $BOUSSOLE_STORE)",
    )
    g.add_argument(
        "--store-query",
        metavar="URL",
        help="SPARQL query endpoint of another server (Virtuoso, Fuseki, GraphDB…; default: $BOUSSOLE_STORE_QUERY)",
    )
    g.add_argument("--store-update", metavar="URL", help="its SPARQL update endpoint ($BOUSSOLE_STORE_UPDATE)")
    g.add_argument("--store-graphs", metavar="URL", help="its Graph Store endpoint ($BOUSSOLE_STORE_GRAPHS)")
    p.add_argument(
        "--index",
        metavar="URL",
        help="search index: postgresql://… for PostgreSQL + pgvector "
        "(default: $BOUSSOLE_INDEX, else files in DATA/index)",
    )


def _store_config(args):
    from boussole.graph.backends import StoreConfig

    if getattr(args, "index", None):  # every index user (ingest, serve, search, mcp) reads it from there
        os.environ["BOUSSOLE_INDEX"] = args.index
    return StoreConfig.resolve(
        DataDir.resolve(args.data).root, args.store, args.store_query, args.store_update, args.store_graphs
    )


def _engines(args) -> tuple[str, ...] | None:
    return tuple(args.engines.split(",")) if args.engines else None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="boussole",
        description="Knowledge graph and search over French education plans.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"boussole {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="ingest plans (default: the bundled corpus) into the graph store")
    p.add_argument("paths", nargs="*", type=Path, help=".txt, .md or .pdf files; none = the bundled corpus")
    p.add_argument("--academy", help="académie publishing the plan (inferred from the text if omitted)")
    p.add_argument("--title", help="title of the plan")
    p.add_argument("--period", help="period covered, e.g. 2023-2027")
    p.add_argument("--kind", choices=["plan", "progress-report"], help="plan or progress report")
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    p.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="read documents in N processes side by side, and embed new passages on a local Dask cluster "
        "of N worker processes (the cluster needs the `server` extra)",
    )
    p.add_argument(
        "--cluster",
        metavar="ADDRESS",
        help="embed new passages on this Dask scheduler (tcp://HOST:8786; needs the `server` extra)",
    )
    _data_arg(p)

    p = sub.add_parser("search", help="search plans by theme, in French or English")
    p.add_argument("query", help="words or a question, French or English")
    p.add_argument(
        "--type",
        action="append",
        metavar="T",
        help="only this node type (Objective, Engagement, Indicator, Action, Project, Figure, "
        "Passage, Axis, Focus); repeatable",
    )
    p.add_argument("--academy", action="append", metavar="A", help="only this académie (name); repeatable")
    p.add_argument("--theme", action="append", metavar="T", help="only this theme (id, label or IRI); repeatable")
    p.add_argument("--device", action="append", metavar="D", help="only this device (id, label or IRI); repeatable")
    p.add_argument("--k", type=int, default=10, help="number of results (default 10)")
    p.add_argument("--json", action="store_true", help="print the JSON of GET /search")
    p.add_argument("--engines", help='embedding engines, comma-separated (default "e5,use")')
    p.add_argument("--rebuild", action="store_true", help="rebuild the search index first (from the cache)")
    _data_arg(p)

    p = sub.add_parser(
        "serve",
        help="serve the API, the SPARQL endpoint and the web page (ingests the bundled "
        "corpus first when the store is empty)",
    )
    p.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--engines", help='embedding engines, comma-separated (default "e5,use")')
    p.add_argument("--no-ingest", action="store_true", help="do not ingest the bundled corpus into an empty store")
    p.add_argument(
        "--sparql-timeout",
        type=float,
        default=10.0,
        metavar="S",
        help="per-query SPARQL time limit in seconds; the query is stopped (default 10)",
    )
    p.add_argument(
        "--sparql-max-rows",
        type=int,
        default=10000,
        metavar="N",
        help="SPARQL rows (or triples) returned at most (default 10000)",
    )
    p.add_argument("--sparql-workers", type=int, default=2, metavar="N", help="SPARQL queries run at once (default 2)")
    p.add_argument(
        "--sparql-per-client",
        type=int,
        default=None,
        metavar="N",
        help="SPARQL queries one client address may run at once; its others wait their turn "
        "(default: workers - 1, so one client never holds every worker)",
    )
    p.add_argument(
        "--sparql-max-bytes",
        type=int,
        default=16 << 20,
        metavar="N",
        help="bytes of one SPARQL answer; rows past it are cut (default 16 MiB)",
    )
    p.add_argument(
        "--sparql-max-literal-bytes",
        type=int,
        default=1 << 20,
        metavar="N",
        help="bytes of one literal in a SPARQL answer; longer values are cut (default 1 MiB)",
    )
    p.add_argument(
        "--public-url",
        metavar="URL",
        help="the URL clients reach this server at, behind a proxy for instance (default "
        "http://HOST:PORT); the SPARQL service description names it, never the Host header",
    )
    p.add_argument(
        "--header-timeout",
        type=float,
        default=10.0,
        metavar="S",
        help="a request's headers must arrive within S seconds (default 10; then 408)",
    )
    p.add_argument(
        "--body-timeout",
        type=float,
        default=30.0,
        metavar="S",
        help="a request's body must arrive within S seconds of its headers (default 30)",
    )
    p.add_argument(
        "--cors", action="append", metavar="ORIGIN", help="allow this browser origin (CORS is off by default)"
    )
    p.add_argument(
        "--chat-llm",
        metavar="URL",
        help="optional OpenAI-compatible endpoint that rephrases chat "
        "answers (off by default; citations are always kept)",
    )
    p.add_argument("--chat-llm-model", metavar="NAME", help="model name for --chat-llm")
    _data_arg(p)

    p = sub.add_parser(
        "mcp",
        help="Model Context Protocol server for chat clients (search, entity, compare, sparql tools)",
        description="Serve Boussole's tools over the Model Context Protocol: search, entity, compare and\n"
        "read-only sparql, with the same inputs, limits and errors as the HTTP API. By default\n"
        "it speaks MCP over stdin/stdout, which is how an MCP host (a chat client) launches it;\n"
        "nothing but protocol messages goes to stdout. Run `boussole ingest` first.",
        epilog="example host entry (JSON):\n"
        '  {"mcpServers": {"boussole": {"command": "boussole", "args": ["mcp", "--data", "/path/to/data"]}}}\n'
        "try it by hand:  boussole mcp --data data --http 8765   (then point an MCP client at "
        "http://127.0.0.1:8765/mcp)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--engines", help='embedding engines, comma-separated (default "e5,use")')
    p.add_argument(
        "--sparql-timeout",
        type=float,
        default=10.0,
        metavar="S",
        help="per-query SPARQL time limit in seconds, as for serve (default 10)",
    )
    p.add_argument(
        "--sparql-max-rows",
        type=int,
        default=10000,
        metavar="N",
        help="SPARQL rows (or triples) returned at most, as for serve (default 10000)",
    )
    p.add_argument(
        "--http",
        type=int,
        metavar="PORT",
        help="serve MCP over streamable HTTP on 127.0.0.1:PORT (path /mcp) instead of stdio",
    )
    _data_arg(p)

    p = sub.add_parser("stats", help="counts per type per plan")
    p.add_argument("--json", action="store_true", help="print JSON")
    _data_arg(p)

    p = sub.add_parser("sparql", help="run a read-only SPARQL query on the graph")
    p.add_argument("query", help="the query, or @file to read it from a file")
    p.add_argument(
        "--format",
        choices=["json", "csv", "turtle"],
        default=None,
        help="json (SPARQL 1.1 JSON results), csv, or turtle (CONSTRUCT/DESCRIBE); default: a table",
    )
    _data_arg(p)
    return parser


def listen_tcp(host: str, port: int) -> socket.socket:
    """A listening socket for uvicorn. socket.create_server leaves the protocol number at 0, and
    asyncio only sets TCP_NODELAY on accepted sockets whose protocol is IPPROTO_TCP: without it,
    Nagle's algorithm held the body of every small keep-alive response until the client's delayed
    ACK, ~40 ms per request."""
    info = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)[0]
    sock = socket.socket(info[0], socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(info[4])
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    return sock


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return {
            "ingest": cmd_ingest,
            "stats": cmd_stats,
            "sparql": cmd_sparql,
            "search": cmd_search,
            "serve": cmd_serve,
            "mcp": cmd_mcp,
        }[args.command](args)
    except KeyboardInterrupt:
        print("interrupted: the store keeps the last completed documents", file=sys.stderr)
        return 130
    except ConnectionError as exc:  # a server store that does not answer: one line, not a traceback
        print(f"error: {exc}", file=sys.stderr)
        return 2


def cmd_ingest(args) -> int:
    from .jobs import Source, bundled_sources, embed_runner, eprint, ingest

    if args.paths:
        sources = [Source(p, str(p), args.academy, args.title, args.period, args.kind) for p in args.paths]
    else:
        sources = bundled_sources()
    try:
        embed = embed_runner(args.workers, args.cluster)
    except ValueError as exc:
        eprint(f"error: {exc}")
        return 2
    try:
        report = ingest(
            sources,
            DataDir.resolve(args.data).root,
            progress=None if args.quiet else eprint,
            store=_store_config(args),
            embed=embed,
            workers=args.workers,
        )
    except (ConnectionError, PermissionError) as exc:
        eprint(f"error: {exc}")
        return 2
    finally:
        if embed is not None:
            embed.close()
    n_ok = sum(o.status == "ingested" for o in report.outcomes)
    n_same = sum(o.status == "unchanged" for o in report.outcomes)
    print(f"{n_ok} ingested, {n_same} unchanged, {len(report.failed)} failed")
    for o in report.failed:
        print(f"error: {o.path}: {o.detail}", file=sys.stderr)
    return 1 if report.failed else 0


def _open_store(args):
    from boussole.api.backend import StoreMissing, open_store

    config = _store_config(args)
    try:
        return open_store(config)
    except StoreMissing as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    except (ConnectionError, OSError) as exc:
        print(f"error: cannot open the graph store {config}: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


def cmd_stats(args) -> int:
    with _open_store(args) as store:
        stats = store.stats()
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=2))
        return 0
    print(f"{stats['quads']} quads, {stats['documents']} documents")
    for plan, info in stats.get("plans", {}).items():
        print(f"\n{info['label'] or plan}\n  {plan}  ({info['triples']} triples)")
        for kind, n in sorted(info.get("classes", {}).items(), key=lambda kv: (-kv[1], kv[0])):
            print(f"  {kind:<24} {n}")
    return 0


def cmd_serve(args) -> int:
    import uvicorn

    from boussole.api.app import Settings, create_app
    from boussole.api.backend import StoreMissing, open_store
    from boussole.search.engines import EngineUnavailable
    from boussole.search.index import load_engines
    from boussole.search.service import engine_specs

    from .jobs import bundled_sources, eprint, ingest

    data = DataDir.resolve(args.data)
    for name in ("sparql_workers", "sparql_per_client", "sparql_max_bytes", "sparql_max_literal_bytes"):
        value = getattr(args, name)
        if value is not None and value < 1:
            eprint(f"error: --{name.replace('_', '-')} must be at least 1 (got {value})")
            return 2
    # Bind first: a busy port is an immediate error, not one after a minute of ingest.
    try:
        sock = listen_tcp(args.host, args.port)
    except OSError as exc:
        reason = os.strerror(exc.errno) if exc.errno else str(exc)
        eprint(
            f"error: cannot listen on {args.host}:{args.port}: {reason} (another server there? choose one with --port)"
        )
        return 2
    config = _store_config(args)
    try:
        with open_store(config) as store:
            empty = not store.documents()
    except StoreMissing:
        empty = True
    except (ConnectionError, OSError) as exc:
        eprint(f"error: cannot open the graph store {config}: {exc}")
        return 2
    if empty and not args.no_ingest:
        eprint(f"the store {config} is empty: ingesting the bundled corpus first…")
        report = ingest(bundled_sources(), data.root, progress=eprint, store=config, engines=_engines(args))
        for o in report.failed:
            eprint(f"error: {o.path}: {o.detail}")
        if report.index_error:
            eprint(f"error: {report.index_error}")
            return 2
    elif empty:
        eprint(f"error: no graph store in {data}: run `boussole ingest` or drop --no-ingest")
        return 2
    url = f"http://{args.host}:{args.port}/"
    public = (args.public_url or url).rstrip("/")
    if not public.startswith(("http://", "https://")):
        eprint(f"error: --public-url must be an http:// or https:// URL (got {args.public_url!r})")
        return 2
    for name in ("header_timeout", "body_timeout"):
        if getattr(args, name) <= 0:
            eprint(f"error: --{name.replace('_', '-')} must be positive")
            return 2
    settings = Settings(
        public_url=public,
        sparql_max_bytes=args.sparql_max_bytes,
        sparql_max_literal_bytes=args.sparql_max_literal_bytes,
        data=data,
        store=config,
        engines=_engines(args),
        sparql_timeout_s=args.sparql_timeout,
        sparql_max_rows=args.sparql_max_rows,
        sparql_workers=args.sparql_workers,
        sparql_per_client=args.sparql_per_client,
        cors_origins=tuple(args.cors or ()),
        chat_llm_url=args.chat_llm,
        chat_llm_model=args.chat_llm_model,
        ready_message=f"Boussole is ready on {url}  (API docs {url}docs, SPARQL {url}sparql; Ctrl-C stops)",
    )
    try:
        # Engines load here, before the server starts, so that a missing model is one clear
        # line and exit code 2 rather than a startup traceback (loads are cached per process).
        load_engines(engine_specs(args.engines), settings.threads)
        app = create_app(settings)
    except EngineUnavailable as exc:
        eprint(f"error: {exc}")
        return 2
    eprint(f"starting Boussole on {url} (loading the search index and engines)…")
    from boussole.api.http_protocol import guarded_h11

    protocol = guarded_h11(header_timeout_s=args.header_timeout, body_timeout_s=args.body_timeout)
    uvicorn.Server(uvicorn.Config(app, log_level="warning", http=protocol)).run(sockets=[sock])
    return 0


def cmd_mcp(args) -> int:
    from boussole.api.backend import Settings, StoreMissing, open_backend
    from boussole.api.mcp_server import build_server
    from boussole.search.engines import EngineUnavailable

    from .jobs import eprint

    settings = Settings(
        data=DataDir.resolve(args.data),
        store=_store_config(args),
        engines=_engines(args),
        sparql_timeout_s=args.sparql_timeout,
        sparql_max_rows=args.sparql_max_rows,
    )
    sock = None
    if args.http is not None:
        # Bind first, as serve does: a busy port is one clear line, before the index loads.
        try:
            sock = listen_tcp("127.0.0.1", args.http)
        except OSError as exc:
            reason = os.strerror(exc.errno) if exc.errno else str(exc)
            eprint(f"error: cannot listen on 127.0.0.1:{args.http}: {reason} (choose another port with --http)")
            return 2
    try:
        backend = open_backend(settings, progress=eprint)
    except (StoreMissing, EngineUnavailable) as exc:
        eprint(f"error: {exc}")
        return 2
    server = build_server(backend)
    try:
        if sock is not None:
            import uvicorn

            eprint(f"Boussole MCP server on http://127.0.0.1:{args.http}/mcp (Ctrl-C stops)")
            # host= turns on the SDK's DNS-rebinding guard for a loopback server
            app = server.streamable_http_app(host="127.0.0.1")
            uvicorn.Server(uvicorn.Config(app, log_level="warning")).run(sockets=[sock])
        else:
            server.run("stdio")
    finally:
        backend.close()
    return 0


def cmd_search(args) -> int:
    from boussole.api.backend import Settings, StoreMissing, open_backend
    from boussole.search.engines import EngineUnavailable
    from boussole.search.hybrid import Filters

    from .jobs import eprint

    if args.k < 1:
        print("error: --k must be at least 1", file=sys.stderr)
        return 2
    if not args.query.strip():
        print("error: the query is empty", file=sys.stderr)
        return 2
    config = _store_config(args)
    try:
        backend = open_backend(
            Settings(data=DataDir.resolve(args.data), store=config, engines=_engines(args)),
            progress=eprint,
            rebuild=args.rebuild,
            require_documents=False,
        )
    except (StoreMissing, EngineUnavailable) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (ConnectionError, OSError) as exc:
        print(f"error: cannot open the graph store {config}: {exc}", file=sys.stderr)
        return 2
    filters = Filters(
        types=tuple(args.type or ()),
        academies=tuple(args.academy or ()),
        themes=tuple(args.theme or ()),
        devices=tuple(args.device or ()),
    )
    try:
        result = backend.searcher.search(args.query, k=args.k, filters=filters)
    finally:
        backend.close()
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=1))
        return 0
    if not result.hits:
        print("no result")
        return 0
    for n, hit in enumerate(result.hits, 1):
        u = hit.unit
        crumbs = " › ".join(
            x for x in (u.plan.label, u.axis.label if u.axis else None, u.objective.label if u.objective else None) if x
        )
        print(f"{n:>2}. [{u.type}] {u.label}")
        print(f"    {crumbs}")
        if u.lines:
            lines = f"line {u.lines[0]}" if u.lines[0] == u.lines[1] else f"lines {u.lines[0]}–{u.lines[1]}"
            print(f"    {u.document}, {lines}")
        extra = [", ".join(d.label for d in u.devices), ", ".join(t.label for t in u.themes)]
        if any(extra):
            print("    " + " · ".join(x for x in extra if x))
        print(f"    {u.id}")
    return 0


def cmd_sparql(args) -> int:
    query = args.query
    if query.startswith("@"):
        try:
            query = Path(query[1:]).read_text(encoding="utf-8")
        except OSError as exc:
            print(f"error: cannot read query file {query[1:]}: {exc.strerror}", file=sys.stderr)
            return 2
    if _is_update(query):
        print("error: updates are refused: the graph is read-only through this command", file=sys.stderr)
        return 2
    with _open_store(args) as store:
        try:
            result = store.query(query)
        except Exception as exc:  # the SPARQL parser's message is the useful part
            print(f"error: bad SPARQL query: {exc}", file=sys.stderr)
            return 2
        out = sys.stdout.buffer
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            out.write(result.serialize(format="turtle"))
        elif args.format in ("json", "csv"):
            out.write(result.serialize(format=args.format))
        elif args.format == "turtle":
            print("error: --format turtle is for CONSTRUCT or DESCRIBE queries", file=sys.stderr)
            return 2
        elif result.type == "ASK":
            print("true" if result.askAnswer else "false")
        else:
            names = [str(v) for v in result.vars]
            print("\t".join(names))
            for row in result:
                print("\t".join("" if v is None else str(v) for v in row))
    return 0


def _is_update(query: str) -> bool:
    import re

    body = re.sub(r"#[^\n]*", "", query)
    body = re.sub(r"(?is)^\s*(?:(?:PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*", "", body)
    return bool(re.match(r"(?i)(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", body))


if __name__ == "__main__":
    raise SystemExit(main())
