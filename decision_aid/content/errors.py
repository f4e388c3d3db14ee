"""Problems found in a pack, written for the author who can fix them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from decision_aid.i18n import N_, _, translate

Severity = Literal["error", "warning", "info"]


def format_loc(loc: tuple[str | int, ...]) -> str:
    """Render a location such as ('options', 0, 'name') as 'options[0].name'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


_SEVERITY_LABELS = {"warning": N_("warning"), "info": N_("info")}
"""How a problem that is not an error is tagged when shown."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a pack: where it is, what is wrong and what is expected."""

    file: str
    """Path of the file, as the author would type it."""
    line: int | None
    """1-based line number, when known."""
    path: str
    """Field path inside the file, e.g. 'options[0].name'."""
    message: str
    """What is wrong and what is expected."""
    severity: Severity = "error"
    rule: str = "format"
    """Short name of the check, e.g. 'format', 'ipdas.Q4', 'risk.denominator'."""
    kept: bool = False
    """True for a warning the pack keeps on purpose (its ``lint_exceptions``): then a note
    whose message gives the reason."""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        label = _SEVERITY_LABELS.get(self.severity)
        tag = translate(label) + ": " if label is not None else ""
        return f"{where}: {self.path}: {tag}{self.message}"


class PackError(Exception):
    """A pack could not be loaded. Carries every problem found, never a traceback."""

    def __init__(self, problems: list[Problem]) -> None:
        if not problems:
            raise ValueError("PackError needs at least one problem")
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def unexpected_problem(where: str, error: BaseException) -> Problem:
    """A problem for a failure the loader has no message for, so one pack never hides others."""
    reason = f"{type(error).__name__}: {error}"
    if len(reason) > 200:
        reason = reason[:200] + "…"
    return Problem(
        where,
        None,
        "(pack)",
        _(
            "the pack could not be read because of an unexpected error ({reason}); the other "
            "packs are not affected. Report this, with the pack, to the decision-aid developers"
        ).format(reason=reason),
    )
