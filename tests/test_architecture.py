"""The core packages and the authoring tools never import Qt: proven statically and by
importing with Qt blocked."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

CORE = (
    "content",
    "session",
    "report",
    "i18n",
    "kiosk",
    "authoring",
    "audit",
    "settings",
    "group",
    "directory",
)
CORE_FILES = [
    *sorted(p for room in CORE for p in (ROOT / "decision_aid" / room).rglob("*.py")),
    ROOT / "decision_aid" / "atomic.py",
    ROOT / "decision_aid" / "paths.py",
]


@pytest.mark.parametrize("path", CORE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_qt_or_ui_import_in_source(path: Path) -> None:
    tree = ast.parse(path.read_text(), str(path))
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        for name in names:
            assert not name.startswith(("PySide6", "shiboken6", "decision_aid.ui")), (
                f"{path.relative_to(ROOT)}:{node.lineno} imports {name}"
            )


BLOCKER = """
import importlib.abc, pkgutil, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("PySide6", "shiboken6"):
            raise ImportError("Qt is blocked: " + name)
        return None
sys.meta_path.insert(0, Block())
import decision_aid
count = 0
ROOMS = ("content", "session", "report", "i18n", "kiosk", "authoring", "audit", "settings")
for room in ROOMS + ("group", "directory"):
    package = __import__("decision_aid." + room, fromlist=["_"])
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        __import__(info.name)
        count += 1
import decision_aid.atomic, decision_aid.cli, decision_aid.paths
assert not any(m.startswith("PySide6") for m in sys.modules)
print(count)
"""


def test_core_imports_with_qt_blocked() -> None:
    result = subprocess.run(
        [sys.executable, "-c", BLOCKER], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) >= 5
