"""The build of decision-aid's wheel: the package plus everything it reads at run time.

pyproject.toml holds the metadata; this file adds one step to ``build_py``. Into the
wheel's copy of the package it

* copies the checkout's ``option_grids/`` and ``examples/`` to ``decision_aid/shipped/``
  (where ``decision_aid.resources`` finds them once installed), and
* compiles every ``translations/<lang>/LC_MESSAGES/*.po`` with Babel into
  ``decision_aid/locale`` (the ``.mo`` files are never committed).

A build without them stops with a message instead of making a wheel that lists no packs
or speaks English only. An editable install (``pip install -e .``, as ``scripts/setup.sh``
does) is left as it was: it reads the checkout's folders, and set-up compiles the catalogs.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.errors import SetupError

ROOT = Path(__file__).resolve().parent
SHIPPED_FOLDERS = ("option_grids", "examples")
"""The same as decision_aid.resources.SHIPPED_FOLDERS (this file cannot import the package)."""


def _compile_catalogs(source: Path, target: Path) -> list[Path]:
    """scripts/compile_catalogs.py's function, loaded from its file (the sdist carries it)."""
    script = ROOT / "scripts" / "compile_catalogs.py"
    spec = importlib.util.spec_from_file_location("decision_aid_compile_catalogs", script)
    if spec is None or spec.loader is None:
        raise SetupError(f"{script}: cannot be read; the catalogs cannot be compiled")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    written: list[Path] = module.compile_catalogs(source, target)
    return written


class BuildPyWithData(build_py):
    """``build_py``, then the shipped folders and the compiled catalogs."""

    def run(self) -> None:
        super().run()
        self._data_outputs: list[str] = []
        if self.editable_mode:
            return
        package = Path(self.build_lib) / "decision_aid"
        for name in SHIPPED_FOLDERS:
            source = ROOT / name
            if not source.is_dir():
                raise SetupError(
                    f"{source}: missing; the application cannot be built without its "
                    f"{name} (build from a clone of the repository or from its sdist)"
                )
            target = package / "shipped" / name
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(source, target, ignore=shutil.ignore_patterns(".*", "__pycache__"))
            self._data_outputs += [str(p) for p in sorted(target.rglob("*")) if p.is_file()]
        translations = ROOT / "translations"
        written = _compile_catalogs(translations, package / "locale")
        if not written:
            raise SetupError(
                f"{translations}: no catalogs (<lang>/LC_MESSAGES/*.po) found; an application "
                "built without them would offer English only"
            )
        self._data_outputs += [str(p) for p in written]

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        return [*super().get_outputs(include_bytecode), *getattr(self, "_data_outputs", [])]


setup(cmdclass={"build_py": BuildPyWithData})
