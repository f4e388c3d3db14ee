"""One consultation: choices, ratings, scoring and autosave. No Qt here."""
