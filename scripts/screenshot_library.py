"""Render the library window on the shipped packs to docs/library.png, offscreen.

Run: .venv/bin/python scripts/screenshot_library.py [OUT.png]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from decision_aid.content.library import shipped_packs_dir
    from decision_aid.ui.library_window import LibraryWindow

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "library.png"
    app = QApplication.instance() or QApplication([])
    window = LibraryWindow([shipped_packs_dir()])
    window.resize(1100, 560)
    window.show()
    loop = QEventLoop()
    assert window.task is not None
    window.task.finished.connect(loop.quit)
    QTimer.singleShot(20_000, loop.quit)
    if window.task.running:
        loop.exec()
    window.table.selectRow(0)
    app.processEvents()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(out)):
        sys.stderr.write(f"could not write {out}\n")
        return 1
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
