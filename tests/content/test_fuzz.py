"""Arbitrary input reaches the user only as the loader's own error type.

Besides random bytes, structured generators reach what random bytes never do: nesting
thousands of levels deep, in flow and block style mixed, behind quotes, comments and
block scalars that only look deep; lists far wider than the value limit; and zip
archives whose headers, directory, names, sizes, checksums and compressed data are
damaged. Every run is derandomised, with a fixed number of examples, so the suite
stays fast and a failure repeats.
"""

from __future__ import annotations

import contextlib
import json
import os
import zipfile
from io import BytesIO
from pathlib import Path
from typing import Any
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decision_aid.content import parse
from decision_aid.content.errors import PackError
from decision_aid.content.loader import LoadedPack, load_pack
from decision_aid.content.parse import MAX_DEPTH, ParseError, parse_json, parse_yaml
from tests.conftest import MINIMAL


def fuzz(examples: int) -> Any:
    """Derandomised settings; FUZZ_SCALE multiplies the examples for a longer run by hand."""
    return settings(
        max_examples=examples * int(os.environ.get("FUZZ_SCALE", "1")),
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=30,
)


@fuzz(100)
@given(st.binary(max_size=2000))
def test_yaml_parser_raises_only_parse_error(data: bytes) -> None:
    with contextlib.suppress(ParseError):
        parse_yaml(data)


@fuzz(100)
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


def _loads_or_explains(path: Path) -> LoadedPack | None:
    """The one allowed outcome: a pack, or a PackError whose problems all say something."""
    try:
        return load_pack(path)
    except PackError as exc:
        assert exc.problems
        assert all(str(p) for p in exc.problems)
        return None


@fuzz(60)
@given(data=st.binary(max_size=3000), stem=st.sampled_from(["pack", "content"]))
def test_loader_on_arbitrary_bytes(tmp_path: Path, data: bytes, stem: str) -> None:
    _loads_or_explains(_pack_with(tmp_path, stem, data, ".yaml"))


@fuzz(40)
@given(value=json_values, stem=st.sampled_from(["pack", "content"]))
def test_loader_on_arbitrary_json(tmp_path: Path, value: object, stem: str) -> None:
    _loads_or_explains(_pack_with(tmp_path, stem, json.dumps(value).encode(), ".json"))


@fuzz(40)
@given(data=st.binary(max_size=3000))
def test_loader_on_arbitrary_archives(tmp_path: Path, data: bytes) -> None:
    archive = tmp_path / "minimal.zip"
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("pack.yaml", data)
    raw = buffer.getvalue()
    for blob in (raw, data, raw[: len(raw) // 2]):
        archive.write_bytes(blob)
        _loads_or_explains(archive)


# ---------------------------------------------------------------- deep and mixed nesting

BLOCK = ("block-map", "block-list")
FLOW = ("flow-map", "flow-list")
DECOYS = ("none", "comment", "quoted", "literal")
FLOW_DECOYS = ('"[[{{"', "'{{ ]] [['", '"\\"[[ {"', "'it''s [[{'", "x")


def _nesting(draw: st.DrawFn, kinds: tuple[str, ...], most: int) -> list[str]:
    """A nesting of ``kinds``, as a short drawn pattern repeated to a drawn length."""
    pattern = draw(st.lists(st.sampled_from(kinds), min_size=1, max_size=4))
    levels = draw(
        st.integers(0, 6) | st.integers(MAX_DEPTH - 6, MAX_DEPTH + 6) | st.integers(0, most)
    )
    return (pattern * (levels // len(pattern) + 1))[:levels]


def _flow(levels: list[str], decoys: list[str], leaf: str) -> str:
    opens: list[str] = []
    closes: list[str] = []
    for i, kind in enumerate(levels):
        decoy = decoys[i % len(decoys)]
        if kind == "flow-list":
            opens.append("[" + ("" if decoy == "x" else decoy + ", "))
            closes.append("]")
        else:
            opens.append("{" + ("" if decoy == "x" else f'"d[{i}": {decoy}, ') + f"k{i}: ")
            closes.append("}")
    return "".join(opens) + leaf + "".join(reversed(closes))


def _block(levels: list[str], decoys: list[str], compact: list[bool], rest: str) -> list[str]:
    """Block levels as lines; ``rest`` (flow text or a scalar) ends the innermost one."""
    lines: list[str] = []
    merge: str | None = None  # a parent '- ' that shares the next line

    def emit(line: str) -> None:
        nonlocal merge
        if merge is not None:
            line = merge + line[len(merge) :]
            merge = None
        lines.append(line)

    indent = 0
    for i, kind in enumerate(levels):
        pad = " " * indent
        decoy = decoys[i % len(decoys)]
        is_map = kind == "block-map"
        if decoy == "comment":
            emit(pad + "# [[[ {{{ - - ? : ]]")
        elif decoy == "quoted":
            emit(pad + ('"d[{": "]]} [["' if is_map else '- "[[ {{"'))
        elif decoy == "literal":
            emit(pad + ("d{: |" if is_map else "- |"))
            lines.append(pad + "  [[[ {{ - - - ? x")
        head = pad + (f"k{i}:" if is_map else "-")
        if i == len(levels) - 1:
            if rest == "|":
                emit(head + " |")
                lines.append(pad + "  [[[ {{ - -")
            else:
                emit(head + " " + rest)
        elif not is_map and compact[i % len(compact)]:
            opener = pad + "- "
            merge = opener if merge is None else merge + opener[len(merge) :]
            indent += 2
        else:
            emit(head)
            indent += 1
    return lines


@st.composite
def nested_yaml(draw: st.DrawFn) -> tuple[str, int]:
    """YAML text and how many lists and blocks of fields it nests, one inside the next."""
    block = _nesting(draw, BLOCK, 60)
    flow = _nesting(draw, FLOW, 3000)
    decoys = draw(st.lists(st.sampled_from(DECOYS), min_size=1, max_size=4))
    flow_decoys = draw(st.lists(st.sampled_from(FLOW_DECOYS), min_size=1, max_size=4))
    compact = draw(st.lists(st.booleans(), min_size=1, max_size=3))
    leaf = draw(st.sampled_from(["x", "1", '"[[{"', "'{{'"]))
    rest = _flow(flow, flow_decoys, leaf) if flow else draw(st.sampled_from([leaf, "|"]))
    if not block:
        return (rest if rest != "|" else leaf) + "\n", len(flow)
    return "\n".join(_block(block, decoys, compact, rest)) + "\n", len(block) + len(flow)


def _depth(data: Any) -> int:
    deepest = 0
    todo = [(data, 0)]
    while todo:
        item, depth = todo.pop()
        if isinstance(item, dict | list):
            depth += 1
            deepest = max(deepest, depth)
            todo.extend(
                (child, depth) for child in (item.values() if isinstance(item, dict) else item)
            )
    return deepest


@fuzz(150)
@given(nested_yaml())
def test_yaml_nesting_is_refused_exactly_past_the_limit(case: tuple[str, int]) -> None:
    text, levels = case
    if levels > MAX_DEPTH:
        try:
            parse_yaml(text.encode())
        except ParseError as exc:
            assert "nested more than 40 levels deep" in exc.message, (exc.message, text[:300])
        else:
            raise AssertionError(f"{levels} levels were accepted:\n{text[:300]}")
    else:
        assert _depth(parse_yaml(text.encode()).data) == levels, text[:300]


@st.composite
def nested_json(draw: st.DrawFn) -> tuple[str, int]:
    levels = _nesting(draw, ("object", "array"), 3000)
    decoys = draw(st.lists(st.sampled_from(['"[[{{"', '"\\"[[ {\\\\"', '"]}]}"', "1"]), min_size=1))
    opens: list[str] = []
    closes: list[str] = []
    for i, kind in enumerate(levels):
        decoy = decoys[i % len(decoys)]
        if kind == "array":
            opens.append(f"[{decoy}, ")
            closes.append("]")
        else:
            opens.append(f'{{"d[{i}": {decoy}, "k{i}": ')
            closes.append("}")
    return "".join(opens) + '"x"' + "".join(reversed(closes)), len(levels)


@fuzz(80)
@given(nested_json())
def test_json_nesting_is_refused_exactly_past_the_limit(case: tuple[str, int]) -> None:
    text, levels = case
    if levels > MAX_DEPTH:
        try:
            parse_json(text.encode())
        except ParseError as exc:
            assert "nested more than 40 levels deep" in exc.message
        else:
            raise AssertionError(f"{levels} levels were accepted")
    else:
        assert _depth(parse_json(text.encode()).data) == levels


# ---------------------------------------------------------------- wide input

SMALL_LIMIT = 500
"""The value limit during the wide tests, so that crossing it stays cheap."""


@st.composite
def wide_input(draw: st.DrawFn) -> tuple[str, str, int]:
    """YAML or JSON text holding one wide list or block, and how many values it has."""
    width = draw(
        st.integers(0, 10) | st.integers(240, 260) | st.integers(480, 520) | st.integers(0, 1500)
    )
    style = draw(st.sampled_from(["flow-list", "flow-map", "block-list", "block-map", "json"]))
    depth = draw(st.integers(0, 5))
    if style == "flow-list":
        body = "[" + ", ".join("1" for _ in range(width)) + "]"
        values = 1 + width
    elif style == "flow-map":
        body = "{" + ", ".join(f"k{i}: v" for i in range(width)) + "}"
        values = 1 + 2 * width
    elif style == "block-list":
        body = "\n".join("- 1" for _ in range(width)) if width else "[]"
        values = 1 + width
    elif style == "block-map":
        body = "\n".join(f"k{i}: v" for i in range(width)) if width else "{}"
        values = 1 + 2 * width
    else:
        body = json.dumps({f"k{i}": [i] for i in range(width)})
        values = 1 + 3 * width
        return "[" * depth + body + "]" * depth, style, values + depth
    if style.startswith("flow"):
        return "[" * depth + body + "]" * depth, style, values + depth
    return body, style, values


@fuzz(60)
@given(wide_input())
def test_values_are_counted_as_they_are_read(case: tuple[str, str, int]) -> None:
    text, style, values = case
    reader = parse_json if style == "json" else parse_yaml
    with mock.patch.object(parse, "MAX_NODES", SMALL_LIMIT):
        if values > SMALL_LIMIT:
            try:
                reader(text.encode())
            except ParseError as exc:
                assert f"more than {SMALL_LIMIT} values" in exc.message
            else:
                raise AssertionError(f"{values} values were accepted")
        else:
            reader(text.encode())


# ---------------------------------------------------------------- damaged archives


def _archive(method: int) -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as zf:
        for path in sorted(MINIMAL.rglob("*")):
            if path.is_file():
                zf.write(path, f"minimal/{path.relative_to(MINIMAL).as_posix()}")
    return buffer.getvalue()


ARCHIVES = (_archive(zipfile.ZIP_DEFLATED), _archive(zipfile.ZIP_STORED))
FIELDS = {
    b"PK\x03\x04": (4, 6, 8, 14, 18, 22, 26, 28, 30),
    b"PK\x01\x02": (4, 6, 8, 10, 16, 20, 24, 28, 30, 32, 38, 42, 46),
    b"PK\x05\x06": (4, 8, 10, 12, 16, 20),
}
"""Offsets of the fields of local headers, directory entries and the directory's end.

Versions, flags, compression method, checksum, sizes, name and extra lengths, external
attributes, offsets, and the first byte of the name itself.
"""
NASTY = (0, 1, 7, 8, 12, 0x800, 0xFFFF, 0xFFFFFFFF, 0x7FFFFFFF)


def _headers(raw: bytes) -> list[tuple[int, tuple[int, ...]]]:
    found = []
    for signature, fields in FIELDS.items():
        start = raw.find(signature)
        while start != -1:
            found.append((start, fields))
            start = raw.find(signature, start + 4)
    return found


mutation = st.one_of(
    st.tuples(
        st.just("field"),
        st.integers(0, 100),
        st.integers(0, 20),
        st.sampled_from(NASTY) | st.integers(0, 0xFFFFFFFF),
        st.sampled_from([1, 2, 4]),
    ),
    st.tuples(st.just("byte"), st.integers(0, 10**6), st.integers(0, 255)),
    st.tuples(st.just("cut"), st.integers(0, 10**6), st.integers(1, 64)),
    st.tuples(st.just("insert"), st.integers(0, 10**6), st.binary(min_size=1, max_size=16)),
)


def _mutate(raw: bytes, mutations: list[tuple[Any, ...]]) -> bytes:
    data = bytearray(raw)
    for kind, *args in mutations:
        if not data:
            break
        if kind == "field":
            headers = _headers(bytes(data))
            if not headers:
                continue
            which, field, value, width = args
            start, fields = headers[which % len(headers)]
            offset = start + fields[field % len(fields)]
            data[offset : offset + width] = (value % (1 << (8 * width))).to_bytes(width, "little")
        elif kind == "byte":
            data[args[0] % len(data)] = args[1]
        elif kind == "cut":
            at = args[0] % len(data)
            del data[at : at + args[1]]
        else:
            at = args[0] % len(data)
            data[at:at] = args[1]
    return bytes(data)


@fuzz(250)
@given(
    base=st.sampled_from(ARCHIVES),
    mutations=st.lists(mutation, min_size=1, max_size=4),
)
def test_damaged_archives_load_or_explain(
    tmp_path: Path, base: bytes, mutations: list[tuple[Any, ...]]
) -> None:
    archive = tmp_path / "minimal.zip"
    archive.write_bytes(_mutate(base, mutations))
    _loads_or_explains(archive)
