"""Post a transaction Bundle to a FHIR server's base, with the standard library's HTTP.

:func:`post_transaction` sends the bundle once, and again (up to ``attempts`` times, with
a growing wait) when the server is busy or does not answer: a 5xx, a 408 or 429, a
dropped connection or a time-out. Sending again is safe because every create in the
bundle is conditional. Redirects are not followed (the bearer token must not go to
another address). The token goes in the ``Authorization`` header only: it is never in
a message, a log or the queue.

The answer is an :class:`Outcome` in plain words: accepted (with how many resources
were created and how many were there already, from the transaction-response), or not,
with the reason and, for a refusal, the server's OperationOutcome issues one per line.
"""

from __future__ import annotations

import http.client
import json
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

from decision_aid.i18n import N_, _, translate

Json = dict[str, Any]

CONTENT_TYPE: Final = "application/fhir+json"
MAX_ANSWER = 16 * 1024 * 1024
"""Most bytes read of a server's answer."""
TIMEOUT = 60.0
"""Seconds to wait for the server to connect or answer."""
ATTEMPTS = 3
"""Tries of one send when the server is busy or does not answer."""
MAX_WAIT = 60.0
"""Longest wait between two tries, whatever the server's Retry-After says."""
SEVERITIES: Final = {
    "fatal": N_("Fatal error"),
    "error": N_("Error"),
    "warning": N_("Warning"),
    "information": N_("Note"),
}


@dataclass(frozen=True)
class Outcome:
    """What the server made of one send."""

    accepted: bool
    reason: str
    """One sentence: what happened."""
    status: int | None = None
    """The HTTP status of the last answer; None when the server did not answer."""
    created: int = 0
    existing: int = 0
    """Resources created, and resources the server already had (conditional creates)."""
    issues: list[str] = field(default_factory=list)
    """The server's OperationOutcome issues, in words, one per item."""
    retry: bool = False
    """True when trying again later may succeed (busy, no answer)."""
    attempts: int = 1


def operation_outcome_lines(body: Any) -> list[str]:
    """The issues of an OperationOutcome in words: 'Error: … (at Patient.identifier)'."""
    if not isinstance(body, dict) or body.get("resourceType") != "OperationOutcome":
        return []
    lines = []
    for issue in body.get("issue") or []:
        if not isinstance(issue, dict):
            continue
        severity = SEVERITIES.get(str(issue.get("severity")))
        details: Json = issue["details"] if isinstance(issue.get("details"), dict) else {}
        text = (
            details.get("text") or issue.get("diagnostics") or str(issue.get("code") or "")
        ).strip()
        where = issue.get("expression") or issue.get("location") or []
        word = translate(severity) if severity else str(issue.get("severity", "?"))
        line = f"{word}: {text}"
        if isinstance(where, list) and where:
            line += " " + _("(at {place})").format(place=", ".join(map(str, where[:3])))
        lines.append(line[:1000])
    return lines


def _counts(body: Any) -> tuple[int, int, list[str]]:
    """Created and existing resources in a transaction-response; problems in words."""
    if not isinstance(body, dict) or body.get("type") != "transaction-response":
        return 0, 0, [_("the answer is not a transaction-response bundle")]
    created = existing = 0
    problems = []
    for entry in body.get("entry") or []:
        status = (
            str((entry.get("response") or {}).get("status", "")) if isinstance(entry, dict) else ""
        )
        code = status.split(" ", 1)[0]
        if code == "201":
            created += 1
        elif code.startswith("2"):
            existing += 1
        else:
            problems.append(status or "?")
    return created, existing, problems


def _connection(
    url: str, ca_file: Path | None, timeout: float
) -> tuple[http.client.HTTPConnection, str]:
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme == "https":
        context = ssl.create_default_context(cafile=str(ca_file) if ca_file else None)
        connection: http.client.HTTPConnection = http.client.HTTPSConnection(
            host, parts.port, timeout=timeout, context=context
        )
    else:
        connection = http.client.HTTPConnection(host, parts.port, timeout=timeout)
    return connection, parts.path or "/"


def _post_once(
    url: str, body: bytes, token: str | None, ca_file: Path | None, timeout: float
) -> tuple[Outcome, float | None]:
    """One POST; the outcome and the server's Retry-After (seconds) when it gave one."""
    headers = {
        "Content-Type": CONTENT_TYPE,
        "Accept": CONTENT_TYPE,
        "Prefer": "return=minimal",
        "User-Agent": "decision-aid",
    }
    if token:
        headers["Authorization"] = f"Bearer {token}"
    try:
        connection, path = _connection(url, ca_file, timeout)
        try:
            connection.request("POST", path, body=body, headers=headers)
            answer = connection.getresponse()
            data = answer.read(MAX_ANSWER + 1)
            status, location = answer.status, answer.getheader("Location") or ""
            retry_after = answer.getheader("Retry-After")
        finally:
            connection.close()
    except ssl.SSLCertVerificationError as exc:
        return Outcome(
            False,
            _(
                "the server's certificate could not be checked ({problem}); if the server "
                "uses the clinic's own certificate authority, name it in 'fhir.ca_file'"
            ).format(problem=exc.verify_message or exc.reason or exc),
        ), None
    except (OSError, http.client.HTTPException) as exc:
        problem = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        if isinstance(exc, socket.timeout | TimeoutError):
            problem = _("no answer within {seconds} seconds").format(seconds=int(timeout))
        return Outcome(
            False,
            _("the server did not answer ({problem})").format(
                problem=problem or type(exc).__name__
            ),
            retry=True,
        ), None
    try:
        parsed: Any = json.loads(data[:MAX_ANSWER].decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        parsed = None
    wait = None
    if retry_after and retry_after.strip().isdigit():
        wait = float(retry_after.strip())
    if 200 <= status < 300:
        created, existing, problems = _counts(parsed)
        if problems:
            return Outcome(
                False,
                _(
                    "the server answered HTTP {status} but did not take every resource: {problems}"
                ).format(status=status, problems="; ".join(problems[:5])),
                status=status,
                issues=operation_outcome_lines(parsed),
            ), None
        return Outcome(
            True,
            _("the server accepted it (HTTP {status})").format(status=status),
            status=status,
            created=created,
            existing=existing,
        ), None
    issues = operation_outcome_lines(parsed)
    if 300 <= status < 400:
        reason = _(
            "the server answered HTTP {status}, a redirect to {location}, which is not "
            "followed; set 'fhir.server' to the address it names"
        ).format(status=status, location=location[:200] or "?")
    elif status in (401, 403):
        reason = _(
            "the server refused the token (HTTP {status}); check the token in "
            "'fhir.token_file' and that it allows writing records"
        ).format(status=status)
    elif status in (408, 429):
        reason = _("the server was busy (HTTP {status})").format(status=status)
    elif 400 <= status < 500:
        reason = _("the server refused the record (HTTP {status})").format(status=status)
    else:
        reason = _("the server had a problem (HTTP {status})").format(status=status)
    retry = status >= 500 or status in (408, 429)
    return Outcome(False, reason, status=status, issues=issues, retry=retry), wait


def post_transaction(
    url: str,
    bundle: bytes,
    *,
    token: str | None = None,
    ca_file: Path | None = None,
    timeout: float = TIMEOUT,
    attempts: int = ATTEMPTS,
    wait: Callable[[float], None] | None = None,
) -> Outcome:
    """POST the transaction ``bundle`` (JSON bytes) to the server's base ``url``.

    Tries again, after 2, then 8 seconds (or the server's Retry-After, at most
    :data:`MAX_WAIT`), while the outcome says a retry may help. ``wait`` (default
    ``time.sleep``) waits that long.
    """
    pause = wait or time.sleep
    outcome = Outcome(False, "")
    for attempt in range(1, attempts + 1):
        outcome, retry_after = _post_once(url, bundle, token, ca_file, timeout)
        outcome = Outcome(**{**outcome.__dict__, "attempts": attempt})
        if outcome.accepted or not outcome.retry or attempt == attempts:
            break
        pause(min(retry_after if retry_after is not None else 2.0 * 4 ** (attempt - 1), MAX_WAIT))
    return outcome
