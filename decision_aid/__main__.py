"""``python -m decision_aid`` runs the command line."""

from decision_aid.cli import run

run()
