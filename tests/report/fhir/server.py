"""A small FHIR server for the tests: it takes transactions at its base, as a real one does.

It checks what it receives (the content type, the bearer token, a ``transaction`` Bundle,
a request on every entry, references that resolve) and implements conditional creates
(``ifNoneExist``) for the searches the export uses: ``identifier``, ``url`` with
``version``, and ``target:DocumentReference.identifier``. Conditional references
(``urn:uuid:`` full URLs) are replaced by the ids of the resources created or found. It
can be told to fail: an HTTP status with an OperationOutcome, or a dropped connection.

It listens on 127.0.0.1 only, on a free port, and stops with the test.
"""

from __future__ import annotations

import itertools
import json
import socket
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

Json = dict[str, Any]
BASE = "/fhir"


def _unescape(text: str) -> list[str]:
    """Split a token search 'system|value' on the unescaped '|', then unescape."""
    parts, current, escaped = [], "", False
    for char in text:
        if escaped:
            current += char
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "|":
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


class FhirStore:
    """The resources the server holds, and everything it was sent."""

    def __init__(self, token: str | None) -> None:
        self.token = token
        self.resources: dict[str, dict[str, Json]] = {}
        self.received: list[Json] = []
        self.headers: list[dict[str, str]] = []
        self.failures: list[tuple[int | str, Json | None]] = []
        self.lock = threading.Lock()
        self._ids = itertools.count(1)

    def counts(self) -> Counter[str]:
        return Counter({kind: len(found) for kind, found in self.resources.items()})

    def all(self, kind: str) -> list[Json]:
        return list(self.resources.get(kind, {}).values())

    def fail_next(self, status: int | str, outcome: Json | None = None) -> None:
        """Answer the next transaction with ``status`` (or 'drop': close the connection)."""
        self.failures.append((status, outcome))

    # -- searching ----------------------------------------------------------------------

    def _matches(self, kind: str, query: str) -> list[Json]:
        params = parse_qsl(query, keep_blank_values=True, strict_parsing=True)
        found = []
        for resource in self.resources.get(kind, {}).values():
            if all(self._match(resource, name, value) for name, value in params):
                found.append(resource)
        return found

    def _match(self, resource: Json, name: str, value: str) -> bool:
        if name == "identifier":
            system, code = _unescape(value)
            identifiers = resource.get("identifier")
            listed = identifiers if isinstance(identifiers, list) else [identifiers]
            return any(i and i.get("system") == system and i.get("value") == code for i in listed)
        if name in ("url", "version"):
            return bool(resource.get(name) == value)
        if name == "target:DocumentReference.identifier":
            for target in resource.get("target", []):
                kind, _slash, rid = target["reference"].partition("/")
                document = self.resources.get(kind, {}).get(rid)
                if (
                    kind == "DocumentReference"
                    and document
                    and self._match(document, "identifier", value)
                ):
                    return True
            return False
        raise ValueError(f"search parameter {name} is not supported here")

    # -- a transaction ------------------------------------------------------------------

    def transaction(self, bundle: Json) -> tuple[int, Json]:
        if bundle.get("resourceType") != "Bundle" or bundle.get("type") != "transaction":
            return 400, outcome("a transaction Bundle is expected at the base")
        entries = bundle.get("entry", [])
        full_urls = {e["fullUrl"] for e in entries}
        resolved: dict[str, str] = {}
        plan: list[tuple[Json, str | None]] = []
        with self.lock:
            for index, entry in enumerate(entries):
                request, resource = entry.get("request"), entry.get("resource", {})
                if not request or request.get("method") != "POST":
                    return 400, outcome(f"entry {index}: only POST is taken here")
                kind = resource.get("resourceType")
                if request.get("url") != kind:
                    return 400, outcome(f"entry {index}: request.url is not {kind}")
                condition = request.get("ifNoneExist")
                found = self._matches(kind, condition) if condition else []
                if len(found) > 1:
                    return 412, outcome(f"entry {index}: {condition} matches several")
                rid = found[0]["id"] if found else str(next(self._ids))
                resolved[entry["fullUrl"]] = f"{kind}/{rid}"
                plan.append((entry, None if found else rid))
            responses = []
            for entry, new_id in plan:
                resource = entry["resource"]
                for target in _references(resource):
                    if target.startswith("urn:uuid:") and target not in full_urls:
                        return 400, outcome(f"reference {target} is not in the bundle")
                if new_id is None:
                    responses.append({"response": {"status": "200 OK"}})
                    continue
                stored = json.loads(json.dumps(resource))
                _replace(stored, resolved)
                stored["id"] = new_id
                self.resources.setdefault(stored["resourceType"], {})[new_id] = stored
                responses.append(
                    {
                        "response": {
                            "status": "201 Created",
                            "location": f"{stored['resourceType']}/{new_id}/_history/1",
                        }
                    }
                )
        return 200, {"resourceType": "Bundle", "type": "transaction-response", "entry": responses}


def outcome(text: str, severity: str = "error", where: str | None = None) -> Json:
    issue: Json = {"severity": severity, "code": "processing", "diagnostics": text}
    if where:
        issue["expression"] = [where]
    return {"resourceType": "OperationOutcome", "issue": [issue]}


def _references(node: Any) -> list[str]:
    if isinstance(node, dict):
        here = [node["reference"]] if isinstance(node.get("reference"), str) else []
        return here + [r for value in node.values() for r in _references(value)]
    if isinstance(node, list):
        return [r for value in node for r in _references(value)]
    return []


def _replace(node: Any, resolved: dict[str, str]) -> None:
    if isinstance(node, dict):
        if isinstance(node.get("reference"), str) and node["reference"] in resolved:
            node["reference"] = resolved[node["reference"]]
        for value in node.values():
            _replace(value, resolved)
    elif isinstance(node, list):
        for value in node:
            _replace(value, resolved)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _answer(self, status: int, body: Json, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/fhir+json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        store = self.server.store
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        store.headers.append(dict(self.headers.items()))
        if store.failures:
            status, failure = store.failures.pop(0)
            if status == "drop":
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            assert isinstance(status, int)
            extra = {"Location": "https://elsewhere.invalid/fhir"} if 300 <= status < 400 else {}
            self._answer(status, failure or outcome("scripted failure"), extra)
            return
        if self.path != BASE:
            self._answer(404, outcome(f"no such endpoint {self.path}"))
            return
        if self.headers.get("Content-Type", "").split(";")[0] != "application/fhir+json":
            self._answer(415, outcome("send application/fhir+json"))
            return
        if store.token is not None and self.headers.get("Authorization") != f"Bearer {store.token}":
            self._answer(401, outcome("the bearer token is missing or wrong", "fatal"))
            return
        try:
            bundle = json.loads(body)
        except ValueError:
            self._answer(400, outcome("the body is not JSON"))
            return
        store.received.append(bundle)
        status, answer = store.transaction(bundle)
        self._answer(status, answer)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, store: FhirStore) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.store = store


class FhirTestServer:
    """Start with ``with FhirTestServer(token) as server:``; ``server.url`` is its base."""

    def __init__(self, token: str | None = "test-token-123") -> None:
        self.store = FhirStore(token)
        self._server = _Server(self.store)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}{BASE}"

    def __enter__(self) -> FhirTestServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()
