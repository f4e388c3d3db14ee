"""The example consultations load, and are what scripts/make_examples.py makes today."""

from __future__ import annotations

import importlib.util

import pytest

from decision_aid.content.library import pack_paths
from decision_aid.session.reading import parse_session
from tests.conftest import ROOT, SHIPPED

PACKS = pack_paths([SHIPPED])


def maker():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "make_examples", ROOT / "scripts" / "make_examples.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("path", PACKS, ids=lambda p: p.name)
def test_example_session_is_current(path) -> None:  # type: ignore[no-untyped-def]
    example = ROOT / "examples" / f"{path.name}.session.json"
    committed = parse_session(example.read_bytes())  # strictly, as the command line reads it
    fresh = maker().example_session(path)
    assert committed == fresh, "run: .venv/bin/python scripts/make_examples.py"


@pytest.mark.parametrize("path", PACKS, ids=lambda p: p.name)
def test_example_fhir_copy_is_current(path) -> None:  # type: ignore[no-untyped-def]
    """examples/<pack>.fhir.json is the transaction 'report fhir' makes of the example."""
    from decision_aid.content.loader import load_pack

    module = maker()
    record = module.example_session(path)
    committed = (ROOT / "examples" / f"{path.name}.fhir.json").read_bytes()
    assert committed == module.example_bundle(load_pack(path), record), (
        "run: .venv/bin/python scripts/make_examples.py"
    )
