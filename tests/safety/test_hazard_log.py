"""scripts/safety_log.py and safety_case.py: the hazard log's CI check, and each way it
fails.

The real log must pass: every control names a test that pytest collects (this run's
collection when it has the files, else pytest's own collection of them, once). Broken
logs written to tmp_path must each fail with a message naming the place and the fix.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import safety_case
import safety_log
import safety_report

TEST = "tests/test_x.py::test_verifies"
ATTACK = "tests/test_x.py::test_under_attack"
KNOWN = {TEST, ATTACK, "tests/test_x.py::test_cases[a]", "tests/test_x.py::test_cases[b]"}


def known(files: set[str]) -> set[str]:
    return {node for node in KNOWN if node.split("::")[0] in files}


def risk(severity: str, likelihood: str) -> dict[str, Any]:
    return {
        "severity": severity,
        "likelihood": likelihood,
        "rating": safety_log.rating(safety_log.DCB0129_MATRIX, severity, likelihood),
    }


def good_log() -> dict[str, Any]:
    """A small log that passes, to break one thing at a time."""
    real = YAML(typ="safe").load(safety_log.LOG.read_text(encoding="utf-8"))
    return {
        "format": 1,
        "product": "decision-aid",
        "intended_purpose": real["intended_purpose"],
        "risk_matrix": real["risk_matrix"],
        "hazards": [
            {
                "id": "H-01",
                "title": "A figure misread",
                "description": "A patient takes a figure for more than it is.",
                "causes": ["Pictures of different sizes side by side."],
                "effect": "The options are weighed wrongly.",
                "harm": "A treatment declined that would have helped.",
                "initial_risk": risk("Major", "High"),
                "controls": [
                    {
                        "id": "H-01.1",
                        "type": "design",
                        "description": "Identical layouts side by side.",
                        "test": TEST,
                        "attack_test": ATTACK,
                    },
                    {
                        "id": "H-01.2",
                        "type": "test",
                        "description": "Every case of a parametrised test.",
                        "test": "tests/test_x.py::test_cases",
                    },
                ],
                "residual_risk": risk("Major", "Very low"),
                "status": "closed",
            }
        ],
    }


def write(tmp_path: Path, log: dict[str, Any]) -> Path:
    path = tmp_path / "hazard-log.yaml"
    with path.open("w", encoding="utf-8") as handle:
        yaml = YAML()
        yaml.default_flow_style = False
        yaml.dump(log, handle)
    return path


def problems(tmp_path: Path, log: dict[str, Any]) -> list[str]:
    return safety_log.check(write(tmp_path, log), known)


def only(found: list[str]) -> str:
    assert len(found) == 1, found
    return found[0]


def test_the_hazard_log_is_sound(request: pytest.FixtureRequest) -> None:
    """Every control of the real log has a test, every test id is collected, every
    rating is the matrix's; the README and the report agree with it."""
    collected = {item.nodeid for item in request.session.items}
    log, _ = safety_log.load(safety_log.LOG)
    assert log is not None

    def collect(files: set[str]) -> set[str]:
        """This run's own collection; pytest's, once, for the files of any test id this
        run did not collect (a narrower run, or a test that is really gone)."""
        ours = {c for c in collected if c.split("::")[0] in files}
        doubtful = {
            node.split("::")[0]
            for node in safety_log.tests_named(log).values()
            if safety_log.NODE_ID.match(node) and not safety_log.exists(node, ours)
        }
        if doubtful:
            ours |= safety_log.collect_node_ids(ROOT, doubtful & files)
        return ours

    assert safety_case.problems(collect=collect) == []
    assert all(h.controls for h in log.hazards)
    titles = " / ".join(h.title for h in log.hazards)
    for hazard in (
        "Wrong or out-of-date figures shown",
        "A tampered pack",
        "One patient's answers seen by the next",
        "A record that differs from what was discussed",
        "A record altered after signing",
        "A crash losing a consultation",
        "A figure misread",
        "A kiosk escape",
        "A figure recomputed wrongly",
    ):
        assert hazard in titles


def test_a_sound_log_passes(tmp_path: Path) -> None:
    assert problems(tmp_path, good_log()) == []


def test_a_hazard_without_a_control_fails(tmp_path: Path) -> None:
    log = good_log()
    log["hazards"][0]["controls"] = []
    found = only(problems(tmp_path, log))
    assert "hazards[0].controls: H-01 has no control; add one with its test" in found
    assert found.startswith(f"{tmp_path / 'hazard-log.yaml'}:")


def test_a_control_without_a_test_fails(tmp_path: Path) -> None:
    log = good_log()
    del log["hazards"][0]["controls"][1]["test"]
    found = only(problems(tmp_path, log))
    assert "hazards[0].controls[1]: control H-01.2 has no test that verifies it" in found


def test_a_test_id_that_does_not_exist_fails(tmp_path: Path) -> None:
    log = good_log()
    log["hazards"][0]["controls"][0]["test"] = "tests/test_x.py::test_renamed_since"
    log["hazards"][0]["controls"][0]["attack_test"] = "tests/test_gone.py::test_anything"
    log["hazards"][0]["controls"][1]["test"] = "tests/test_x.py::test_cases[c]"
    found = problems(tmp_path, log)
    assert len(found) == 3, found
    assert (
        "controls[0].test: test id does not exist: tests/test_x.py::test_renamed_since"
        in (found[0])
    )
    assert "tests/test_gone.py::test_anything" in found[1]
    assert "tests/test_x.py::test_cases[c]" in found[2]


def test_what_is_not_a_node_id_fails(tmp_path: Path) -> None:
    log = good_log()
    log["hazards"][0]["controls"][0]["test"] = "test_verifies"
    found = only(problems(tmp_path, log))
    assert "'test_verifies' is not a pytest node id" in found


def test_pytest_collection_finds_what_exists_and_not_what_does_not(tmp_path: Path) -> None:
    """The real collection, on a small suite in tmp_path: a renamed test, a removed file and
    a parameter set that is not there are each missing."""
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text(
        "import pytest\n\n\ndef test_verifies():\n    assert 1\n\n\n"
        "@pytest.mark.parametrize('case', ['a', 'b'])\ndef test_cases(case):\n    assert case\n",
        encoding="utf-8",
    )
    collected = safety_log.collect_node_ids(tmp_path, {"tests/test_x.py", "tests/test_gone.py"})
    assert collected == {
        "tests/test_x.py::test_verifies",
        "tests/test_x.py::test_cases[a]",
        "tests/test_x.py::test_cases[b]",
    }
    assert safety_log.exists("tests/test_x.py::test_cases", collected)
    assert safety_log.exists("tests/test_x.py::test_cases[b]", collected)
    assert not safety_log.exists("tests/test_x.py::test_cases[c]", collected)
    assert not safety_log.exists("tests/test_x.py::test_verifies_more", collected)
    assert not safety_log.exists("tests/test_gone.py::test_anything", collected)


def test_a_suite_that_cannot_be_collected_fails_with_pytests_words(tmp_path: Path) -> None:
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text("import not_a_module_here\n")
    with pytest.raises(RuntimeError, match="not_a_module_here"):
        safety_log.collect_node_ids(tmp_path, {"tests/test_x.py"})
    log = write(tmp_path, good_log())

    def broken(files: set[str]) -> set[str]:
        raise RuntimeError("pytest could not collect the tests: boom")

    assert "boom" in only(safety_log.check(log, broken))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda h: h["initial_risk"].update(rating=3),
            "Major × High is rated 4 by the matrix, not 3",
        ),
        (
            lambda h: h.update(
                initial_risk=risk("Minor", "Low"), residual_risk=risk("Minor", "Medium")
            ),
            "hazards[0].residual_risk: is above the initial risk",
        ),
        (
            lambda h: h.update(residual_risk=risk("Major", "Low")),
            "a residual risk of 3 is accepted only with the reason",
        ),
        (
            lambda h: h.update(residual_risk=risk("Major", "High")),
            "a residual risk of 4 is not acceptable",
        ),
        (
            lambda h: h["controls"][1].update(id="H-02.1"),
            "H-02.1 is not numbered under H-01",
        ),
        (
            lambda h: h["controls"][1].update(id="H-01.1"),
            "H-01.1 is used twice",
        ),
    ],
)
def test_a_rating_or_numbering_that_does_not_hold_fails(
    tmp_path: Path, change: Any, message: str
) -> None:
    log = good_log()
    change(log["hazards"][0])
    assert message in only(problems(tmp_path, log))


def test_a_residual_3_with_its_reason_passes(tmp_path: Path) -> None:
    log = good_log()
    log["hazards"][0]["residual_risk"] = risk("Major", "Low")
    log["hazards"][0]["residual_justification"] = "Further reduction is impractical because."
    assert problems(tmp_path, log) == []


def test_an_edited_risk_matrix_fails(tmp_path: Path) -> None:
    log = good_log()
    log["risk_matrix"]["matrix"]["High"] = [1, 1, 1, 1, 1]
    assert "is not DCB0129's risk matrix" in only(problems(tmp_path, log))


def test_two_hazards_with_one_id_fail(tmp_path: Path) -> None:
    log = good_log()
    log["hazards"].append(copy.deepcopy(log["hazards"][0]))
    found = problems(tmp_path, log)
    assert any("H-01 is used twice" in p for p in found), found


def test_a_malformed_log_names_the_line_and_the_field(tmp_path: Path) -> None:
    log = good_log()
    log["hazards"][0]["controls"][0]["verified_by"] = TEST
    log["hazards"][0]["initial_risk"]["severity"] = "Serious"
    found = problems(tmp_path, log)
    assert len(found) == 2, found
    assert any(".controls[0].verified_by: Extra inputs are not permitted" in p for p in found)
    assert any("initial_risk.severity: Input should be 'Minor'" in p for p in found)
    path = tmp_path / "hazard-log.yaml"
    path.write_text("hazards: [\n", encoding="utf-8")
    assert "line" in only(safety_log.check(path, known))


def _case(tmp_path: Path) -> tuple[Path, Path, Path]:
    log = write(tmp_path, good_log())
    report = tmp_path / "report.md"
    report.write_text(
        "# Report\n\nHand-written.\n\n"
        + "\n\n".join(
            f"<!-- generated:{name} -->\nold\n<!-- end:{name} -->"
            for name in safety_report.SECTIONS
        )
        + "\n\nMore by hand.\n",
        encoding="utf-8",
    )
    readme = tmp_path / "README.md"
    readme.write_text(
        f"# Product\n\n{safety_case.START}\n> old words\n{safety_case.END}\n\n## Use\n",
        encoding="utf-8",
    )
    return log, report, readme


def test_a_stale_report_or_readme_fails_and_write_refreshes_them(tmp_path: Path) -> None:
    log, report, readme = _case(tmp_path)
    found = safety_case.problems(log, report, readme, collect=known)
    assert len(found) == 2, found
    assert "README.md: its intended-purpose statement differs" in found[0]
    assert "report.md: its generated sections are stale" in found[1]
    assert safety_case.write(log, report, readme) == []
    assert safety_case.problems(log, report, readme, collect=known) == []
    text = report.read_text(encoding="utf-8")
    assert text.startswith("# Report\n\nHand-written.") and text.endswith("More by hand.\n")
    assert "| H-01.1 | design | Identical layouts side by side. | `" + TEST in text
    stated = " ".join(readme.read_text(encoding="utf-8").replace(">", " ").split())
    assert "It does not compute an individual's risk" in stated


def test_a_report_without_a_section_names_its_markers(tmp_path: Path) -> None:
    log, report, readme = _case(tmp_path)
    report.write_text("# Report\n", encoding="utf-8")
    found = safety_case.problems(log, report, readme, collect=known)
    assert any("no markers for: <!-- generated:deployer-actions -->" in p for p in found), found
    assert safety_case.write(log, report, readme)[0].startswith("no markers for")
    assert report.read_text(encoding="utf-8") == "# Report\n"
