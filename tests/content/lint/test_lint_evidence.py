"""The evidence document: an https address or a file inside the pack."""

from __future__ import annotations

import pytest

from decision_aid.content.lint import lint
from decision_aid.content.loader import load_pack
from tests.content.lint.lint_support import TODAY, MakeDir, MakeVariant, by_rule, only

DOCUMENT = "evidence_document: evidence.md"


def test_a_missing_evidence_file_is_an_error(variant: MakeVariant) -> None:
    problem = only(lint(variant(remove=("evidence.md",)), TODAY), "evidence.document")
    assert problem.severity == "error"
    assert problem.path == "evidence_document"
    assert problem.file.endswith("pack.yaml")
    assert "the evidence document 'evidence.md' is not in the pack" in problem.message


def test_an_evidence_file_in_a_subfolder_is_found(variant: MakeVariant) -> None:
    loaded = variant(
        {"pack.yaml": [(DOCUMENT, "evidence_document: docs/evidence.md")]},
        files={"docs/evidence.md": "# Evidence\n"},
    )
    assert by_rule(lint(loaded, TODAY), "evidence.document") == []


def test_an_https_address_is_accepted(variant: MakeVariant) -> None:
    loaded = variant(
        {"pack.yaml": [(DOCUMENT, "evidence_document: https://example.org/evidence")]},
        remove=("evidence.md",),
    )
    assert by_rule(lint(loaded, TODAY), "evidence.document") == []


def test_a_plain_http_address_is_a_warning(variant: MakeVariant) -> None:
    """Many guideline sites still use http://: warned about, not refused."""
    loaded = variant({"pack.yaml": [(DOCUMENT, "evidence_document: http://example.org/e")]})
    problem = only(lint(loaded, TODAY), "evidence.document")
    assert problem.severity == "warning"
    assert "use https:// if the site offers it" in problem.message


def test_an_http_reference_is_valid_and_a_warning(variant: MakeVariant) -> None:
    url = "url: http://www.example.org/guideline"
    loaded = variant({"content.yaml": [("url: https://example.org/trial", url)]})
    problem = only(lint(loaded, TODAY), "references.http")
    assert problem.severity == "warning"
    assert problem.path == "references[0].url"
    assert "'http://www.example.org/guideline' is not a secure address" in problem.message


def test_an_https_reference_is_not_warned(variant: MakeVariant) -> None:
    assert by_rule(lint(variant(), TODAY), "references.http") == []


@pytest.mark.parametrize("where", ["../evidence.md", "/etc/hostname", "C:/evidence.md"])
def test_a_path_outside_the_pack_is_an_error(pack_dir: MakeDir, where: str) -> None:
    folder = pack_dir({"pack.yaml": [(DOCUMENT, f"evidence_document: '{where}'")]})
    (folder.parent / "evidence.md").write_text("outside the pack\n", encoding="utf-8")
    problem = only(lint(load_pack(folder), TODAY), "evidence.document")
    assert "neither an https:// address nor a path inside the pack" in problem.message
