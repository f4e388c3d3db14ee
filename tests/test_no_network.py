"""No command reaches the network, except the endpoints it is configured to use.

Every command of ``decision-aid`` is taken from its own argument parser (so a command
added later is run here too, with no change to this test), plus the library window (no
command) and the kiosk. Each runs in its own process, as a user runs it, with
tests/no_network/sitecustomize.py loaded: any connection or name lookup other than to
the two servers this test runs on 127.0.0.1 (a FHIR server, named in the settings, for
``report send``; a time-stamp authority with its OCSP and CRL responder, given with
``--tsa``) fails and is logged. Each command must succeed, and the log must show no
attempt. The guard itself is tested: it blocks and logs a connection, a name lookup and
a datagram, and lets the configured endpoints through.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from decision_aid.cli import build_parser
from tests.report.fhir.server import FhirTestServer
from tests.report.pki import LocalPki, running_pki
from tests.test_readme_commands import FHIR_TOKEN, PROGRAM, World

GUARD = Path(__file__).resolve().parent / "no_network"
NETWORK_OPTIONS = {
    ("report", "build"): ["--sign", "FILE.p12"],
    ("report", "extend"): ["--ca", "CERT", "--ca", "PKI_CA"],
    # The facilitator's window serves until it is closed: its command is checked here, its
    # server (which only listens, on the address chosen) in tests/group.
    ("group",): ["--check"],
}
"""Options that make a command take its network path (``--tsa`` is added where offered):
signing; extending needs the CAs of the signer and of the time-stamp authority."""


def commands() -> list[tuple[str, ...]]:
    """Every command the parser knows, as its words; () is the library window."""
    found: list[tuple[str, ...]] = [()]

    def walk(parser: argparse.ArgumentParser, words: tuple[str, ...]) -> None:
        groups = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        # A group is a command itself when it has options of its own (the kiosk); one
        # that only holds commands shows its help.
        own = [a for a in parser._actions if a.option_strings and a.dest != "help"]
        if words and (not groups or own):
            found.append(words)
        for group in groups:
            for name, sub in group.choices.items():
                walk(sub, (*words, name))

    walk(build_parser(), ())
    return found


def _subparser(words: tuple[str, ...]) -> argparse.ArgumentParser:
    parser = build_parser()
    for word in words:
        group = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        parser = group.choices[word]
    return parser


def _placeholder(action: argparse.Action) -> str:
    if action.choices:
        return str(next(iter(action.choices)))
    if isinstance(action.metavar, str):
        return action.metavar
    return action.dest.upper()


def command_line(words: tuple[str, ...]) -> list[str]:
    """The command with its required arguments, as placeholders the World fills in."""
    line = [PROGRAM, *words]
    if not words or words == ("kiosk",):
        return line
    parser = _subparser(words)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) or action.dest == "help":
            continue
        if not action.option_strings:
            line.append(_placeholder(action))
        elif action.required:
            line += [action.option_strings[0], _placeholder(action)]
    line += NETWORK_OPTIONS.get(words, [])
    if any("--tsa" in a.option_strings for a in parser._actions):
        line += ["--tsa", "TSA"]
    return line


class OfflineWorld(World):
    """The README's world, with every process's network blocked but for two servers."""

    def __init__(self, base: Path, fhir_server: str, pki: LocalPki) -> None:
        self.log = base / "network.log"
        self.tsa = pki.tsa_url
        self.pki_ca = pki.ca_pem
        self.allowed = ",".join(
            f"{parts.hostname}:{parts.port}"
            for parts in (urlsplit(fhir_server), urlsplit(pki.base_url))
        )
        super().__init__(base, fhir_server)

    def env(self) -> dict[str, str]:
        return {
            **super().env(),
            "PYTHONPATH": str(GUARD),
            "DECISION_AID_NO_NETWORK_LOG": str(self.log),
            "DECISION_AID_NO_NETWORK_ALLOW": self.allowed,
        }

    def _value(self, previous: str, word: str, command: tuple[str, ...]) -> str:
        if word == "TSA":
            return self.tsa
        if word == "PKI_CA":
            return str(self.pki_ca)
        return super()._value(previous, word, command)

    def entries(self) -> list[dict[str, object]]:
        if not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text().splitlines()]

    def attempts(self) -> list[dict[str, object]]:
        return [e for e in self.entries() if "blocked" in e]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OfflineWorld]:
    base = tmp_path_factory.mktemp("offline")
    with FhirTestServer(FHIR_TOKEN) as server, running_pki(base / "pki") as pki:
        made = OfflineWorld(base / "world", server.url, pki)
        made.prepare()
        made.fhir_store = server.store  # type: ignore[attr-defined]
        made.pki = pki  # type: ignore[attr-defined]
        yield made


def _shown(line: list[str], result: subprocess.CompletedProcess[str]) -> str:
    return f"{' '.join(line)}\nexit {result.returncode}\n{result.stderr[-3000:]}"


def test_preparing_the_world_reached_no_network(world: OfflineWorld) -> None:
    assert world.attempts() == []


def test_every_command_is_covered() -> None:
    found = commands()
    assert ("report", "send") in found and ("report", "build") in found
    assert () in found and ("kiosk",) in found
    assert len(found) >= 30


@pytest.mark.parametrize("words", commands(), ids=lambda w: " ".join(w) or "(library window)")
def test_command_reaches_no_network(world: OfflineWorld, words: tuple[str, ...]) -> None:
    world.log.unlink(missing_ok=True)
    line = world.fill(command_line(words), {})
    if words:
        result = world.run(line)
    else:  # the library window: ended by the guard once it lists the packs
        env = {**world.env(), "DECISION_AID_NO_NETWORK_GUI": "1"}
        result = subprocess.run(
            [sys.executable, "-c", "from decision_aid.cli import run; run()"],
            cwd=world.cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert {"gui": "listed"}.items() <= world.entries()[-1].items(), _shown(line, result)
    assert result.returncode == 0, _shown(line, result)
    assert any(entry.get("guarded") for entry in world.entries()), "the guard was not loaded"
    attempts = world.attempts()
    assert attempts == [], "".join(
        f"\n{a['blocked']} {a['target']}\n{a['stack']}" for a in attempts
    )


def test_the_configured_endpoints_are_reached(world: OfflineWorld) -> None:
    """The guard lets the configured servers through: the record is time-stamped by the
    test's authority, and sent to the test's FHIR server."""
    world.log.unlink(missing_ok=True)
    stamps = world.pki.requests["tsa"]  # type: ignore[attr-defined]
    sent = len(world.fhir_store.received)  # type: ignore[attr-defined]
    for words in (("report", "build"), ("report", "send")):
        line = world.fill(command_line(words), {})
        result = world.run(line)
        assert result.returncode == 0, _shown(line, result)
    assert world.pki.requests["tsa"] > stamps  # type: ignore[attr-defined]
    assert len(world.fhir_store.received) > sent  # type: ignore[attr-defined]
    assert world.attempts() == []


PROBE = """
import socket
def udp_connected():
    # Picking a route sends nothing (it is let through); sending on it is stopped.
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.connect(("192.0.2.1", 9))
    return sock
for what, call in (
    ("allowed", lambda: socket.create_connection(("127.0.0.1", 9), timeout=5)),
    ("connect", lambda: socket.create_connection(("198.51.100.7", 443), timeout=5)),
    ("getaddrinfo", lambda: socket.getaddrinfo("example.org", 443)),
    ("sendto", lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(
        b"x", ("192.0.2.53", 53))),
    ("send", lambda: udp_connected().send(b"x")),
):
    try:
        call()
    except OSError as exc:
        print(what, exc.errno)
    else:
        print(what, "reached")
"""


def test_the_guard_blocks_and_logs_every_other_attempt(tmp_path: Path) -> None:
    log = tmp_path / "network.log"
    env = {
        **os.environ,
        "PYTHONPATH": str(GUARD),
        "DECISION_AID_NO_NETWORK_LOG": str(log),
        "DECISION_AID_NO_NETWORK_ALLOW": "127.0.0.1:9",
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    )
    # Port 9 on this machine refuses (111): the allowed endpoint was really tried.
    assert result.stdout.splitlines() == [
        "allowed 111",
        "connect 101",
        "getaddrinfo 101",
        "sendto 101",
        "send 101",
    ]
    logged = [json.loads(line) for line in log.read_text().splitlines()]
    assert logged[0] == {**logged[0], "guarded": True}
    logged = logged[1:]
    assert [entry["blocked"] for entry in logged] == ["connect", "getaddrinfo", "sendto", "send"]
    assert "198.51.100.7" in str(logged[0]["target"])
    assert "<string>" in str(logged[0]["stack"])  # where the attempt came from


def test_a_command_that_tries_another_server_is_caught(world: OfflineWorld) -> None:
    """The guard sees what the real command does: sending to a server that the test did
    not configure is stopped and logged (and the command says it could not send)."""
    world.log.unlink(missing_ok=True)
    line = world.fill(command_line(("report", "send")), {})
    result = world.run([*line, "--fhir", "https://fhir.example.org/r4"])
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    attempts = world.attempts()
    assert attempts and attempts[0]["blocked"] == "getaddrinfo"
    assert "fhir.example.org" in str(attempts[0]["target"])
