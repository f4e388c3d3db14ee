"""No code reaches a layout's items from Python, except our own layouts reading their lists.

A QLayoutItem is not a QObject, so PySide cannot tell when Qt deletes one. A wrapper made by
``itemAt`` or ``takeAt`` is kept alive as a child of the layout's wrapper, and when Qt later
deletes the item (a QDialogButtonBox rebuilds its spacers whenever its buttons change) the
wrapper stays registered at that address. The next widget that Qt allocates there comes back
to Python as a ``QSpacerItem``: the suite once saw ``menuBar()`` return one, and a style's
``pixelMetric`` receive one, followed by a crash. Widgets are found through ``findChildren``
and ``layout.indexOf(widget)`` instead, which make no item wrappers.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

ITEM_CALLS = {"itemAt", "takeAt", "itemAtPosition"}


def calls_on_other_layouts(path: Path, root: Path = ROOT) -> list[str]:
    """Calls to ``ITEM_CALLS`` whose receiver is anything but ``self`` (our own layouts)."""
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ITEM_CALLS
            and not (isinstance(node.func.value, ast.Name) and node.func.value.id == "self")
        ):
            found.append(f"{path.relative_to(root)}:{node.lineno}: .{node.func.attr}(...)")
    return found


def test_no_layout_item_wrappers_outside_our_own_layouts() -> None:
    sources = [*(ROOT / "decision_aid").rglob("*.py"), *(ROOT / "tests").rglob("*.py")]
    found = [hit for path in sorted(sources) for hit in calls_on_other_layouts(path)]
    assert found == [], "use findChildren and layout.indexOf(widget) instead:\n" + "\n".join(found)


def test_the_rule_sees_a_call(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def f(layout, self):\n    self.itemAt(0)\n    return layout.takeAt(0)\n",
        encoding="utf-8",
    )
    assert calls_on_other_layouts(sample, tmp_path) == ["sample.py:3: .takeAt(...)"]
