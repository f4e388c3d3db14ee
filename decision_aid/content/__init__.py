"""Pack format: models, loading, validation and linting. No Qt here."""
