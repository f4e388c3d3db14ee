"""The participants' web server: Python's own ``http.server.ThreadingHTTPServer``.

It listens on the one address the facilitator chose, only while the session is open,
and refuses, without harm to the session:

* an address without the session's token (404: the page does not exist for a guess);
* a request body over ``max_body`` bytes (413), without a length (411), not JSON (415);
* malformed JSON or JSON of the wrong shape (400); a ballot already counted (409);
* more than ``burst`` requests at once from one client, refilled at ``per_second`` (429);
* more than ``max_connections`` connections at once (closed at once);
* slow clients: each connection has ``timeout`` seconds to send its request.

Besides the page, its style sheet and its script, it answers ``resources``: the local
groups and services the facilitator marked as discussed, the same JSON for every phone.

No request is logged and no cookie is set; every response says ``no-store`` and
``no-referrer`` (the token is in the address) and carries a strict content security
policy, so the page runs no script but its own.
"""

from __future__ import annotations

import ipaddress
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from decision_aid.group.counts import BallotError, GroupCounts, GroupError
from decision_aid.group.page import SCRIPT, STYLE, PageMaker, choose_language
from decision_aid.group.resources import GroupResources

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
}


@dataclass(frozen=True)
class Limits:
    """What one session's server accepts."""

    max_body: int = 8 * 1024
    """Most bytes in one request body."""
    burst: int = 30
    """Most requests one client may make at once."""
    per_second: float = 2.0
    """How fast a client's allowance refills."""
    max_connections: int = 128
    """Most connections served at the same time."""
    timeout: float = 10.0
    """Seconds a connection has to send its request."""
    max_clients: int = 4096
    """Most clients the rate limiter remembers (the idlest are forgotten first)."""


class RateLimiter:
    """A token bucket per client address, in memory only, forgotten when the session ends."""

    def __init__(self, limits: Limits, clock: Callable[[], float] = time.monotonic) -> None:
        self._limits = limits
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, client: str) -> bool:
        now = self._clock()
        with self._lock:
            tokens, last = self._buckets.pop(client, (float(self._limits.burst), now))
            tokens = min(self._limits.burst, tokens + (now - last) * self._limits.per_second)
            allowed = tokens >= 1
            self._buckets[client] = (tokens - 1 if allowed else tokens, now)
            while len(self._buckets) > self._limits.max_clients:
                del self._buckets[next(iter(self._buckets))]
            return allowed

    def forget(self) -> None:
        with self._lock:
            self._buckets.clear()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 128  # phones joining at once wait in the queue, not in retries

    def __init__(self, address: tuple[str, int], group: GroupServer) -> None:
        self.group = group
        self._slots = threading.BoundedSemaphore(group.limits.max_connections)
        super().__init__(address, _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()


class _RefusedError(Exception):
    def __init__(self, status: HTTPStatus, message: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "decision-aid"
    sys_version = ""

    def setup(self) -> None:
        self.request.settimeout(self.server.group.limits.timeout)
        super().setup()

    def log_message(self, format: str, *args: Any) -> None:
        """Nothing is logged: no address, no time, no page."""

    def do_GET(self) -> None:
        self._handle(self._get)

    def do_POST(self) -> None:
        self._handle(self._post)

    def _handle(self, method: Callable[[str], None]) -> None:
        group = self.server.group
        try:
            if not group.limiter.allow(self.client_address[0]):
                raise _RefusedError(HTTPStatus.TOO_MANY_REQUESTS)
            parts = urlsplit(self.path)
            segments = parts.path.split("/")
            # '/g/<token>/<name>' -> ['', 'g', token, name]
            if len(segments) != 4 or segments[1] != "g":
                raise _RefusedError(HTTPStatus.NOT_FOUND)
            if not group.counts.token_matches(segments[2]):
                raise _RefusedError(HTTPStatus.NOT_FOUND)
            if group.counts.closed:
                raise _RefusedError(HTTPStatus.GONE)
            method(segments[3])
        except _RefusedError as refused:
            self._send_json(refused.status, {"error": refused.message or refused.status.phrase})
        except GroupError as refused:
            self._send_json(HTTPStatus.CONFLICT, {"error": str(refused)})

    def _get(self, name: str) -> None:
        group = self.server.group
        if name == "":
            query = parse_qs(urlsplit(self.path).query)
            asked = query.get("lang", [None])[0]
            language = choose_language(asked, self.headers.get("Accept-Language"))
            page = group.pages.page(language, group.counts.issue_ballot())
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", page.encode())
        elif name == "page.css":
            self._send(HTTPStatus.OK, "text/css; charset=utf-8", STYLE.encode())
        elif name == "page.js":
            self._send(HTTPStatus.OK, "text/javascript; charset=utf-8", SCRIPT.encode())
        elif name == "resources" and group.resources is not None:
            self._send_json(HTTPStatus.OK, group.resources.for_phones())
        else:
            raise _RefusedError(HTTPStatus.NOT_FOUND)

    def _post(self, name: str) -> None:
        if name not in ("answers", "question"):
            raise _RefusedError(HTTPStatus.NOT_FOUND)
        data = self._json_body()
        counts = self.server.group.counts
        if name == "answers":
            ballot, ratings, leaning = data.get("ballot"), data.get("ratings"), data.get("leaning")
            if (
                set(data) != {"ballot", "ratings", "leaning"}
                or not isinstance(ballot, str)
                or not isinstance(ratings, dict)
                or not (leaning is None or isinstance(leaning, str))
            ):
                raise _RefusedError(HTTPStatus.BAD_REQUEST, "expected ballot, ratings and leaning")
            try:
                counts.send(ballot, ratings, leaning)
            except GroupError as error:
                status = (
                    HTTPStatus.CONFLICT
                    if isinstance(error, BallotError)
                    else HTTPStatus.BAD_REQUEST
                )
                raise _RefusedError(status, str(error)) from None
        else:
            text = data.get("text")
            if set(data) != {"text"} or not isinstance(text, str):
                raise _RefusedError(HTTPStatus.BAD_REQUEST, "expected text")
            try:
                counts.ask(text)
            except GroupError as error:
                raise _RefusedError(HTTPStatus.BAD_REQUEST, str(error)) from None
        self._send_json(HTTPStatus.OK, {"ok": True})

    def _json_body(self) -> dict[str, Any]:
        limits = self.server.group.limits
        length_text = self.headers.get("Content-Length")
        if length_text is None or self.headers.get("Transfer-Encoding"):
            raise _RefusedError(HTTPStatus.LENGTH_REQUIRED)
        try:
            length = int(length_text)
        except ValueError:
            raise _RefusedError(HTTPStatus.BAD_REQUEST, "bad Content-Length") from None
        if length < 0 or length > limits.max_body:
            self.close_connection = True
            raise _RefusedError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
        content_type = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type != "application/json":
            raise _RefusedError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE)
        try:
            raw = self.rfile.read(length)
            data = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
        except (OSError, UnicodeDecodeError, ValueError, RecursionError):
            raise _RefusedError(HTTPStatus.BAD_REQUEST, "malformed JSON") from None
        if not isinstance(data, dict):
            raise _RefusedError(HTTPStatus.BAD_REQUEST, "expected a JSON object")
        return data

    def _send_json(self, status: HTTPStatus, payload: dict[str, Any]) -> None:
        body = json.dumps(payload, ensure_ascii=True).encode()
        self._send(status, "application/json", body)

    def _send(self, status: HTTPStatus, content_type: str, body: bytes) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for key, value in SECURITY_HEADERS.items():
                self.send_header(key, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
        except OSError:
            self.close_connection = True


def _no_constant(name: str) -> Any:
    raise ValueError(name)


class GroupServer:
    """Serves one group session's page on one address until :meth:`stop`."""

    def __init__(
        self,
        counts: GroupCounts,
        pages: PageMaker,
        host: str,
        port: int = 0,
        limits: Limits | None = None,
        *,
        resources: GroupResources | None = None,
    ) -> None:
        if not one_address(host):
            raise ValueError(host)
        self.counts = counts
        self.pages = pages
        self.resources = resources
        """The local groups and services discussed, which every page asks for (None: the
        pack names no community topic, and ``resources`` is not found)."""
        self.limits = limits or Limits()
        self.limiter = RateLimiter(self.limits)
        self._server = _Server((host, port), self)
        self._thread: threading.Thread | None = None

    @property
    def address(self) -> tuple[str, int]:
        host, port = self._server.server_address[:2]
        return str(host), int(port)

    @property
    def url(self) -> str:
        host, port = self.address
        return f"http://{host}:{port}/g/{self.counts.token}/"

    def start(self) -> None:
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="group-server", daemon=True
        )
        self._thread.start()

    def stop(self, *, end_session: bool = True) -> None:
        """Stop listening (the address is free again at once) and, unless the facilitator
        only moves the session to another address, end the session."""
        if end_session:
            self.counts.close()
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join()
            self._thread = None
        self._server.server_close()
        self.limiter.forget()

    @property
    def serving(self) -> bool:
        return self._thread is not None and self._thread.is_alive()


def one_address(host: str) -> bool:
    """True for one IPv4 address of one interface: not 0.0.0.0 (every interface), not a
    broadcast or multicast address."""
    try:
        address = ipaddress.IPv4Address(host)
    except ValueError:
        return False
    return not (address.is_unspecified or address.is_multicast or host == "255.255.255.255")
