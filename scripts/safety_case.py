"""Check the safety case, or write the parts of it that the hazard log makes.

    .venv/bin/python scripts/safety_case.py            # check (what CI runs)
    .venv/bin/python scripts/safety_case.py --write    # refresh the report and the README

The check fails (exit 1, one line per problem) on a hazard without a control, a control
without a test, a test id pytest does not collect, a rating the DCB0129 matrix does not
give, a README whose intended-purpose statement differs from the hazard log's, or a
safety case report whose generated sections are stale. ``--write`` rewrites those
sections of docs/safety/safety-case-report.md and the README's statement from the log;
nothing else in either file is touched.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from safety_log import LOG, ROOT, Collector, HazardLog, check, collect_node_ids, load
from safety_report import fill, quoted

from decision_aid.atomic import write_atomic

REPORT = ROOT / "docs" / "safety" / "safety-case-report.md"
README = ROOT / "README.md"
START, END = "<!-- intended-purpose:start -->", "<!-- intended-purpose:end -->"
LEAD = "**Intended purpose.**"


def readme_statement(log: HazardLog) -> str:
    """The README's block: the log's statement as a quotation."""
    return quoted(f"{LEAD} {log.intended_purpose}")


def _with_statement(readme: str, log: HazardLog) -> str:
    before, start, rest = readme.partition(START)
    _old, end, after = rest.partition(END)
    if not start or not end:
        raise ValueError(f"README.md has no {START} … {END} markers")
    return f"{before}{START}\n{readme_statement(log)}\n{END}{after}"


def problems(
    log_path: Path = LOG,
    report: Path = REPORT,
    readme: Path = README,
    collect: Collector | None = None,
) -> list[str]:
    """Every problem of the safety case; an empty list when CI may pass."""
    found = check(log_path, collect or (lambda files: collect_node_ids(ROOT, files)))
    log, _ = load(log_path)
    if log is None:
        return found
    text = readme.read_text(encoding="utf-8")
    try:
        if _with_statement(text, log) != text:
            found.append(
                f"{readme.name}: its intended-purpose statement differs from the hazard "
                "log's; run scripts/safety_case.py --write"
            )
    except ValueError as exc:
        found.append(str(exc))
    template = report.read_text(encoding="utf-8")
    try:
        if fill(template, log) != template:
            found.append(
                f"{report.name}: its generated sections are stale; "
                "run scripts/safety_case.py --write"
            )
    except ValueError as exc:
        found.append(f"{report.name}: {exc}")
    return found


def write(log_path: Path = LOG, report: Path = REPORT, readme: Path = README) -> list[str]:
    """Refresh the report's generated sections and the README's statement from the log."""
    log, found = load(log_path)
    if log is None:
        return found.items
    try:
        filled = fill(report.read_text(encoding="utf-8"), log)
        stated = _with_statement(readme.read_text(encoding="utf-8"), log)
    except ValueError as exc:
        return [str(exc)]
    write_atomic(report, filled.encode("utf-8"))
    write_atomic(readme, stated.encode("utf-8"))
    return []


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument(
        "--write", action="store_true", help="refresh the report and the README from the log"
    )
    args = options.parse_args()
    found = write() if args.write else problems()
    for line in found:
        print(line)
    if found:
        return 1
    if not args.write:
        print("safety case: the hazard log, its tests, the README and the report agree")
    return 0


if __name__ == "__main__":
    sys.exit(main())
