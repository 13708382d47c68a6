"""`boussole serve` as a child process on a free loopback port, for the tests and benchmarks
that must talk to a real server over HTTP (a user's server, not an in-process test client)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServedURL(str):
    """The base URL of a served child, which also knows the child's process id."""

    pid: int

    def __new__(cls, url: str, pid: int) -> "ServedURL":
        obj = super().__new__(cls, url)
        obj.pid = pid
        return obj


@contextmanager
def served(data: Path, *args: str, log: Path, startup_s: float = 180) -> Iterator[ServedURL]:
    """Run `boussole serve --data DATA ARGS…`, yield its base URL once /health answers 200,
    stop it on exit. The server's output goes to `log`, quoted in the error if it never starts."""
    port = free_port()
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "boussole.cli", "serve", "--data", str(data), "--port", str(port), *args],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.time() + startup_s
            while not _healthy(base):
                if proc.poll() is not None or time.time() > deadline:
                    raise RuntimeError(f"boussole serve did not start:\n{Path(log).read_text()}")
                time.sleep(0.5)
            yield ServedURL(base, proc.pid)
        finally:
            stop(proc)


@contextmanager
def server_for_bench(url: str | None, data: Path | None, name: str) -> Iterator[str]:
    """The base URL a benchmark talks to: `url` when given, else `boussole serve` started here on
    `data` (default: a temporary directory, where the bundled corpus is ingested first; a first
    run embeds it, hence the long start-up allowance)."""
    if url is not None:
        yield url
        return
    import tempfile

    with tempfile.TemporaryDirectory(prefix=f"boussole-{name}-") as tmp:
        root = data or Path(tmp)
        print(f"starting boussole serve on {root}…", file=sys.stderr)
        with served(root, log=root / f"{name}-serve.log", startup_s=900) as base:
            yield base


def _healthy(base: str) -> bool:
    try:
        with urllib.request.urlopen(base + "/health", timeout=2) as r:
            return r.status == 200
    except (urllib.error.URLError, OSError):
        return False


def stop(proc: subprocess.Popen, grace_s: float = 20) -> None:
    """SIGTERM (uvicorn and the MCP server shut down cleanly on it), then SIGKILL after a grace."""
    proc.terminate()
    try:
        proc.wait(timeout=grace_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
