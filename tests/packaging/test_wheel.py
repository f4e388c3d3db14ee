"""The wheel is the whole application: built from a clean clone, installed, run elsewhere.

A clone of HEAD (no compiled catalogs, no build leftovers) makes an sdist, the sdist makes
the wheel, as ``python -m build`` does. The wheel goes into a new virtual environment that
sees the project's locked dependencies through a ``.pth`` file (nothing is downloaded),
and the installed ``decision-aid`` runs from an empty folder with an empty home: it lists
the three shipped packs, renders one pack's screenshots, and builds, signs and verifies a
record from a shipped example session, in English and in Arabic.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from decision_aid import APP_ID
from tests.conftest import ROOT
from tests.packaging.conftest import empty_home_env, run
from tests.packaging.validators import validate_appstream, validate_desktop

pytestmark = pytest.mark.wheel

PACKS = {"knee-osteoarthritis", "psa-screening", "statins-primary-prevention"}
LANGUAGES = ("ar", "cy", "pl")
PACK_ID = "psa-screening"
PASSPHRASE = "wheel test passphrase"
PIP = [sys.executable, "-m", "pip", "--quiet", "--disable-pip-version-check"]


def _toolchain() -> None:
    """Skip, saying what is missing, when this Python cannot build and install a wheel."""
    for module in ("venv", "setuptools", "pip", "babel"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"the wheel toolchain lacks the Python module {module}")


@dataclass
class Built:
    sdist: Path
    wheel: Path
    venv: Path
    work: Path
    env: dict[str, str]

    def app(self, *args: str, language: str = "en") -> subprocess.CompletedProcess[str]:
        """The installed command, run from the empty work folder."""
        env = {**self.env, "LANGUAGE": language}
        return subprocess.run(
            [str(self.venv / "bin" / "decision-aid"), *args],
            check=False,
            capture_output=True,
            text=True,
            cwd=self.work,
            env=env,
            timeout=120,
        )

    def python(self, code: str) -> str:
        done = run([self.venv / "bin" / "python", "-c", code], cwd=self.work, env=self.env)
        return done.stdout.strip()


@pytest.fixture(scope="module")
def built(clean_clone: Path, tmp_path_factory: pytest.TempPathFactory) -> Built:
    _toolchain()
    base = tmp_path_factory.mktemp("wheel")
    clone = tmp_path_factory.mktemp("wheel-source") / "decision-aid"
    shutil.copytree(clean_clone, clone, ignore=shutil.ignore_patterns(".git"))

    # sdist, then the wheel from the unpacked sdist (what `python -m build` does)
    dist = base / "dist"
    sdist_name = run(
        [
            sys.executable,
            "-c",
            f"from setuptools import build_meta; print(build_meta.build_sdist({str(dist)!r}))",
        ],
        cwd=clone,
    ).stdout.splitlines()[-1]
    sdist = dist / sdist_name
    unpacked = base / "unpacked"
    with tarfile.open(sdist) as archive:
        if hasattr(tarfile, "data_filter"):  # Python 3.11.4 and later
            archive.extractall(unpacked, filter="data")
        else:  # Debian 12's 3.11.2: our own sdist, just built, in a new folder
            archive.extractall(unpacked)
    [source] = unpacked.iterdir()
    run(
        [*PIP, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", dist, source],
        cwd=base,
    )
    [wheel] = dist.glob("*.whl")

    # a new venv: the wheel alone, the locked dependencies seen through a .pth file
    venv = base / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", venv])
    purelib = Path(
        run(
            [
                venv / "bin" / "python",
                "-c",
                "import sysconfig; print(sysconfig.get_path('purelib'))",
            ]
        ).stdout.strip()
    )
    (purelib / "project-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    run(
        [*PIP, "--python", venv / "bin" / "python", "install", "--no-deps", "--no-index", wheel],
        cwd=base,
    )

    work = base / "work"
    home = base / "home"
    work.mkdir()
    home.mkdir()
    env = empty_home_env(home)
    return Built(sdist, wheel, venv, work, env)


def test_the_sdist_carries_the_catalog_sources_and_the_shipped_folders(built: Built) -> None:
    with tarfile.open(built.sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    for lang in LANGUAGES:
        assert f"translations/{lang}/LC_MESSAGES/decision_aid.po" in names
    assert "scripts/compile_catalogs.py" in names and "setup.py" in names
    for pack in PACKS:
        assert f"option_grids/{pack}/pack.yaml" in names
        assert f"examples/{pack}.session.json" in names
    assert not [name for name in names if name.endswith(".mo")]


def test_the_wheel_holds_packs_examples_catalogs_and_fonts(built: Built) -> None:
    names = set(zipfile.ZipFile(built.wheel).namelist())
    for lang in LANGUAGES:
        assert f"decision_aid/locale/{lang}/LC_MESSAGES/decision_aid.mo" in names
    tracked = run(["git", "-C", ROOT, "ls-files", "option_grids", "examples"]).stdout.split()
    for path in tracked:
        assert f"decision_aid/shipped/{path}" in names, path
    assert "decision_aid/report/fonts/NotoNaskhArabic-Regular.ttf" in names
    assert "decision_aid/report/fonts/NotoSans-Regular.ttf" in names


def test_the_installed_app_runs_from_the_wheel_not_a_checkout(built: Built) -> None:
    found = built.python(
        "import decision_aid.resources as r, decision_aid.i18n as i;"
        "print(r.__file__); print(r.shipped_packs_dir()); print(r.examples_dir());"
        "print(','.join(i.available_languages()))"
    ).splitlines()
    for path in found[:3]:
        assert Path(path).is_relative_to(built.venv), path
        assert Path(path).exists(), path
    assert found[3] == "ar,cy,en,pl"


def test_the_desktop_entry_metainfo_and_icon_are_installed(built: Built) -> None:
    share = built.venv / "share"
    desktop = share / "applications" / f"{APP_ID}.desktop"
    assert (share / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    validate_desktop(desktop)
    validate_appstream("validate-tree", str(built.venv))


def test_packs_list_shows_the_three_shipped_packs(built: Built) -> None:
    done = built.app("packs", "list")
    assert done.returncode == 0, done.stderr
    listed = {line.split("\t")[0] for line in done.stdout.splitlines()}
    assert listed == PACKS
    for line in done.stdout.splitlines():
        assert line.split("\t")[3] == "en,ar,cy,pl", line


def test_an_empty_library_is_reported(built: Built) -> None:
    empty = built.work / "no-packs"
    empty.mkdir()
    done = built.app("--packs", str(empty), "packs", "list")
    assert done.returncode == 1
    assert done.stdout == ""
    assert f"No pack found in: {empty}" in done.stderr


def test_screenshots_of_one_pack(built: Built) -> None:
    out = built.work / "shots"
    done = built.app("screenshots", "--pack", PACK_ID, "--out", str(out))
    assert done.returncode == 0, done.stderr
    names = {path.name for path in out.glob("*.png")}
    assert {"00-library.png", "01-grid.png", "06-summary.png", "99-patient-view.png"} <= names
    for path in out.glob("*.png"):
        assert path.read_bytes().startswith(b"\x89PNG"), path


@pytest.mark.parametrize(
    ("language", "verdict"),
    [("en", "OK: the record is intact and signed"), ("ar", "سليم: السجل سليم وموقَّع")],
)
def test_a_record_built_signed_and_verified(built: Built, language: str, verdict: str) -> None:
    passphrase = built.work / "passphrase.txt"
    passphrase.write_text(PASSPHRASE + "\n", encoding="utf-8")
    key = built.work / f"pilot-{language}.p12"
    done = built.app(
        "keys", "init", "--out", str(key), "--name", "Dr W. Heel", "--passphrase-file",
        str(passphrase),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    examples = Path(
        built.python("from decision_aid.resources import examples_dir as e; print(e())")
    )
    record = built.work / f"record-{language}.pdf"
    done = built.app(
        "report", "build", "--pack", PACK_ID,
        "--session", str(examples / f"{PACK_ID}.session.json"),
        "--out", str(record), "--sign", str(key), "--passphrase-file", str(passphrase),
        "--lang", language,
        language=language,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert record.read_bytes().startswith(b"%PDF")
    assert record.with_suffix(".fhir.json").is_file()
    done = built.app("report", "verify", str(record), language=language)
    assert done.returncode == 0, done.stdout + done.stderr
    assert verdict in done.stdout
