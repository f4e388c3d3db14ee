"""The frozen bundle's entry point: the same command line as the installed ``decision-aid``.

It lives here, outside the package, so that PyInstaller puts no folder of the package on
the module search path (``packaging/decision-aid.spec``)."""

from decision_aid.cli import run

run()
