"""An Oxigraph server (`oxigraph serve`, PyPI package `oxigraph`) on a loopback port, for the
tests, the benchmarks and a one-machine trial of the server set-up."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


def oxigraph_binary() -> str | None:
    """The `oxigraph` command of this environment (the `server` extra installs it)."""
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.exists() else shutil.which("oxigraph")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=2) as r:
            return r.status == 200
    except (urllib.error.URLError, OSError):
        return False


@contextmanager
def oxigraph_server(
    location: Path, *, timeout_s: float | None = None, log: Path | None = None, startup_s: float = 60
) -> Iterator[str]:
    """`oxigraph serve --location DIR --bind 127.0.0.1:PORT`; yields its base URL (the store URL
    Boussole takes), stops it on exit. timeout_s: the server's own query time limit."""
    binary = oxigraph_binary()
    if binary is None:
        raise FileNotFoundError("the `oxigraph` server is not installed: pip install -e '.[server]'")
    port = _free_port()
    args = [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    if timeout_s:
        args += ["--timeout-s", f"{timeout_s:g}"]
    out = open(log, "wb") if log else subprocess.DEVNULL
    proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + startup_s
        while not _answers(url):
            if proc.poll() is not None or time.time() > deadline:
                raise RuntimeError(f"oxigraph serve did not start (exit code {proc.poll()})")
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if log:
            out.close()  # type: ignore[union-attr]
