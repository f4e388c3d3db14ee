"""scripts/soup.py: the SOUP register is made from the lock files, and CI fails while they
disagree."""

from __future__ import annotations

import re
import shutil
import sys
from email.message import Message
from pathlib import Path

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import soup

CLINICAL = (
    "pydantic",
    "ruamel-yaml",
    "reportlab",
    "pyhanko",
    "cryptography",
    "fhir-resources",
    "pyside6-essentials",
    "babel",
    "textstat",
    "arabic-reshaper",
    "python-bidi",
)
"""The packages that touch a pack, a session or the record: each needs a safety note."""


def copies(tmp_path: Path) -> tuple[Path, Path, Path, Path]:
    paths = []
    for source in (soup.REGISTER, soup.LOCK, soup.DEV_LOCK, soup.NOTES):
        target = tmp_path / source.name
        shutil.copyfile(source, target)
        paths.append(target)
    return paths[0], paths[1], paths[2], paths[3]


def without(lock: Path, name: str) -> None:
    """Remove one package's entry (its pin, hashes and 'via' lines) from a lock file."""
    text = lock.read_text(encoding="utf-8")
    entry = re.compile(rf"^{re.escape(name)}==.*?(?=^[A-Za-z#])", re.M | re.S)
    assert entry.search(text), name
    lock.write_text(entry.sub("", text, count=1), encoding="utf-8")


def test_the_register_agrees_with_the_lock_files() -> None:
    assert soup.problems() == []
    register = soup.REGISTER.read_text(encoding="utf-8")
    for name, pin in soup.read_lock(soup.LOCK).items():
        assert f"| {name} | {pin.version} |" in register
    assert "not yet reviewed" not in register, "every package has a role written for it"


def test_every_package_that_touches_clinical_content_has_a_safety_note() -> None:
    notes = soup.read_notes()
    shipped = soup.read_lock(soup.LOCK)
    for name in CLINICAL:
        assert name in shipped
        assert len(notes[name].get("safety", "")) > 40, name
    register = soup.REGISTER.read_text(encoding="utf-8")
    assert f"**pyhanko {shipped['pyhanko'].version}.** Makes and checks the signature" in register


def test_a_package_added_to_the_lock_file_fails_the_check(tmp_path: Path) -> None:
    register, lock, dev_lock, notes = copies(tmp_path)
    without(lock, "zipp")
    without(dev_lock, "zipp")
    register.write_text(soup.render(lock, dev_lock, notes), encoding="utf-8")
    shutil.copyfile(soup.LOCK, lock)
    shutil.copyfile(soup.DEV_LOCK, dev_lock)
    [problem] = soup.problems(register, lock, dev_lock, notes)
    assert problem.startswith("soup.md disagrees with the lock files: not listed: zipp 4.1.2.")
    assert "scripts/soup.py --write" in problem


def test_a_package_removed_from_the_lock_file_fails_the_check(tmp_path: Path) -> None:
    register, lock, dev_lock, notes = copies(tmp_path)
    without(lock, "zipp")
    without(dev_lock, "zipp")
    [problem] = soup.problems(register, lock, dev_lock, notes)
    assert "no longer locked: zipp" in problem


def test_another_version_in_the_lock_file_fails_the_check(tmp_path: Path) -> None:
    """A lock file that pins another version than the one installed (and registered)."""
    register, lock, dev_lock, notes = copies(tmp_path)
    pinned = soup.read_lock(lock)["zipp"].version
    lock.write_text(
        lock.read_text(encoding="utf-8").replace(f"zipp=={pinned}", "zipp==99.0"),
        encoding="utf-8",
    )
    [problem] = soup.problems(register, lock, dev_lock, notes)
    assert f"zipp is {pinned} here but 99.0 in the lock file" in problem


def test_an_edited_register_fails_the_check(tmp_path: Path) -> None:
    register, lock, dev_lock, notes = copies(tmp_path)
    text = register.read_text(encoding="utf-8")
    register.write_text(text.replace("| pyhanko | 0.38.0 | MIT |", "| pyhanko | 0.38.0 | GPL |"))
    [problem] = soup.problems(register, lock, dev_lock, notes)
    assert "disagrees with the lock files (its words differ)" in problem


def test_a_new_package_without_a_role_is_listed_as_not_yet_reviewed(tmp_path: Path) -> None:
    _register, lock, dev_lock, notes = copies(tmp_path)
    text = notes.read_text(encoding="utf-8")
    notes.write_text(
        text.replace("  zipp:\n    role: Zip file paths for importlib-metadata.\n", "")
    )
    made = soup.render(lock, dev_lock, notes)
    row = next(line for line in made.splitlines() if line.startswith("| zipp |"))
    assert row.endswith("(its own summary; not yet reviewed) |")


def test_the_licence_comes_from_the_metadata_then_the_notes() -> None:
    notes = soup.read_notes()
    assert soup.licence("pydantic", "2.14.4", notes) == "MIT"  # License-Expression
    assert soup.licence("ruamel-yaml", "0.19.1", notes) == "MIT"  # an SPDX License field
    # 'BSD license (see license.txt …)' is no SPDX expression: the notes give it
    assert soup.licence("reportlab", "5.1.0", notes) == "BSD-3-Clause"
    assert soup.licence("reportlab", "5.1.0", {}) == (
        "BSD License (from its classifiers; check its licence file)"
    )


def test_a_package_with_no_licence_anywhere_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    class Bare:
        version = "1.0"
        metadata = Message()

    monkeypatch.setattr(soup.metadata, "distribution", lambda name: Bare())
    with pytest.raises(soup.SoupError, match=r"mystery 1\.0: its metadata gives no licence"):
        soup.licence("mystery", "1.0", {})


def test_a_package_not_installed_is_named_with_the_fix() -> None:
    with pytest.raises(soup.SoupError, match=r"not-a-package 1\.0 is in the lock file but not"):
        soup.licence("not-a-package", "1.0", {})


def test_the_lock_files_needed_by_is_read_from_one_and_several_lines() -> None:
    pins = soup.read_lock(soup.LOCK)
    assert pins["pydantic-core"].needed_by == ["pydantic"]
    assert pins["cryptography"].needed_by == [
        "decision-aid (pyproject.toml)",
        "pyhanko",
        "pyhanko-certvalidator",
    ]
    assert soup._needed_by(pins["setuptools"]) == "scripts/build.in, textstat"
