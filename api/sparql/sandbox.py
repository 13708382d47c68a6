"""Network confinement of the processes that run user SPARQL.

Oxigraph evaluates `SERVICE <iri> { … }` by opening an HTTP connection to that IRI, so any
query that reaches the engine with a SERVICE clause makes the server a proxy into its own
network. The query guard refuses SERVICE before execution, but a guard reads text and can be
fooled (an escape sequence, a syntax one parser knows and the other does not). This module
makes the worker process *unable* to open a connection at all, whatever it is asked to run:

1. **seccomp-BPF filter** (libseccomp through `pyseccomp`): `socket`, `socketpair`, `connect`,
   `bind`, `listen`, `accept`, `accept4` fail with EACCES; `io_uring_setup` too (io_uring can
   create and connect sockets without those system calls); `ptrace`, `pidfd_getfd` and
   `process_vm_writev` too (borrowing a socket from, or writing into, another process). The
   filter is inherited by every thread and child and can never be lifted (no_new_privs).
   System calls of another ABI (32-bit `int 0x80`, x32) kill the process: the filter only
   lists the native architecture. The worker needs none of these calls: it talks to its parent
   over a socket pair that was created before the filter and is used with read/write.
2. **an empty network namespace** where the kernel allows one (root, or unprivileged user
   namespaces): no interface is up, not even loopback, so even a socket obtained some other way
   reaches nothing. This layer is best effort; the first is required.

A worker that cannot install the filter refuses to start (fail closed): SPARQL is then
unavailable, with the reason in the server log, rather than silently unconfined.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
from dataclasses import dataclass

# The calls that create, connect or borrow a network endpoint.
DENIED_SYSCALLS = (
    "socket",
    "socketpair",
    "connect",
    "bind",
    "listen",
    "accept",
    "accept4",
    "io_uring_setup",
    "ptrace",
    "pidfd_getfd",
    "process_vm_writev",
)

CLONE_NEWNET = 0x40000000
CLONE_NEWUSER = 0x10000000


class ConfinementError(RuntimeError):
    pass


@dataclass(frozen=True)
class Confinement:
    seccomp: bool
    netns: bool

    def describe(self) -> str:
        parts = [
            "seccomp filter (no socket, connect, bind, io_uring)" if self.seccomp else "no seccomp filter",
            "empty network namespace" if self.netns else "host network namespace",
        ]
        return "; ".join(parts)


def _unshare_network() -> bool:
    """Move this (single-threaded) process into a new network namespace; False where the
    kernel or the user's rights do not allow it."""
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    for flags in (CLONE_NEWNET, CLONE_NEWUSER | CLONE_NEWNET):
        if libc.unshare(flags) == 0:
            return True
    return False


def _install_seccomp() -> None:
    try:
        import pyseccomp as sc
    except ImportError as e:  # the package is a dependency; its absence is an install error
        raise ConfinementError(f"pyseccomp is not installed ({e})") from None
    try:
        f = sc.SyscallFilter(defaction=sc.ALLOW)
        for name in DENIED_SYSCALLS:
            try:
                f.add_rule(sc.ERRNO(errno.EACCES), name)
            except (ValueError, OSError) as e:
                # a call this kernel or libseccomp does not know cannot be made either
                if "io_uring" in name or "pidfd" in name:
                    continue
                raise ConfinementError(f"cannot filter {name}: {e}") from None
        f.load()
    except ConfinementError:
        raise
    except Exception as e:  # noqa: BLE001 - libseccomp missing or the kernel without seccomp
        raise ConfinementError(f"cannot install the seccomp filter: {type(e).__name__}: {e}") from None


def confine(require_seccomp: bool = True) -> Confinement:
    """Confine the calling process. Call it before the process starts any thread (a new network
    namespace needs a single-threaded caller; the filter then covers every later thread)."""
    netns = _unshare_network()
    try:
        _install_seccomp()
        seccomp = True
    except ConfinementError:
        if require_seccomp:
            raise
        seccomp = False
    return Confinement(seccomp=seccomp, netns=netns)


def can_connect(host: str = "127.0.0.1", port: int = 9) -> str:
    """What happens when this process tries to open a TCP connection: 'denied' when the call is
    refused outright (the filter), 'unreachable' when there is no network, 'connected' or
    'refused' when the host network is reachable. Used by tests and the health report."""
    import socket

    try:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    except PermissionError:
        return "denied"
    try:
        s.settimeout(1.0)
        s.connect((host, port))
        return "connected"
    except PermissionError:
        return "denied"
    except ConnectionRefusedError:
        return "refused"
    except OSError as e:
        return "unreachable" if e.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH, errno.EADDRNOTAVAIL) else str(e)
    finally:
        s.close()


if __name__ == "__main__":  # `python -m boussole.api.sparql.sandbox`: show what confinement gives here
    print(confine().describe(), "→ connect:", can_connect(), "pid", os.getpid())
