"""The parser refuses each limit as it reads, and is fooled by nothing that only looks deep."""

from __future__ import annotations

from collections.abc import Callable, Generator
from pathlib import Path

import pytest

from decision_aid.content import parse
from decision_aid.content.errors import PackError
from decision_aid.content.library import build_index
from decision_aid.content.loader import load_pack
from decision_aid.content.parse import MAX_DEPTH, MAX_NODES, ParseError, parse_json, parse_yaml
from tests.content.hostile import deep_json, deep_yaml, pack_folder

DEPTH_WORDS = "nested more than 40 levels deep"
FORM_WORDS = "write whole numbers with the digits 0 to 9 only, such as 20"
WHOLE_WORDS = "expected a whole number written with the digits 0 to 9 only, such as 20"


@pytest.mark.parametrize("style", ["flow-list", "flow-map", "block-list", "block-map"])
def test_nesting_is_refused_one_level_past_the_limit(style: str) -> None:
    parse_yaml(deep_yaml(style, MAX_DEPTH))
    with pytest.raises(ParseError) as caught:
        parse_yaml(deep_yaml(style, MAX_DEPTH + 1))
    assert DEPTH_WORDS in caught.value.message
    assert caught.value.line == (MAX_DEPTH + 1 if style == "block-map" else 1)


def test_mixed_block_and_flow_nesting_counts_every_level() -> None:
    text = b"a:\n  - b:\n      - " + b"[" * (MAX_DEPTH - 4) + b"]" * (MAX_DEPTH - 4) + b"\n"
    parse_yaml(text)  # 4 block levels (map, list, map, list) and 36 flow levels
    with pytest.raises(ParseError, match=DEPTH_WORDS):
        parse_yaml(text.replace(b"- [", b"- [["))


def test_json_nesting_is_refused_one_level_past_the_limit() -> None:
    parse_json(deep_json(MAX_DEPTH))
    with pytest.raises(ParseError, match=DEPTH_WORDS):
        parse_json(deep_json(MAX_DEPTH + 1))
    with pytest.raises(ParseError, match=DEPTH_WORDS):
        parse_json(b"[" * 50_000)


def test_brackets_in_text_comments_and_block_scalars_are_not_nesting(make_pack) -> None:
    deep = "[" * 50_000 + "{" * 50_000
    folder = make_pack()
    with (folder / "content.yaml").open("a") as handle:
        handle.write(f"# {deep}\n")
    with (folder / "pack.yaml").open("a") as handle:
        handle.write("# - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - -\n")
    load_pack(folder)
    data = parse_yaml(
        f"a: '{deep}'\nb: \"{deep}\"\nc: |\n  {deep}\n  - - - - -\nd: >\n  {deep}\n".encode()
    ).data
    assert data["a"] == data["b"] == deep
    assert data["c"].startswith(deep)
    assert parse_json(f'{{"a": "\\"{deep}"}}'.encode()).data == {"a": '"' + deep}


def test_explicit_complex_keys_are_refused_at_once() -> None:
    with pytest.raises(ParseError, match="keys must be plain words"):
        parse_yaml(deep_yaml("explicit-keys", 50_000))


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    pulled = [0]
    events: Callable[[str], Generator[object, None, None]] = parse._events

    def counted(text: str) -> Generator[object, None, None]:
        for event in events(text):
            pulled[0] += 1
            yield event

    monkeypatch.setattr(parse, "_events", counted)
    return pulled


def test_a_huge_flow_list_is_refused_while_it_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    pulled = _counting(monkeypatch)
    text = b"[" + b"0, " * 300_000 + b"]\n"
    with pytest.raises(ParseError, match=f"more than {MAX_NODES} values"):
        parse_yaml(text)
    # Stream, document and list start, then the values up to one past the limit: not one
    # event more was read, and no node was built for the rest of the list.
    assert pulled[0] == 3 + MAX_NODES


def test_deep_nesting_is_refused_after_a_few_events(monkeypatch: pytest.MonkeyPatch) -> None:
    pulled = _counting(monkeypatch)
    with pytest.raises(ParseError, match=DEPTH_WORDS):
        parse_yaml(deep_yaml("flow-map", 50_000))
    assert pulled[0] < 4 * MAX_DEPTH


def test_a_huge_json_list_is_refused() -> None:
    with pytest.raises(ParseError, match=f"more than {MAX_NODES} values"):
        parse_json(b"[" + b"0," * 300_000 + b"0]")


def test_the_pure_python_parser_keeps_the_same_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parse, "_c_parser", lambda: None)
    for style in ("flow-list", "flow-map", "block-list", "block-then-flow"):
        with pytest.raises(ParseError, match=DEPTH_WORDS):
            parse_yaml(deep_yaml(style, 50_000))
    assert parse_yaml(b"a: [1, {b: x}]\n").data == {"a": [1, {"b": "x"}]}


@pytest.mark.parametrize(
    "text", ["0x14", "0o24", "0b10100", "1_000", "+20", "024", "00", ".5", "0.", "+0.5", "1_0.5"]
)
def test_numbers_in_other_forms_are_refused(make_pack, text: str) -> None:
    folder = make_pack(
        edits={"content.yaml": [("tablet: {count: 10,", f"tablet: {{count: {text},")]}
    )
    with pytest.raises(PackError) as caught:
        load_pack(folder)
    [problem] = caught.value.problems
    assert problem.file.endswith("content.yaml")
    assert problem.line == 51
    assert f"'{text}' is not a number as a pack writes it" in problem.message
    assert FORM_WORDS in problem.message and "put it in quotes" in problem.message


@pytest.mark.parametrize(
    ("old", "new", "given"),
    [
        ("tablet: {count: 10,", "tablet: {count: 20.0,", "20.0"),
        ("tablet: {count: 10,", "tablet: {count: 2e1,", "20.0"),
        ("tablet: {count: 10,", "tablet: {count: '20',", "'20'"),
        ("tablet: {count: 10,", "tablet: {count: true,", "True"),
        ("tablet: {count: 10, out_of: 100,", "tablet: {count: 10, out_of: 100.0,", "100.0"),
        ("tablet: {count: 10, out_of: 100,", "tablet: {count: 10, out_of: 1e2,", "100.0"),
        ("format_version: 1", "format_version: 1.0", "1.0"),
        ("format_version: 1", "format_version: true", "True"),
    ],
)
def test_whole_number_fields_take_only_whole_numbers(
    make_pack, old: str, new: str, given: str
) -> None:
    folder = make_pack(edits={"content.yaml": [(old, new)]})
    with pytest.raises(PackError) as caught:
        load_pack(folder)
    messages = [p.message for p in caught.value.problems]
    assert f"{WHOLE_WORDS}; got {given}" in messages


def test_whole_numbers_and_text_that_only_looks_numeric() -> None:
    data = parse_yaml(
        b"a: 20\nb: -3\nc: 0\nd: 1.2.3\ne: 10 years\nf: 1:20\ng: 2026-01-10\nh: 0x\ni: 1.5\n"
    ).data
    assert data == {
        "a": 20,
        "b": -3,
        "c": 0,
        "d": "1.2.3",
        "e": "10 years",
        "f": "1:20",
        "g": "2026-01-10",
        "h": "0x",
        "i": 1.5,
    }
    assert parse_yaml(b"a: '0x14'\n").data == {"a": "0x14"}


def test_tags_are_refused_even_standard_ones() -> None:
    for text in (
        b"a: !!int 3\n",
        b"a: !!str x\n",
        b"a: !custom x\n",
        b"a: !!map {}\n",
        b"!!seq []",
    ):
        with pytest.raises(ParseError, match="is not allowed; write plain text"):
            parse_yaml(text)


def test_a_4300_digit_integer_is_a_problem_for_its_pack(tmp_path: Path) -> None:
    folders = tmp_path / "packs"
    digits = "9" * 5000
    json_pack = pack_folder(folders, "huge-json")
    text = (json_pack / "pack.yaml").read_text()
    json_lines = ['{\n  "format_version": ' + digits + ","]
    (json_pack / "pack.yaml").unlink()
    (json_pack / "pack.json").write_text("\n".join(json_lines) + '\n  "id": "huge-json"\n}\n')
    yaml_pack = pack_folder(folders, "huge-yaml")
    (yaml_pack / "pack.yaml").write_text(
        text.replace("format_version: 1", f"format_version: {digits}")
    )
    pack_folder(folders, "intact")
    for folder, name in ((json_pack, "pack.json"), (yaml_pack, "pack.yaml")):
        with pytest.raises(PackError) as caught:
            load_pack(folder)
        [problem] = caught.value.problems
        assert problem.file.endswith(name)
        assert problem.line == (2 if name == "pack.json" else 3)
        assert "the number 999999999999… is 5000 characters long" in problem.message
        assert "at most 20 characters" in problem.message
    entries = {entry.path.name: entry for entry in build_index([folders])}
    assert entries["intact"].valid
    assert not entries["huge-json"].valid and not entries["huge-yaml"].valid


def test_json_numbers_that_are_not_finite_have_a_line() -> None:
    with pytest.raises(ParseError) as caught:
        parse_json(b'{\n"a": 1,\n"b": 1e999\n}')
    assert caught.value.line == 3
    assert "'1e999' is not a finite number" in caught.value.message
