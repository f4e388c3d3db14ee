"""The hazard log (docs/safety/hazard-log.yaml): its model, and the checks CI runs on it.

The log follows NHS DCB0129: each hazard has its causes, its effect on care and the harm
to a patient, an initial risk, its controls, and a residual risk, each risk rated with the
standard's 5 × 5 matrix. The checks refuse what would make the log a promise nobody keeps:

- a hazard without a control, or a control without the test that verifies it;
- a test id (pytest node id) that pytest does not collect;
- a rating that is not what the matrix gives for its severity and likelihood, a residual
  risk above the initial one, an unacceptable residual risk (4 or 5), or a residual 3
  without the reason it is accepted;
- a risk matrix that differs from DCB0129's.

The node ids are collected once per run, with pytest's own collection, over the files the
log names only (``collect_node_ids``); a caller that already has them passes them in.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from decision_aid.content.parse import Parsed, ParseError, parse_yaml

ROOT = Path(__file__).resolve().parent.parent
LOG = ROOT / "docs" / "safety" / "hazard-log.yaml"

Severity = Literal["Minor", "Significant", "Considerable", "Major", "Catastrophic"]
Likelihood = Literal["Very low", "Low", "Medium", "High", "Very high"]
SEVERITIES: tuple[Severity, ...] = ("Minor", "Significant", "Considerable", "Major", "Catastrophic")
LIKELIHOODS: tuple[Likelihood, ...] = ("Very low", "Low", "Medium", "High", "Very high")
DCB0129_MATRIX: dict[str, list[int]] = {
    "Very high": [3, 4, 4, 5, 5],
    "High": [2, 3, 3, 4, 5],
    "Medium": [2, 2, 3, 3, 4],
    "Low": [1, 2, 2, 3, 4],
    "Very low": [1, 1, 2, 2, 3],
}
"""DCB0129's clinical risk matrix: the rating (1 to 5) for each likelihood, by severity
from Minor to Catastrophic."""
ACCEPTED_WITH_REASON = 3
"""A residual risk rated 3 is acceptable only when further reduction is impractical: the
log says why (``residual_justification``)."""
UNACCEPTABLE = 4
"""A residual risk rated 4 or 5 is not acceptable for release."""
NODE_ID = re.compile(r"^tests/[\w/.-]+\.py::\w+(::\w+)?(\[[^\]]+\])?$")
"""A pytest node id of this suite: ``tests/<path>.py::<test>`` (or ``::Class::test``),
optionally with one parameter set in brackets."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Risk(Strict):
    severity: Severity
    likelihood: Likelihood
    rating: int = Field(ge=1, le=5)


class Control(Strict):
    id: str = Field(pattern=r"^H-\d{2}\.\d+$")
    description: str = Field(min_length=10)
    type: Literal["design", "test", "training", "labelling"]
    test: str | None = None
    """The pytest node id of the test that verifies the control."""
    attack_test: str | None = None
    """Where relevant, the test that verifies the control holds under attack."""


class Hazard(Strict):
    id: str = Field(pattern=r"^H-\d{2}$")
    title: str = Field(min_length=5)
    description: str = Field(min_length=10)
    causes: list[str] = Field(min_length=1)
    effect: str = Field(min_length=10)
    """What changes in the care the patient gets."""
    harm: str = Field(min_length=10)
    """The effect on a patient: the harm that can follow."""
    initial_risk: Risk
    controls: list[Control] = []
    residual_risk: Risk
    residual_justification: str | None = None
    status: Literal["open", "closed", "transferred"]
    pending: list[str] = []
    """Controls being built elsewhere and not yet verified here: they count for nothing."""
    deployer_actions: list[str] = []
    """What the deploying organisation must do (its DCB0160 work)."""


class RiskMatrix(Strict):
    severity: dict[Severity, str]
    likelihood: dict[Likelihood, str]
    ratings: dict[str, str]
    matrix: dict[Likelihood, list[int]]


class HazardLog(Strict):
    format: Literal[1]
    product: str
    intended_purpose: str = Field(min_length=50)
    risk_matrix: RiskMatrix
    hazards: list[Hazard] = Field(min_length=1)


def rating(matrix: dict[str, list[int]], severity: str, likelihood: str) -> int:
    return matrix[likelihood][SEVERITIES.index(severity)]  # type: ignore[arg-type]


def _place(loc: Iterable[str | int]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _shown(path: Path) -> str:
    """The path as a reader of this checkout types it (relative to it when inside)."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


class Problems:
    """Problems found in one log file, each as 'file:line: place: what is wrong'."""

    def __init__(self, path: Path, parsed: Parsed | None = None) -> None:
        self.path = path
        self.parsed = parsed
        self.items: list[str] = []

    def add(self, loc: tuple[str | int, ...], message: str) -> None:
        line = self.parsed.line_of(loc) if self.parsed else None
        name = _shown(self.path)
        where = f"{name}:{line}" if line else name
        place = _place(loc)
        self.items.append(f"{where}: {place}: {message}" if place else f"{where}: {message}")


def load(path: Path) -> tuple[HazardLog | None, Problems]:
    """The log, or None and the problems that stop it being read."""
    try:
        parsed = parse_yaml(path.read_bytes())
    except OSError as exc:
        problems = Problems(path)
        problems.add((), f"cannot be read ({exc.strerror})")
        return None, problems
    except ParseError as exc:
        problems = Problems(path)
        where = f"line {exc.line}: " if exc.line else ""
        problems.add((), f"{where}{exc.message}")
        return None, problems
    problems = Problems(path, parsed)
    try:
        return HazardLog.model_validate(parsed.data), problems
    except ValidationError as exc:
        for error in exc.errors():
            problems.add(tuple(error["loc"]), error["msg"])
        return None, problems


def tests_named(log: HazardLog) -> dict[tuple[str | int, ...], str]:
    """Every test id the log names, by its place in the log."""
    named: dict[tuple[str | int, ...], str] = {}
    for h, hazard in enumerate(log.hazards):
        for c, control in enumerate(hazard.controls):
            for key in ("test", "attack_test"):
                value = getattr(control, key)
                if value is not None:
                    named["hazards", h, "controls", c, key] = value
    return named


def test_files(ids: Iterable[str]) -> set[str]:
    return {node.split("::", 1)[0] for node in ids if NODE_ID.match(node)}


def collect_node_ids(root: Path, files: Iterable[str]) -> set[str]:
    """The node ids pytest collects from these files (one collection, run once).

    Raises RuntimeError with pytest's own output when the collection itself fails.
    """
    present = sorted(f for f in set(files) if (root / f).is_file())
    if not present:
        return set()
    result = subprocess.run(
        [*PYTEST_COLLECT, f"--rootdir={root}", *present],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    if result.returncode not in (0, 5):  # 5: nothing collected
        raise RuntimeError(f"pytest could not collect the tests:\n{result.stdout}{result.stderr}")
    return {line.strip() for line in result.stdout.splitlines() if "::" in line}


def exists(node: str, collected: set[str]) -> bool:
    """True when pytest collects the node, or (without brackets) any parameter set of it."""
    return node in collected or any(c.startswith(node + "[") for c in collected)


PYTEST_COLLECT = (sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider")
"""pytest's collection, listing node ids only."""

Collector = Callable[[set[str]], set[str]]
"""Given the test files the log names, the node ids pytest collects from them."""


def check(path: Path, collect: Collector) -> list[str]:
    """Every problem of the log at ``path``; an empty list when it is sound."""
    log, problems = load(path)
    if log is None:
        return problems.items
    add = problems.add
    if log.risk_matrix.matrix != DCB0129_MATRIX:
        add(("risk_matrix", "matrix"), "is not DCB0129's risk matrix; put the standard back")
    seen: set[str] = set()
    for h, hazard in enumerate(log.hazards):
        at = ("hazards", h)
        if hazard.id in seen:
            add((*at, "id"), f"{hazard.id} is used twice; give each hazard its own id")
        seen.add(hazard.id)
        if not hazard.controls:
            add((*at, "controls"), f"{hazard.id} has no control; add one with its test")
        for c, control in enumerate(hazard.controls):
            place = (*at, "controls", c)
            if not control.id.startswith(hazard.id + "."):
                add((*place, "id"), f"{control.id} is not numbered under {hazard.id}")
            if control.id in seen:
                add((*place, "id"), f"{control.id} is used twice")
            seen.add(control.id)
            if control.test is None:
                add(place, f"control {control.id} has no test that verifies it; name one")
        for key in ("initial_risk", "residual_risk"):
            risk: Risk = getattr(hazard, key)
            wanted = rating(DCB0129_MATRIX, risk.severity, risk.likelihood)
            if risk.rating != wanted:
                add(
                    (*at, key, "rating"),
                    f"{risk.severity} × {risk.likelihood} is rated {wanted} by the matrix, "
                    f"not {risk.rating}",
                )
        residual = hazard.residual_risk.rating
        if residual > hazard.initial_risk.rating:
            add((*at, "residual_risk"), "is above the initial risk")
        if residual >= UNACCEPTABLE:
            add((*at, "residual_risk"), f"a residual risk of {residual} is not acceptable")
        elif residual == ACCEPTED_WITH_REASON and not hazard.residual_justification:
            add(
                (*at, "residual_justification"),
                "a residual risk of 3 is accepted only with the reason further reduction "
                "is impractical; give it",
            )
    named = tests_named(log)
    for loc, node in named.items():
        if not NODE_ID.match(node):
            add(loc, f"{node!r} is not a pytest node id like tests/path/test_file.py::test_name")
    try:
        collected = collect(test_files(named.values()))
    except RuntimeError as exc:
        add((), str(exc))
        return problems.items
    for loc, node in named.items():
        if NODE_ID.match(node) and not exists(node, collected):
            add(
                loc,
                f"test id does not exist: {node} "
                f"(pytest --collect-only -q {node.split('::')[0]} lists the ids)",
            )
    return problems.items
