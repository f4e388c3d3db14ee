"""Every command line the README documents runs as documented.

The README's command lines are read from the README itself: the shell examples, the
commands quoted in the text, and the synopses in the command tables. A synopsis is run
twice, without its optional parts and with all of them (the first of two choices, a
repeatable part once), its placeholders filled with real files: the shipped packs and
examples, keys made for the test with a passphrase file, and the record those keys
signed. Everything runs as a user would run it, in its own process, in a temporary home.
None may fail with a usage error, stop on an unexpected problem, or fail at all.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12

from tests.conftest import ROOT, SHIPPED
from tests.report.fhir.server import FhirTestServer

README = ROOT / "README.md"
PROGRAM = "decision-aid"
PACK_ID = "knee-osteoarthritis"
PASSPHRASE = "correct horse battery staple"
NETWORK_OPTIONS = {"--tsa"}
FHIR_TOKEN = "readme-fhir-token"
PASSPHRASE_COMMANDS = {
    ("keys", "init"),
    ("kiosk", "keys", "init"),
    ("kiosk", "open"),
    ("packs", "keygen"),
    ("packs", "sign"),
    ("directory", "sign"),
}
"""Commands that ask for a passphrase (given a file, as there is no terminal)."""
"""Options that need a server on the network: left out of the full form of a synopsis."""


# -- reading the README ---------------------------------------------------------------------


def _shell_commands(lines: list[str]) -> Iterator[str]:
    """The decision-aid commands of a shell example, continuation lines joined."""
    joined = "\n".join(lines).replace("\\\n", " ")
    for raw in joined.splitlines():
        line = raw.strip()
        if line.startswith(PROGRAM + " "):
            yield shlex.join(shlex.split(line, comments=True))


def documented_scripts(text: str) -> list[list[str]]:
    """Every ``decision-aid ...`` command line of the README, in the order written: the
    commands of one shell example together (they build on each other), each command
    quoted in the text or a table on its own."""
    found: list[list[str]] = []
    block: list[str] | None = None
    for line in without_walkthrough(text).splitlines():
        if line.startswith("```"):
            if block is not None and (commands := list(_shell_commands(block))):
                found.append(commands)
            block = [] if block is None else None
            continue
        if block is not None:
            block.append(line)
            continue
        for span in re.findall(r"`(decision-aid [^`]+)`", line):
            found.append([span.replace("\\|", "|")])
    return found


WALKTHROUGH = re.compile(r"<!-- walkthrough:start -->.*?<!-- walkthrough:end -->", re.DOTALL)
"""The README's first-pack walkthrough: its commands build on each other and on windows
in between, so tests/test_readme_walkthrough.py runs them, in order, with those steps."""


def without_walkthrough(text: str) -> str:
    return WALKTHROUGH.sub("", text)


def documented_commands(text: str) -> list[str]:
    """Every command line of the README, one after the other."""
    return [command for script in documented_scripts(text) for command in script]


# -- turning a synopsis into command lines -----------------------------------------------------


@dataclass
class Group:
    """An optional part of a synopsis: ``[--today YYYY-MM-DD]``."""

    items: list[str | Group]


def _parse(tokens: list[str]) -> list[str | Group]:
    items: list[str | Group] = []
    stack: list[list[str | Group]] = [items]
    for token in tokens:
        if token == "[":
            group = Group([])
            stack[-1].append(group)
            stack.append(group.items)
        elif token == "]":
            stack.pop()
        elif token == "..." and stack[-1] and isinstance(stack[-1][-1], Group):
            continue  # a repeatable group: once
        elif re.fullmatch(r"\(\d+–\d+\)", token):
            continue  # a note on the range of a value
        else:
            stack[-1].append(token.removesuffix("...") if token != "..." else token)
    return items


def _flatten(items: list[str | Group], *, optional: bool) -> list[str]:
    out: list[str] = []
    for item in items:
        if isinstance(item, Group):
            inner = _flatten(item.items, optional=optional)
            if optional and not NETWORK_OPTIONS & set(inner):
                out += inner
        else:
            out.append(item.split("|")[0])
    return out


def forms(command: str) -> list[list[str]]:
    """The command's words: as written, or a synopsis without and with its optional parts."""
    tokens = shlex.split(command.replace("[", " [ ").replace("]", " ] "))
    items = _parse(tokens)
    if not any(isinstance(item, Group) for item in items):
        return [_flatten(items, optional=False)]
    return [_flatten(items, optional=False), _flatten(items, optional=True)]


def command_words(words: list[str]) -> tuple[str, ...]:
    """'report build' from 'decision-aid --packs DIR report build --pack ID ...'."""
    rest = words[1:]
    while rest and rest[0].startswith("--"):
        rest = rest[2:]  # a global option and its value
    found: list[str] = []
    for word in rest:
        if word.startswith("-") or word.isupper() or "." in word or "/" in word:
            break
        found.append(word)
    return tuple(found)


# -- the world the commands run in -------------------------------------------------------------


class World:
    """A temporary home and working folder, with the files the placeholders name."""

    def __init__(self, base: Path, fhir_server: str) -> None:
        self.fhir_server = fhir_server
        """A FHIR server the test runs, named in the settings ('report send')."""
        self.home = base / "home"
        self.cwd = base / "work"
        self.cwd.mkdir(parents=True)
        (self.cwd / "examples").symlink_to(ROOT / "examples")
        my_packs = self.home / "my-packs"
        shutil.copytree(SHIPPED / PACK_ID, my_packs / PACK_ID)
        self.passphrase = base / "passphrase.txt"
        self.passphrase.write_text(PASSPHRASE + "\n", encoding="utf-8")
        self.session = ROOT / "examples" / f"{PACK_ID}.session.json"
        self.key = base / "clinic.p12"
        self.cert = base / "clinic.pem"
        self.record = base / "clinic-record.pdf"
        self.pack_key = base / "editor.key"
        self.pin = base / "pin.txt"
        self.pin.write_text("24680135\n", encoding="utf-8")
        self.author_pack = base / "author" / PACK_ID
        shutil.copytree(SHIPPED / PACK_ID, self.author_pack)
        self.sheet = base / "grid.xlsx"
        _write_sheet(self.sheet)
        self.token = base / "fhir-token"
        self.token.write_text(FHIR_TOKEN + "\n", encoding="utf-8")
        self.token.chmod(0o600)
        self._made = 0

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "DECISION_AID"))}
        env.update(
            HOME=str(self.home),
            LANGUAGE="en",
            QT_QPA_PLATFORM="offscreen",
            XDG_CONFIG_HOME=str(self.home / ".config"),
            XDG_DATA_HOME=str(self.home / ".local" / "share"),
            XDG_STATE_HOME=str(self.home / ".local" / "state"),
            # never the computer's own system-wide settings (nor /etc written by a command)
            DECISION_AID_SYSTEM_SETTINGS=str(self.home / "system" / "settings.json"),
        )
        return env

    def run(self, words: list[str]) -> subprocess.CompletedProcess[str]:
        """Run a command line as a shell would (``~`` and ``>`` included)."""
        args = [str(self.home) + w[1:] if w.startswith("~/") else w for w in words[1:]]
        target = None
        if ">" in args:
            at = args.index(">")
            target, args = self.cwd / args[at + 1], args[:at]
        program = [sys.executable, "-c", "from decision_aid.cli import run; run()"]
        if command_words(words) in (("kiosk",), ("author",)) and "--check" not in words:
            return self.run_kiosk([*program, *args])
        if command_words(words)[:1] == ("group",) and "--check" not in words:
            # The facilitator's window runs until closed (tests/ui/group drive it): here
            # the line is checked as far as its pack, options and network addresses.
            args = [*args, "--check"]
        result = subprocess.run(
            [*program, *args],
            cwd=self.cwd,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if target is not None:
            target.write_text(result.stdout, encoding="utf-8")
        return result

    def run_kiosk(self, line: list[str]) -> subprocess.CompletedProcess[str]:
        """The kiosk (and the author's workbench) runs until it is stopped: it must come up
        (its window report is written once it is on the screen), then quit with 0 on
        SIGTERM, as under systemd."""
        import signal

        report = self.cwd / "kiosk-report.json"
        report.unlink(missing_ok=True)
        env = {**self.env(), "DECISION_AID_KIOSK_REPORT": str(report)}
        process = subprocess.Popen(
            line, cwd=self.cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        try:
            for _ in range(600):  # at most 60 s for the window to come up
                if report.exists() or process.poll() is not None:
                    break
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=0.1)
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
            out, err = process.communicate(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
                process.communicate()
        if not report.exists() and process.returncode == 0:
            err += "\nthe kiosk ended without coming up on the screen"
            return subprocess.CompletedProcess(line, 1, out, err)
        return subprocess.CompletedProcess(line, process.returncode, out, err)

    def unsigned_pack(self) -> str:
        """A copy of a shipped pack, without its signature, that nothing has signed yet."""
        target = Path(self.new(PACK_ID))
        shutil.copytree(SHIPPED / PACK_ID, target, ignore=shutil.ignore_patterns("signature"))
        return str(target)

    def unsigned_directory(self) -> str:
        """A copy of the example community directory, without its signature."""
        target = Path(self.new("example-community"))
        source = ROOT / "directories" / "example-community"
        shutil.copytree(source, target, ignore=shutil.ignore_patterns("signature"))
        return str(target)

    def new(self, name: str) -> str:
        """A path nothing has written yet."""
        self._made += 1
        return str(self.cwd / "made" / str(self._made) / name)

    def prepare(self) -> None:
        """The signing key, its certificate and a signed record, made with the CLI itself."""
        for words in (
            [PROGRAM, "keys", "init", "--out", str(self.key), "--name", "Dr A. Example"],
            [
                *(PROGRAM, "report", "build", "--pack", PACK_ID, "--session", str(self.session)),
                *("--out", str(self.record), "--sign", str(self.key)),
            ],
            [PROGRAM, "packs", "keygen", "--out", str(self.pack_key)],
        ):
            result = self.run([*words, "--passphrase-file", str(self.passphrase)])
            assert result.returncode == 0, result.stderr
        self._prepare_kiosk()
        _key, cert, _more = pkcs12.load_key_and_certificates(
            self.key.read_bytes(), PASSPHRASE.encode()
        )
        assert cert is not None
        self.cert.write_bytes(cert.public_bytes(Encoding.PEM))

    def _prepare_kiosk(self) -> None:
        """The clinic's hand-over keys and a spool, named in the settings."""
        keys, spool = self.home / "kiosk-keys", self.home / "spool"
        words = [PROGRAM, "kiosk", "keys", "init", "--out", str(keys)]
        result = self.run([*words, "--passphrase-file", str(self.passphrase)])
        assert result.returncode == 0, result.stderr
        spool.mkdir()
        settings = self.home / ".config" / "decision-aid" / "settings.json"
        settings.parent.mkdir(parents=True, exist_ok=True)
        settings.write_text(
            json.dumps(
                {
                    "kiosk_spool": str(spool),
                    "kiosk_public_key": str(keys / "kiosk-handover.pub"),
                    "kiosk_private_key": str(keys / "kiosk-handover.key"),
                    "fhir": {"server": self.fhir_server, "token_file": str(self.token)},
                }
            ),
            encoding="utf-8",
        )
        result = self.run([PROGRAM, "kiosk", "set-pin", "--pin-file", str(self.pin)])
        assert result.returncode == 0, result.stderr

    def handover(self) -> str:
        """The code of a new hand-over, sealed from the example session."""
        words = [PROGRAM, "kiosk", "seal", "--session", str(self.session)]
        result = self.run(words)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    def fill(self, words: list[str], required: dict[tuple[str, ...], list[str]]) -> list[str]:
        """The placeholders replaced by real files and values; an elided '...' by the
        command's required arguments (from its synopsis)."""
        filled: list[str] = []
        command = command_words(words)
        for word in words:
            if word == "...":
                filled += self.fill([PROGRAM, *command, *required[command]], required)[
                    1 + len(command) :
                ]
                continue
            previous = filled[-1] if filled else ""
            filled.append(self._value(previous, word, command))
        takes_passphrase = command in PASSPHRASE_COMMANDS or "--sign" in filled
        if takes_passphrase and "--passphrase-file" not in filled:
            filled += ["--passphrase-file", str(self.passphrase)]
        if command == ("kiosk", "set-pin") and "--pin-file" not in filled:
            filled += ["--pin-file", str(self.pin)]
        return filled

    def _value(self, previous: str, word: str, command: tuple[str, ...]) -> str:
        writes = previous == "--out"
        values = {
            "PATH": str(SHIPPED / PACK_ID),
            "ID": PACK_ID,
            "NAME": "Dr A. Example",
            "N": "30",
            "IP": "127.0.0.1",
            "L": "cy",
            "F": str(
                {"--pin-file": self.pin, "--token-file": self.token}.get(previous, self.passphrase)
            ),
            "URL": self.fhir_server,
            "FILE.fhir.json": str(ROOT / "examples" / f"{PACK_ID}.fhir.json"),
            "CERT": str(self.cert),
            "YYYY-MM-DD": "2026-12-15",  # after every shipped pack was published
            "DIR": self.new("pictures") if writes else str(SHIPPED),
            "FILE.json": self.new("out.json") if writes else str(self.session),
            "FILE.pdf": self.new("record.pdf") if writes else str(self.record),
            "FILE.p12": self.new("key.p12") if writes else str(self.key),
            # The audit trail the commands above have been writing (see XDG_STATE_HOME).
            "FILE.jsonl": str(self.home / ".local" / "state" / "decision-aid" / "audit.jsonl"),
            # The authors' commands: a copy of a pack they may change, and a spreadsheet.
            "PACK": str(self.author_pack),
            "OLD": str(SHIPPED / PACK_ID),
            "NEW": str(self.author_pack),
            "SHEET": str(self.sheet),
            "TITLE": "Preventing falls at home",
            "ROLE": "clinician",
            "STRING": "title",
        }
        if previous == "--sheet":
            return SHEET_NAME
        if command[:1] == ("directory",):  # community directories: their own files
            directories = {
                "FILE": str(ROOT / "examples" / "openreferral" / "oruk-services.json"),
                "CONTACT": "directory@example.org",
                "AREA": "Riverside",
                "CODE": "en",  # the language the export is written in
            }
            if word == "DIR" and not writes:
                signing = command == ("directory", "sign")
                return self.unsigned_directory() if signing else str(ROOT / "directories")
            if word in directories:
                return directories[word]
        if word == "CODE":
            return self.handover()
        if word == "KEY":
            return self.new("editor.key") if writes else str(self.pack_key)
        if word == "PACK":
            return self.unsigned_pack()
        if previous == "--expires":  # a signature expires in the future
            from datetime import date, timedelta

            return (date.today() + timedelta(days=30)).isoformat()
        return values.get(word, word)


SHEET_NAME = "Grid"


def _write_sheet(path: Path) -> None:
    """An XLSX first draft of a grid, for ``packs import``."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_NAME
    sheet.append(["Question", "Exercise classes", "Home safety check"])
    sheet.append(["What does it involve?", "Two classes a week.", "A visit to your home."])
    workbook.save(path)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    with FhirTestServer(FHIR_TOKEN) as server:
        made = World(tmp_path_factory.mktemp("readme"), server.url)
        made.prepare()
        yield made


def _scripts() -> list[list[list[str]]]:
    """Each script as command lines: a synopsis gives two (see :func:`forms`)."""
    scripts: list[list[list[str]]] = []
    for script in documented_scripts(README.read_text(encoding="utf-8")):
        if len(script) == 1:
            made = [[words] for words in forms(script[0])]
        else:
            made = [[forms(command)[0] for command in script]]
        scripts += [lines for lines in made if lines not in scripts]
    return scripts


SCRIPTS = _scripts()
COMMAND_LINES = [words for script in SCRIPTS for words in script]


def _required() -> dict[tuple[str, ...], list[str]]:
    """Each command's required arguments, from its synopsis in the README's tables."""
    required: dict[tuple[str, ...], list[str]] = {}
    for command in documented_commands(README.read_text(encoding="utf-8")):
        words = forms(command)[0]
        key = command_words(words)
        rest = words[1 + len(key) :]
        if "..." not in words and any(word.isupper() for word in rest):
            required.setdefault(key, rest)
    return required


def test_the_readme_documents_every_command_group() -> None:
    groups = {command_words(words)[:1] for words in COMMAND_LINES}
    assert groups >= {
        ("packs",),
        ("session",),
        ("screenshots",),
        ("keys",),
        ("report",),
        ("kiosk",),
        ("audit",),
        ("directory",),
    }
    assert len(COMMAND_LINES) >= 20


@pytest.mark.parametrize(
    "script", SCRIPTS, ids=lambda script: " && ".join(" ".join(w[1:]) for w in script)[:90]
)
def test_documented_command_lines_run(world: World, script: list[list[str]]) -> None:
    required = _required()
    for words in script:
        line = world.fill(words, required)
        result = world.run(line)
        shown = f"{shlex.join(line)}\nexit {result.returncode}\n{result.stderr[-2000:]}"
        assert "usage:" not in result.stderr, shown
        assert "unrecognized arguments" not in result.stderr, shown
        assert "Traceback" not in result.stderr, shown
        assert result.returncode == 0, shown


def test_the_reader_finds_synopses_and_examples() -> None:
    text = "\n".join(
        [
            "Run `decision-aid packs lint PATH... [--today YYYY-MM-DD] [-v]` to check.",
            "| `decision-aid report build --pack ID [--pdfa 3b\\|1b] [--tsa URL]` | x |",
            "```sh",
            "# a comment",
            "decision-aid report build --pack knee \\",
            '    --out record.pdf --name "Dr A. Example"   # the record',
            "```",
        ]
    )
    commands = documented_commands(text)
    assert commands[2] == (
        "decision-aid report build --pack knee --out record.pdf --name 'Dr A. Example'"
    )
    assert forms(commands[0]) == [
        ["decision-aid", "packs", "lint", "PATH"],
        ["decision-aid", "packs", "lint", "PATH", "--today", "YYYY-MM-DD", "-v"],
    ]
    full = ["decision-aid", "report", "build", "--pack", "ID", "--pdfa", "3b"]  # no --tsa
    assert forms(commands[1])[1] == full
    assert command_words(["decision-aid", "--packs", "~/p", "packs", "list"]) == ("packs", "list")
