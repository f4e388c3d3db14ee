"""Arbitrary input reaches the user only as the loader's own error type."""

from __future__ import annotations

import contextlib
import json
import zipfile
from io import BytesIO
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decision_aid.content.errors import PackError
from decision_aid.content.loader import load_pack
from decision_aid.content.parse import ParseError, parse_json, parse_yaml
from tests.conftest import MINIMAL

SETTINGS = settings(
    max_examples=int(__import__("os").environ.get("FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=30,
)


@SETTINGS
@given(st.binary(max_size=2000))
def test_yaml_parser_raises_only_parse_error(data: bytes) -> None:
    with contextlib.suppress(ParseError):
        parse_yaml(data)


@SETTINGS
@given(st.binary(max_size=2000))
def test_json_parser_raises_only_parse_error(data: bytes) -> None:
    with contextlib.suppress(ParseError):
        parse_json(data)


def _pack_with(tmp: Path, stem: str, raw: bytes, ext: str) -> Path:
    folder = tmp / "minimal"
    folder.mkdir(exist_ok=True)
    for path in MINIMAL.iterdir():
        if path.is_file() and path.stem != stem:
            (folder / path.name).write_bytes(path.read_bytes())
    for old in folder.glob(f"{stem}.*"):
        old.unlink()
    (folder / f"{stem}{ext}").write_bytes(raw)
    return folder


@SETTINGS
@given(data=st.binary(max_size=3000), stem=st.sampled_from(["pack", "content"]))
def test_loader_on_arbitrary_bytes(tmp_path: Path, data: bytes, stem: str) -> None:
    folder = _pack_with(tmp_path, stem, data, ".yaml")
    try:
        load_pack(folder)
    except PackError as exc:
        assert exc.problems


@SETTINGS
@given(value=json_values, stem=st.sampled_from(["pack", "content"]))
def test_loader_on_arbitrary_json(tmp_path: Path, value: object, stem: str) -> None:
    folder = _pack_with(tmp_path, stem, json.dumps(value).encode(), ".json")
    try:
        load_pack(folder)
    except PackError as exc:
        assert all(str(p) for p in exc.problems)


@SETTINGS
@given(data=st.binary(max_size=3000))
def test_loader_on_arbitrary_archives(tmp_path: Path, data: bytes) -> None:
    archive = tmp_path / "minimal.zip"
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("pack.yaml", data)
    raw = buffer.getvalue()
    for blob in (raw, data, raw[: len(raw) // 2]):
        archive.write_bytes(blob)
        with contextlib.suppress(PackError):
            load_pack(archive)
