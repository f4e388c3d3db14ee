"""Watches a whole bench process from inside, without changing what it runs.

Put this folder first on PYTHONPATH and Python imports this module at start (as it
imports any ``sitecustomize``). It imports nothing heavy itself. When the program
imports PySide6.QtWidgets, the probe wraps ``QApplication.exec`` so that, once the
event loop runs, an application-wide event filter sees every paint. What happens then
depends on ``BENCH_PROBE``:

- ``paint``: after the first painted frame (the first paint event, then the rest of
  that frame), note which modules were imported and end the process;
- ``listed``: the same, at the first frame in which a table shows at least
  ``BENCH_PROBE_ROWS`` rows;
- ``journey``: wait for the library to list its packs, open ``BENCH_PROBE_PACK`` as a
  user does (select its row, press Open: the pack loads on the worker thread), then
  show and paint every step of the consultation in order; then end.

Both sides of a bench end the same way, with ``os._exit(0)`` right after writing the
findings (JSON, to the file named by ``BENCH_PROBE_OUT``), so neither pays for tearing
down its modules.
"""

import json
import os
import sys
import time

_T0 = time.perf_counter()
_WATCHED = ("pydantic", "pydantic_core", "babel", "cryptography", "ruamel", "reportlab", "pyhanko")
_MODE = os.environ.get("BENCH_PROBE", "paint")


def _finish(**found):
    found["probe_ms"] = (time.perf_counter() - _T0) * 1000
    found["modules"] = sorted(
        name
        for name in sys.modules
        if name.split(".")[0] in _WATCHED or name.startswith("decision_aid")
    )
    with open(os.environ["BENCH_PROBE_OUT"], "w", encoding="utf-8") as out:
        out.write(json.dumps(found))
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


class _Finder:
    """Meta-path hook: patches QApplication as soon as PySide6.QtWidgets is loaded."""

    def find_spec(self, name, path=None, target=None):
        if name != "PySide6.QtWidgets":
            return None
        sys.meta_path.remove(self)
        import importlib.util

        spec = importlib.util.find_spec(name)
        load = spec.loader.exec_module

        def exec_module(module):
            load(module)
            _patch(module)

        spec.loader.exec_module = exec_module
        return spec


def _patch(widgets):
    original = widgets.QApplication.exec

    def exec_(*_args):
        _watch(widgets)
        return original()

    widgets.QApplication.exec = exec_


def _rows_shown(widgets, least):
    for view in widgets.QApplication.allWidgets():
        if isinstance(view, widgets.QAbstractItemView) and view.isVisible():
            model = view.model()
            if model is not None and model.rowCount() >= least:
                return True
    return False


def _watch(widgets):
    from PySide6.QtCore import QEvent, QObject, QTimer

    app = widgets.QApplication.instance()
    least = int(os.environ.get("BENCH_PROBE_ROWS", "1"))

    class Painted(QObject):
        seen = False

        def eventFilter(self, obj, event):  # noqa: N802 - Qt override
            if (
                not self.seen
                and event.type() == QEvent.Type.Paint
                and (_MODE == "paint" or _rows_shown(widgets, least))
            ):
                self.seen = True
                # The rest of this frame paints before the loop turns again.
                QTimer.singleShot(0, lambda: _finish(widgets=len(app.allWidgets())))
            return False

    if _MODE in ("paint", "listed"):
        app._bench_probe = Painted(app)
        app.installEventFilter(app._bench_probe)
    elif _MODE == "journey":
        app._bench_probe = _Journey(widgets, app)
        QTimer.singleShot(0, app._bench_probe.step)


class _Journey:
    """Drives the library and the consultation as a user does, one event-loop turn at a time."""

    def __init__(self, widgets, app):
        self.widgets = widgets
        self.app = app
        self.pack = os.environ.get("BENCH_PROBE_PACK", "knee-osteoarthritis")
        self.library = None
        self.consultation = None
        self.steps = None
        self.state = "listing"

    def later(self):
        from PySide6.QtCore import QTimer

        QTimer.singleShot(5, self.step)

    def step(self):
        if self.state == "listing":
            self.library = next(
                (
                    w
                    for w in self.widgets.QApplication.topLevelWidgets()
                    if hasattr(w, "open_entry")
                ),
                None,
            )
            window = self.library
            if window is None or window.task is None or window.task.running:
                return self.later()
            from decision_aid.ui.library_model import ENTRY_ROLE

            for row in range(window.proxy.rowCount()):
                entry = window.proxy.data(window.proxy.index(row, 0), ENTRY_ROLE)
                if entry.id == self.pack:
                    window.select_row(row)
                    break
            else:
                return _finish(error=f"pack {self.pack} not listed")
            window.open_selected()
            self.state = "opening"
            return self.later()
        if self.state == "opening":
            if not self.library.consultations:
                return self.later()
            self.consultation = self.library.consultations[0]
            from decision_aid.session.model import STEPS

            self.steps = list(STEPS)
            self.state = "steps"
        if self.state == "steps":
            if not self.steps:
                return _finish(steps="all")
            self.consultation.go_to(self.steps.pop(0))
            self.consultation.repaint()
            return self.later()
        return None


sys.meta_path.insert(0, _Finder())
