"""decision_aid.resources: the shipped folders inside an installed package, else the checkout's."""

from __future__ import annotations

from pathlib import Path

import pytest

from decision_aid import resources
from decision_aid.cli import main
from tests.conftest import ROOT


def test_a_checkout_uses_its_own_folders() -> None:
    assert resources.shipped_packs_dir() == ROOT / "option_grids"
    assert resources.examples_dir() == ROOT / "examples"


def _installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, with_data: bool) -> Path:
    """A package folder as a wheel installs it (no checkout around it)."""
    package = tmp_path / "site-packages" / "decision_aid"
    package.mkdir(parents=True)
    if with_data:
        for name in resources.SHIPPED_FOLDERS:
            (package / "shipped" / name).mkdir(parents=True)
    monkeypatch.setattr(resources, "PACKAGE_DIR", package)
    monkeypatch.setattr(resources, "SHIPPED_DIR", package / "shipped")
    return package


def test_an_installed_package_uses_its_shipped_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = _installed(tmp_path, monkeypatch, with_data=True)
    assert resources.shipped_packs_dir() == package / "shipped" / "option_grids"
    assert resources.examples_dir() == package / "shipped" / "examples"


def test_the_shipped_folder_wins_over_a_checkout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = _installed(tmp_path, monkeypatch, with_data=True)
    (package.parent / "pyproject.toml").write_text('[project]\nname = "decision-aid"\n')
    (package.parent / "option_grids").mkdir()
    assert resources.shipped_packs_dir() == package / "shipped" / "option_grids"


def test_another_projects_folder_beside_the_package_is_not_taken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = _installed(tmp_path, monkeypatch, with_data=False)
    (package.parent / "pyproject.toml").write_text('[project]\nname = "other"\n')
    (package.parent / "option_grids").mkdir()
    assert resources.shipped_packs_dir() == package / "shipped" / "option_grids"


def test_an_installation_without_its_packs_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    package = _installed(tmp_path, monkeypatch, with_data=False)
    assert main(["packs", "list"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"No pack found in: {package / 'shipped' / 'option_grids'}" in captured.err


def test_only_the_shipped_folders_are_named() -> None:
    with pytest.raises(ValueError, match="not a shipped folder"):
        resources.shipped("secrets")
