"""The one error the authoring tools raise: where, and what to do, in plain words."""

from __future__ import annotations


class AuthoringError(Exception):
    """An authoring step could not be done; nothing was written.

    ``where`` names the file (and the row and column of a spreadsheet, or the field), and
    ``message`` says what is wrong and how to fix it.
    """

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message
