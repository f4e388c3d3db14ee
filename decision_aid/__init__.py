"""decision-aid: option grids, values, honest risk pictures and a signed record."""

__version__ = "0.1.0"

APP_ID = "org.decision_aid.DecisionAid"
"""The application's reverse-DNS id (after the project's domain, decision-aid.org): the name
of its desktop entry, its AppStream component and its icon (packaging/)."""
