"""Where the files that ship with the application are: the packs, the example sessions.

An installed application (a wheel, the frozen bundle, the Debian package) carries them
inside the package, in ``decision_aid/shipped/``: the build copies the checkout's
``option_grids/`` and ``examples/`` there (``setup.py``, ``packaging/decision-aid.spec``).
A source checkout has no such folder and uses the checkout's own folders beside the
package, so editing a shipped pack shows at once, as before.

The compiled catalogs (``decision_aid/locale``) and the fonts (``decision_aid/report/fonts``)
live inside the package in both cases.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
"""The ``decision_aid`` package folder."""
SHIPPED_DIR = PACKAGE_DIR / "shipped"
"""The shipped files in an installed application."""
SHIPPED_FOLDERS = ("option_grids", "examples")
"""The checkout's folders that the build copies into :data:`SHIPPED_DIR`."""


def _checkout() -> Path | None:
    """The source checkout the package runs from, or None when it is installed."""
    root = PACKAGE_DIR.parent
    marker = root / "pyproject.toml"
    try:
        text = marker.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return root if 'name = "decision-aid"' in text else None


def shipped(name: str) -> Path:
    """The folder ``name`` (one of :data:`SHIPPED_FOLDERS`) as this installation has it.

    Inside the package when the build put it there; else the checkout's own folder. The
    path is returned even when it does not exist, so that a caller can name it in its
    message ("No packs found in ...")."""
    if name not in SHIPPED_FOLDERS:
        raise ValueError(f"not a shipped folder: {name}")
    inside = SHIPPED_DIR / name
    if inside.is_dir():
        return inside
    checkout = _checkout()
    return checkout / name if checkout is not None else inside


def shipped_packs_dir() -> Path:
    """The option grids that come with the application."""
    return shipped("option_grids")


def examples_dir() -> Path:
    """The example sessions (and their FHIR copies) that come with the application."""
    return shipped("examples")
