"""The parts of the clinical safety case report that the hazard log writes.

docs/safety/safety-case-report.md is a template for a deploying organisation's DCB0160
safety case. Its hand-written parts are for the organisation to fill in; the parts
between ``<!-- generated:NAME -->`` and ``<!-- end:NAME -->`` are made here from the
hazard log, so that the report and the log never disagree (scripts/safety_case.py
--write refreshes them, and CI fails while they are stale).
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable

from safety_log import LIKELIHOODS, SEVERITIES, Hazard, HazardLog, Risk

MARKER = re.compile(r"<!-- generated:(?P<name>[a-z-]+) -->\n.*?<!-- end:(?P=name) -->", re.S)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _anchor(heading: str) -> str:
    """The link target a Markdown renderer (GitHub's) gives a heading."""
    kept = "".join(c for c in heading.lower() if c.isalnum() or c in " -")
    return kept.replace(" ", "-")


def _heading(h: Hazard) -> str:
    return f"{h.id} {' '.join(h.title.split())}"


def _risk(risk: Risk) -> str:
    return f"{risk.severity} × {risk.likelihood} = **{risk.rating}**"


def quoted(text: str) -> str:
    """A Markdown quotation of ``text``, its lines wrapped at 100 characters."""
    return textwrap.fill(
        " ".join(text.split()),
        width=100,
        initial_indent="> ",
        subsequent_indent="> ",
        break_long_words=False,
        break_on_hyphens=False,
    )


def purpose(log: HazardLog) -> str:
    return quoted(log.intended_purpose)


def matrix(log: HazardLog) -> str:
    m = log.risk_matrix
    lines = [
        "| likelihood \\ severity | " + " | ".join(SEVERITIES) + " |",
        "|---|" + "---|" * len(SEVERITIES),
    ]
    for likelihood in reversed(LIKELIHOODS):
        row = m.matrix[likelihood]
        lines.append(f"| **{likelihood}** | " + " | ".join(str(r) for r in row) + " |")
    lines += ["", "| severity | what it means |", "|---|---|"]
    lines += [f"| {s} | {_cell(m.severity[s])} |" for s in SEVERITIES]
    lines += ["", "| likelihood | what it means |", "|---|---|"]
    lines += [f"| {k} | {_cell(m.likelihood[k])} |" for k in reversed(LIKELIHOODS)]
    lines += ["", "| rating | what it means |", "|---|---|"]
    lines += [f"| {r} | {_cell(m.ratings[r])} |" for r in sorted(m.ratings, reverse=True)]
    return "\n".join(lines)


def summary(log: HazardLog) -> str:
    lines = [
        "| id | hazard | initial risk | controls | residual risk | status |",
        "|---|---|---|---|---|---|",
    ]
    for h in log.hazards:
        lines.append(
            f"| [{h.id}](#{_anchor(_heading(h))}) | {_cell(h.title)} | {_risk(h.initial_risk)} "
            f"| {len(h.controls)} | {_risk(h.residual_risk)} | {h.status} |"
        )
    return "\n".join(lines)


def _hazard(h: Hazard) -> list[str]:
    lines = [f"### {_heading(h)}", "", _cell(h.description), ""]
    lines += ["Causes:", ""] + [f"- {_cell(c)}" for c in h.causes] + [""]
    lines += [f"Effect: {_cell(h.effect)}", "", f"Harm to a patient: {_cell(h.harm)}", ""]
    lines += [f"Initial risk: {_risk(h.initial_risk)}.", ""]
    lines += [
        "| control | type | what it does | verified by | under attack |",
        "|---|---|---|---|---|",
    ]
    for c in h.controls:
        attack = f"`{c.attack_test}`" if c.attack_test else "—"
        lines.append(f"| {c.id} | {c.type} | {_cell(c.description)} | `{c.test}` | {attack} |")
    lines.append("")
    for note in h.pending:
        lines += [f"Pending: {_cell(note)}", ""]
    lines.append(f"Residual risk: {_risk(h.residual_risk)}. Status: {h.status}.")
    if h.residual_justification:
        lines += ["", f"Why it is accepted: {_cell(h.residual_justification)}"]
    lines.append("")
    return lines


def details(log: HazardLog) -> str:
    lines: list[str] = []
    for h in log.hazards:
        lines += _hazard(h)
    return "\n".join(lines).rstrip()


def actions(log: HazardLog) -> str:
    lines = [
        "| hazard | what the deploying organisation does | done (how, by whom, when) |",
        "|---|---|---|",
    ]
    for h in log.hazards:
        for action in h.deployer_actions:
            lines.append(f"| {h.id} {_cell(h.title)} | {_cell(action)} | |")
    return "\n".join(lines)


def pending(log: HazardLog) -> str:
    items = [f"- {h.id} {_cell(h.title)}: {_cell(p)}" for h in log.hazards for p in h.pending]
    return "\n".join(items) if items else "None."


SECTIONS: dict[str, Callable[[HazardLog], str]] = {
    "intended-purpose": purpose,
    "risk-matrix": matrix,
    "hazard-summary": summary,
    "hazard-details": details,
    "deployer-actions": actions,
    "pending": pending,
}


def fill(template: str, log: HazardLog) -> str:
    """The report with every generated section made anew from the log.

    Raises ValueError naming a section that has no markers, or markers of an unknown one.
    """
    found = {m["name"] for m in MARKER.finditer(template)}
    unknown = found - set(SECTIONS)
    if unknown:
        raise ValueError(f"unknown generated sections: {', '.join(sorted(unknown))}")
    missing = set(SECTIONS) - found
    if missing:
        raise ValueError(
            "no markers for: "
            + ", ".join(f"<!-- generated:{n} --> … <!-- end:{n} -->" for n in sorted(missing))
        )

    def made(match: re.Match[str]) -> str:
        name = match["name"]
        return f"<!-- generated:{name} -->\n{SECTIONS[name](log)}\n<!-- end:{name} -->"

    return MARKER.sub(made, template)
