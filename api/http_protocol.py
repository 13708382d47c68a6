"""uvicorn's HTTP/1.1 protocol with read deadlines.

uvicorn closes a connection that stays idle between requests (`timeout_keep_alive`), but not
one that is slow *inside* a request: a client sending its headers a byte at a time, or promising
a 1,000-byte body and sending 11, holds a connection (and a file descriptor, and for a body a
task) for as long as it likes (measured: 75 s and counting). uvicorn has no option for this, so
this subclass arms two timers from the h11 state machine:
- headers: from the first byte of a request (or the connection's start) until its headers are
  complete, at most `header_timeout_s`; then 408 and close;
- body: from the end of the headers until the end of the body, at most `body_timeout_s`; then
  close (the route sees a disconnect; a 408 is written if no response has started).

    uvicorn.Config(app, http=guarded_h11(header_timeout_s=10, body_timeout_s=30))
"""

from __future__ import annotations

import asyncio

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

TIMEOUT_RESPONSE = (
    b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
    b"connection: close\r\ncontent-length: 38\r\n\r\nrequest not received within the limit\n"
)


class GuardedH11Protocol(H11Protocol):
    header_timeout_s: float = 10.0
    body_timeout_s: float = 30.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self._deadline: asyncio.TimerHandle | None = None
        self._phase: object = None
        super().connection_made(transport)
        self._track()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._track()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._track()

    # -- deadlines -------------------------------------------------------------------------------
    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None
        self._phase = None

    def _track(self) -> None:
        """Arm the deadline of the phase the client is in; keep it if the phase is unchanged (a
        trickle of bytes does not extend it)."""
        if self.transport.is_closing():
            self._disarm()
            return
        state = self.conn.their_state
        if state is h11.IDLE and self.conn.our_state is h11.IDLE:
            # waiting for a request: idle keep-alive is uvicorn's; partial headers are ours
            phase, limit = ("headers", self.header_timeout_s) if self._has_partial_request() else (None, None)
        elif state is h11.SEND_BODY:
            phase, limit = "body", self.body_timeout_s
        else:
            phase, limit = None, None
        if phase == self._phase:
            return
        self._disarm()
        if phase is not None:
            self._phase = phase
            self._deadline = self.loop.call_later(limit, self._expired, phase)

    def _has_partial_request(self) -> bool:
        # on a fresh connection the clock runs from the start, before the first byte; on a
        # kept-alive one, from the first buffered byte of the next request
        return self.cycle is None or bool(self.conn.trailing_data[0])

    def _expired(self, phase: str) -> None:
        self._deadline = None
        self._phase = None
        if self.transport.is_closing():
            return
        if phase == "headers" or (self.cycle is not None and not self.cycle.response_started):
            self.transport.write(TIMEOUT_RESPONSE)
        if self.cycle is not None:
            self.cycle.disconnected = True
            self.cycle.message_event.set()
        self.transport.close()


def guarded_h11(header_timeout_s: float = 10.0, body_timeout_s: float = 30.0) -> type[GuardedH11Protocol]:
    return type(
        "GuardedH11Protocol",
        (GuardedH11Protocol,),
        {"header_timeout_s": header_timeout_s, "body_timeout_s": body_timeout_s},
    )
