"""The Debian package of the frozen bundle (scripts/build_deb.py), built from a clean clone.

lintian accepts it (with the overrides it ships, each explained in build_deb.py), the
desktop entry and AppStream metadata it installs pass their validators, the bundle links
no system library that its Depends do not bring, and it installs, runs and removes
cleanly (as root; the test says so and skips otherwise).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from decision_aid import APP_ID
from tests.packaging.conftest import empty_home_env, run
from tests.packaging.validators import validate_appstream, validate_desktop, validator

pytestmark = pytest.mark.deb

SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
"""Where dpkg and its helpers live, whatever the test's own PATH."""

PACKS = {"knee-osteoarthritis", "psa-screening", "statins-primary-prevention"}


@pytest.fixture(scope="module")
def deb(bundle: Path, clean_clone: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("dpkg-deb") is None:
        pytest.skip("dpkg-deb is not installed: the Debian package is built on Debian or Ubuntu")
    out = tmp_path_factory.mktemp("deb")
    # gzip at level 1: the same files as the xz default, made in seconds instead of minutes
    script = clean_clone / "scripts" / "build_deb.py"
    done = run(
        [sys.executable, script, "--bundle", bundle, "--out", out, "-Z", "gzip", "-z", "1"],
        cwd=clean_clone,
        timeout=600,
    )
    [package] = out.glob("decision-aid_*.deb")
    assert str(package) in done.stdout
    return package


@pytest.fixture(scope="module")
def unpacked(deb: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("unpacked")
    run(["dpkg-deb", "-x", deb, root])
    return root


def _is_elf(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(4) == b"\x7fELF"


def _names(relations: str) -> set[str]:
    """The package names of a Depends field: 'libc6 (>= 2.34), a | b' gives libc6, a, b."""
    return {
        re.split(r"[ (:]", choice.strip(), maxsplit=1)[0]
        for relation in relations.split(",")
        for choice in relation.split("|")
        if choice.strip()
    }


def _closure(packages: set[str]) -> set[str]:
    """``packages`` and everything they depend on, as installed on this machine."""
    found: set[str] = set()
    todo = set(packages)
    while todo:
        name = todo.pop()
        found.add(name)
        done = subprocess.run(
            ["dpkg-query", "-W", "-f", "${Depends}, ${Pre-Depends}", name],
            check=False,
            capture_output=True,
            text=True,
        )
        todo |= _names(done.stdout) - found
    return found


def _owner(library: str) -> str:
    """The Debian package that holds ``library`` (by any of its names: /lib is /usr/lib)."""
    real = os.path.realpath(library)
    names = {library, real}
    for name in list(names):
        names.add(name.removeprefix("/usr") if name.startswith("/usr/") else "/usr" + name)
    for name in sorted(names):
        done = subprocess.run(["dpkg", "-S", name], check=False, capture_output=True, text=True)
        if done.returncode == 0:
            return done.stdout.split(":", 1)[0]
    raise AssertionError(f"{library}: no installed package holds it")


def test_lintian_accepts_the_package(deb: Path) -> None:
    done = subprocess.run(
        [validator("lintian", "lintian"), "--fail-on", "error,warning", str(deb)],
        check=False,
        capture_output=True,
        text=True,
        timeout=900,
    )
    tags = [line for line in done.stdout.splitlines() if re.match(r"[EW]: ", line)]
    assert done.returncode == 0 and not tags, done.stdout + done.stderr


def test_the_files_are_in_their_standard_places(deb: Path, unpacked: Path) -> None:
    program = unpacked / "opt" / "decision-aid" / "decision-aid"
    assert program.is_file() and os.access(program, os.X_OK)
    link = unpacked / "usr" / "bin" / "decision-aid"
    assert link.is_symlink() and os.readlink(link) == "/opt/decision-aid/decision-aid"
    share = unpacked / "usr" / "share"
    assert (share / "applications" / f"{APP_ID}.desktop").is_file()
    assert (share / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    assert (share / "doc" / "decision-aid" / "copyright").is_file()
    listing = run(["dpkg-deb", "-c", deb]).stdout
    assert "root/root" in listing and " ./opt/decision-aid/decision-aid" in listing
    fields = run(["dpkg-deb", "-f", deb, "Package", "Version", "Depends"]).stdout
    assert "Package: decision-aid" in fields and "libgl1" in fields


def test_desktop_entry_and_appstream_metadata_of_the_package(unpacked: Path) -> None:
    validate_desktop(unpacked / "usr" / "share" / "applications" / f"{APP_ID}.desktop")
    validate_appstream("validate-tree", str(unpacked))


def test_the_bundle_links_only_what_the_package_depends_on(deb: Path, unpacked: Path) -> None:
    """Every system library a bundled binary needs comes with a package in Depends, or in
    Recommends for the optional plugins (Qt's Wayland EGL support falls back without it)."""
    if shutil.which("ldd") is None or shutil.which("dpkg") is None:
        pytest.skip("ldd and dpkg are needed to follow the bundle's libraries")
    internal = unpacked / "opt" / "decision-aid"
    binaries = [p for p in internal.rglob("*") if p.is_file() and _is_elf(p)]
    library_path = os.pathsep.join(sorted({str(p.parent) for p in binaries}))
    needed: set[str] = set()
    for binary in binaries:
        done = subprocess.run(
            ["ldd", str(binary)],
            check=False,
            capture_output=True,
            text=True,
            env={**os.environ, "LD_LIBRARY_PATH": library_path},
        )
        for line in done.stdout.splitlines():
            match = re.match(r"\s*\S+ => (/\S+)", line)
            if match and not match.group(1).startswith(str(internal)):
                needed.add(match.group(1))
    owners = {_owner(library) for library in sorted(needed)}
    depends = _names(run(["dpkg-deb", "-f", deb, "Depends"]).stdout)
    recommends = _names(run(["dpkg-deb", "-f", deb, "Recommends"]).stdout)
    provided = _closure(depends) | recommends
    assert owners, "the bundle needs the C library at least"
    assert owners <= provided, f"not brought by Depends or Recommends: {sorted(owners - provided)}"


def _installed() -> bool:
    status = subprocess.run(
        ["dpkg-query", "-W", "-f", "${Status}", "decision-aid"],
        check=False,
        capture_output=True,
        text=True,
    )
    return "installed" in status.stdout.split()


def test_install_run_and_remove(deb: Path, tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("installing a .deb needs root (dpkg -i); run the tests as root to include it")
    if shutil.which("dpkg") is None:
        pytest.skip("dpkg is not installed")
    installed = subprocess.run(
        ["dpkg-query", "-W", "-f", "${Status}", "decision-aid"],
        check=False,
        capture_output=True,
        text=True,
    )
    if "installed" in installed.stdout.split():
        pytest.skip("decision-aid is installed on this machine; the test will not replace it")
    if Path("/opt/decision-aid").exists():
        pytest.skip("/opt/decision-aid exists (another copy of the app); the test leaves it")
    try:
        # dpkg runs ldconfig and start-stop-daemon from the system folders, which a plain
        # user's PATH (such as CI's) may leave out.
        run(["dpkg", "-i", deb], timeout=300, env={**os.environ, "PATH": SYSTEM_PATH})
        env = empty_home_env(tmp_path / "home")
        done = subprocess.run(
            ["decision-aid", "packs", "list"],
            check=False,
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env={**env, "PATH": "/usr/bin:/bin"},
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert {line.split("\t")[0] for line in done.stdout.splitlines()} == PACKS
    finally:
        subprocess.run(
            ["dpkg", "--purge", "decision-aid"],
            check=False,
            capture_output=True,
            env={**os.environ, "PATH": SYSTEM_PATH},
        )
    assert not _installed(), "dpkg --purge left the package installed"
    assert not Path("/opt/decision-aid").exists()
    assert not Path("/usr/bin/decision-aid").exists()
    assert not Path(f"/usr/share/applications/{APP_ID}.desktop").exists()
