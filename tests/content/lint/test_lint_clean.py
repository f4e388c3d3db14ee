"""The linter as a whole: clean fixtures, ordering, locations, speed, no Qt, no clock."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from decision_aid.content.lint import lint
from decision_aid.content.loader import load_pack
from tests.content.lint.lint_support import MINIMAL, SCREENING, TODAY, MakeVariant, only, severities

LINT_PACKAGE = Path(__file__).resolve().parents[3] / "decision_aid" / "content" / "lint"


def test_minimal_pack_has_no_errors_or_warnings() -> None:
    problems = lint(load_pack(MINIMAL), TODAY)
    assert severities(problems, "error") == []
    assert severities(problems, "warning") == []
    assert sorted(p.rule for p in problems) == [
        "ipdas.present",
        "readability.summary",
        "review.example",
    ]


def test_example_status_is_reported_as_info() -> None:
    problem = only(lint(load_pack(MINIMAL), TODAY), "review.example")
    assert problem.severity == "info"
    assert "example content, not clinically reviewed" in problem.message
    assert problem.path == "review.status"
    assert problem.file.endswith("pack.yaml")


def test_complete_screening_pack_is_clean() -> None:
    problems = lint(load_pack(SCREENING), TODAY)
    assert [p for p in problems if p.severity != "info"] == []
    assert only(problems, "ipdas.present").message.startswith("IPDAS: 16 of 16 criteria present")


def test_errors_come_first_then_warnings_then_info(variant: MakeVariant) -> None:
    loaded = variant(
        {
            "content.yaml": [
                ("description: You take one tablet each day.", "description: TBD"),
                (", range: {low: 15, high: 25}", ""),
            ]
        }
    )
    problems = lint(loaded, TODAY)
    ranks = [{"error": 0, "warning": 1, "info": 2}[p.severity] for p in problems]
    assert ranks == sorted(ranks)
    assert {p.severity for p in problems} == {"error", "warning", "info"}


def test_problem_names_file_line_and_field(variant: MakeVariant) -> None:
    loaded = variant(
        {
            "content.yaml": [
                ("benefits: [Fewer bad days.]", "benefits: []"),
                ("kind: benefit", "kind: harm"),
            ]
        }
    )
    problem = only(lint(loaded, TODAY), "ipdas.Q4")
    assert problem.file.endswith("content.yaml")
    assert problem.line == 6
    assert problem.path == "options[0].benefits"
    assert str(problem).startswith(f"{problem.file}:6: options[0].benefits: ")


def test_lint_imports_and_runs_without_qt() -> None:
    code = (
        "import sys\n"
        "sys.modules['PySide6'] = None\n"
        "from datetime import date\n"
        "from pathlib import Path\n"
        "from decision_aid.content.loader import load_pack\n"
        "from decision_aid.content.lint import lint\n"
        f"lint(load_pack(Path({str(MINIMAL)!r})), date(2026, 3, 1))\n"
        "assert not any(m.startswith('PySide6.') for m in sys.modules)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_linting_a_pack_is_fast() -> None:
    loaded = load_pack(SCREENING)
    lint(loaded, TODAY)  # warm up: the hyphenation dictionary loads once
    start = time.perf_counter()
    lint(loaded, TODAY)
    assert time.perf_counter() - start < 0.5


def test_the_clock_is_injected() -> None:
    for path in LINT_PACKAGE.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "today()" not in text, path
        assert ".now(" not in text, path
    loaded = load_pack(MINIMAL)
    assert lint(loaded, date(2026, 3, 1)) != lint(loaded, date(2030, 1, 1))
