"""50,000 levels of nesting, which crashed the YAML library's C composer, are refused.

The proof runs in a child process: if the crash ever came back, the test would fail
with the child's exit code instead of taking the whole test run down with it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT
from tests.content.hostile import FILES, deep_cases

DEPTH_WORDS = "nested more than 40 levels deep"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )


def test_deep_nesting_never_crashes_the_loader_or_the_library(tmp_path: Path) -> None:
    done = _run("-m", "tests.content.hostile", str(tmp_path))
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    started = [line["start"] for line in lines if "start" in line]
    assert done.returncode == 0, (
        f"the loader died with exit code {done.returncode} while loading {started[-1:]}\n"
        f"{done.stderr[-2000:]}"
    )
    loaded = [line for line in lines if "deep" in line]
    assert len(loaded) == 2 * len(deep_cases())  # every case, as a folder and as a zip
    assert {line["deep"] for line in loaded} == set(FILES)
    for line in loaded:
        assert line["problems"], f"{line['path']} loaded"
        first = line["problems"][0]
        assert first["file"].endswith(line["deep"])
        if "explicit-keys" in line["path"]:
            assert "keys must be plain words" in first["message"]
        else:
            assert DEPTH_WORDS in first["message"]
    # The library lists every pack: the intact one stays valid, whatever the others hold,
    # and a pack whose pack file is too deep is listed with that problem.
    index = {Path(line["index"]).name: line for line in lines if "index" in line}
    assert len(index) == len(loaded) + 1
    assert index["intact"]["valid"]
    for line in loaded:
        entry = index[Path(line["path"]).name]
        if line["deep"].startswith("pack."):
            assert not entry["valid"]
            assert entry["problems"][0] == line["problems"][0]
        else:
            assert entry["valid"]  # the index reads only the pack file


def test_packs_list_survives_a_deep_pack_in_the_packs_folder(tmp_path: Path) -> None:
    from tests.content.hostile import CRASH_DEPTH, deep_yaml, pack_folder

    packs = tmp_path / "packs"
    pack_folder(packs, "deep", {"pack.yaml": deep_yaml("flow-list", CRASH_DEPTH)})
    pack_folder(packs, "intact")
    done = _run("-m", "decision_aid", "packs", "list", "--json", str(packs))
    assert done.returncode == 0, done.stderr[-2000:]
    entries = {entry["id"]: entry for entry in json.loads(done.stdout)}
    assert entries["intact"]["valid"]
    assert not entries["deep"]["valid"]
    assert DEPTH_WORDS in entries["deep"]["problems"][0]
