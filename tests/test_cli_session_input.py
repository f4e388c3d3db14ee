"""A session file given to ``report build`` or ``report fhir`` is checked before anything is
written: the JSON, the schema, and every reference to the pack, each with the file, the
field and what is expected (exit 2), never a traceback."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

import pytest

from decision_aid.cli import main
from decision_aid.session.model import MAX_SESSION_BYTES
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "statins-primary-prevention.session.json"
PACK = "statins-primary-prevention"


def commands(session: Path, out: Path) -> list[list[str]]:
    return [
        ["report", "build", "--pack", PACK, "--session", str(session), "--out", str(out / "r.pdf")],
        ["report", "fhir", "--session", str(session), "--out", str(out / "r.json")],
    ]


def run_all(capsys: pytest.CaptureFixture[str], session: Path, out: Path) -> list[str]:
    """Each command's error output; each must exit 2 and write nothing."""
    errors = []
    for args in commands(session, out):
        code = main(["--packs", str(ROOT / "option_grids"), *args])
        _, err = capsys.readouterr()
        assert code == 2, err
        assert "Traceback" not in err
        errors.append(err)
    assert not list(out.glob("r.*"))
    return errors


def write(tmp_path: Path, data: dict[str, Any] | str) -> Path:
    path = tmp_path / "session.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return path


def example() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLE.read_text())
    return data


def test_a_leaning_to_an_unknown_option_is_refused_not_a_key_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = example()
    data["plan"]["leaning"] = "option:surgery"
    data["ratings"].append(dict(data["ratings"][0], importance=0))
    session = write(tmp_path, data)
    for err in run_all(capsys, session, tmp_path):
        version = data["pack"]["version"]
        assert f"{session}: the session does not fit the pack '{PACK}' (version {version}):" in err
        assert "plan.leaning: no option 'surgery' in the pack; expected one of: statin" in err
        assert "ratings[5].concern_id: 'lower-risk' is listed more than once; keep one" in err
        assert "KeyError" not in err


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('{"id": "a", "id": "b"}', "(top level): the key 'id' appears twice"),
        (
            EXAMPLE.read_text().replace('"importance": 4', '"importance": "0x14"', 1),
            "ratings[0].importance: Input should be a valid integer",
        ),
        (
            EXAMPLE.read_text().replace(
                '"id": "example-statins-primary-prevention"',
                '"id": "x; pack=EVIL; version=6.6.6"',
            ),
            "id: 'x; pack=EVIL; version=6.6.6' does not have the expected form; expected letters",
        ),
    ],
)
def test_a_bad_session_file_names_the_file_and_the_field(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, words: str
) -> None:
    session = write(tmp_path, text)
    for err in run_all(capsys, session, tmp_path):
        assert f"{session}: not a decision-aid session record:" in err
        assert words in err


def test_a_session_path_that_is_a_fifo_or_a_folder_or_too_big_does_not_hang(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.json"
    folder.mkdir()
    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.truncate(MAX_SESSION_BYTES + 1)
    done: list[list[str]] = []

    def check() -> None:
        done.append(run_all(capsys, fifo, tmp_path) + run_all(capsys, folder, tmp_path))

    worker = threading.Thread(target=check, daemon=True)
    worker.start()
    worker.join(60)
    assert done, "reading the FIFO hung"
    assert all("not a session file (it is a folder or a special file)" in e for e in done[0])
    for err in run_all(capsys, big, tmp_path):
        assert "is too large for a session record" in err
