"""The server's guards: a request-body size limit, a Host check and the write token.

The body limit and the Host check are pure ASGI middleware, so they act before FastAPI reads
anything: an oversized upload is refused without ever being held in memory beyond the limit,
whether the client declared its size (``Content-Length``) or streams it chunked. The write
token is a FastAPI dependency, so the OpenAPI docs show which endpoints need it.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Annotated, Any

from fastapi import Depends, HTTPException
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOOPBACK_NAMES: frozenset[str] = frozenset({"localhost", "127.0.0.1", "::1"})
"""Host names a browser uses for a server bound to a loopback address."""


DRAIN_BYTES = 8 * 1024 * 1024
"""How much of a refused body is still read (and dropped) before the 413 is sent."""


class BodyLimitMiddleware:
    """Refuse request bodies larger than ``max_body_bytes`` with ``413`` and a JSON detail.

    A declared ``Content-Length`` over the limit is refused without keeping a byte of the
    body. Otherwise the body is read here, counting bytes as they arrive (chunked uploads
    declare no length), and refused as soon as the count passes the limit; a body within the
    limit is then replayed to the app. Reading it first costs at most ``max_body_bytes`` of
    memory, and means no endpoint ever sees part of a body that turns out to be too large.

    Before answering 413, up to :data:`DRAIN_BYTES` more of the refused body are read and
    dropped (as nginx's lingering close does): a server that closes a connection with unread
    data resets it, and the client, still sending, would see a broken pipe instead of the 413.
    A larger upload is cut off at once.
    """

    def __init__(self, app: ASGIApp, *, max_body_bytes: int) -> None:
        if max_body_bytes < 1:
            raise ValueError("max_body_bytes must be at least 1")
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_body_bytes:
            if declared <= self.max_body_bytes + DRAIN_BYTES:
                await _drain(receive, declared)
            await self._refuse(send, f"declares {declared} bytes")
            return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            body += message.get("body", b"")
            more = bool(message.get("more_body", False))
            if len(body) > self.max_body_bytes:
                if more:
                    await _drain(receive, DRAIN_BYTES)
                await self._refuse(send, f"sent more than {self.max_body_bytes} bytes")
                return
            if not more:
                break
        await self.app(scope, _replay(bytes(body), receive), send)

    async def _refuse(self, send: Send, what: str) -> None:
        """Send the 413 answer; the connection is closed after it."""
        detail = (
            f"request body too large: the request {what}; this server accepts at most "
            f"{self.max_body_bytes} bytes (retold serve --max-body)"
        )
        await send_json(send, 413, {"detail": detail}, close=True)


async def _drain(receive: Receive, budget: int) -> None:
    """Read and drop body messages until the body ends or ``budget`` bytes have gone by."""
    while budget > 0:
        message = await receive()
        if message["type"] != "http.request":
            return
        budget -= len(message.get("body", b""))
        if not message.get("more_body", False):
            return


def _content_length(scope: Scope) -> int | None:
    """The declared body size, or None when there is none (the server rejects a malformed one)."""
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that hands the app the already-read body, then defers to the real one."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # waits for http.disconnect, as Starlette expects

    return replay


class HostCheckMiddleware:
    """Answer ``400`` to requests whose ``Host`` header is not one of ``allowed`` host names.

    A server on 127.0.0.1 is reachable from any web page the user opens: a hostile site can
    point its own domain name at 127.0.0.1 (DNS rebinding) and then read and write the index
    through the user's browser. Browsers always send the name they connected to, so accepting
    only loopback names closes that hole. Ports are ignored.
    """

    def __init__(self, app: ASGIApp, *, allowed: Iterable[str]) -> None:
        self.app = app
        self.allowed = frozenset(name.lower() for name in allowed)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or _host_name(scope) in self.allowed:
            await self.app(scope, receive, send)
            return
        await send_json(send, 400, {"detail": "invalid Host header"}, close=True)


def _host_name(scope: Scope) -> str:
    """The request's Host header without its port (and brackets, for IPv6), lowercased."""
    for name, value in scope.get("headers", ()):
        if name == b"host":
            host = value.decode("latin-1").strip().lower()
            if host.startswith("["):
                return host[1:].partition("]")[0]
            return host.rpartition(":")[0] if host.count(":") == 1 else host
    return ""


async def send_json(send: Send, status: int, payload: object, *, close: bool = False) -> None:
    """Send a complete JSON response from middleware (before any app answered)."""
    body = json.dumps(payload).encode("utf-8")
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode("ascii")),
    ]
    if close:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


_bearer = HTTPBearer(
    auto_error=False,
    description="The server's write token (retold serve --token or RETOLD_TOKEN).",
)
"""Reads ``Authorization: Bearer …`` and puts the scheme into the OpenAPI docs."""


def write_guard(token: str) -> Callable[..., None]:
    """A dependency that lets a write through only with ``Authorization: Bearer <token>``.

    The comparison runs in constant time, so response timing tells nothing about the token.
    """
    expected = token.encode("utf-8")

    def require_token(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> None:
        given = b"" if credentials is None else credentials.credentials.encode("utf-8")
        if not hmac.compare_digest(given, expected):
            raise HTTPException(
                status_code=401,
                detail="writes need the server's token: send 'Authorization: Bearer TOKEN'",
                headers={"WWW-Authenticate": "Bearer"},
            )

    return require_token
