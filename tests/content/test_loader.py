"""Loading packs: valid ones load, each broken one fails with its own clear message."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from decision_aid.content.errors import PackError
from decision_aid.content.loader import load_meta, load_pack
from decision_aid.content.model import Pack
from tests.conftest import FIXTURES, MINIMAL

INVALID = FIXTURES / "invalid"

# fixture -> (file the message names, line or None, field path, words the message holds)
EXPECTED = {
    "malformed-yaml": ("content.yaml", 13, "(file)", "not valid YAML"),
    "alias-bomb": ("pack.yaml", 2, "(file)", "anchors and aliases"),
    "duplicate-json-keys": ("pack.json", 5, "(file)", "the key 'title' appears twice"),
    "wrong-type": (
        "content.yaml",
        40,
        "outcomes[0].figures.tablet.count",
        "expected a whole number written with the digits 0 to 9 only, such as 20; got 'twenty'",
    ),
    "unknown-field": ("content.yaml", 5, "options[0].colour", "unknown field 'colour'"),
    "missing-funding": ("pack.yaml", None, "funding", "the required field 'funding' is missing"),
    "mismatched-denominators": (
        "content.yaml",
        41,
        "outcomes[0].figures.nothing.out_of",
        "denominator 1000 differs from 100",
    ),
    "count-above-denominator": (
        "content.yaml",
        49,
        "outcomes[1].figures.tablet.count",
        "count 120 is above its denominator 100",
    ),
    "screening-without-screening": (
        "content.yaml",
        1,
        "screening",
        "a screening pack fills 'screening'",
    ),
    "id-mismatch": ("pack.yaml", 4, "id", "does not match the pack's folder"),
    "dotdot-entry.zip": (
        "dotdot-entry.zip!../evil.yaml",
        None,
        "(pack)",
        "points outside the archive",
    ),
    "symlink-entry.zip": (
        "symlink-entry.zip!translations/cy.yaml",
        None,
        "(pack)",
        "symbolic link",
    ),
    "oversized-entry.zip": (
        "oversized-entry.zip!evidence.md",
        None,
        "(pack)",
        "the limit is 4194304",
    ),
}


def test_every_invalid_fixture_has_an_expectation() -> None:
    assert sorted(p.name for p in INVALID.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_pack_fails_with_its_own_message(name: str) -> None:
    file, line, path, words = EXPECTED[name]
    with pytest.raises(PackError) as caught:
        load_pack(INVALID / name)
    problem = caught.value.problems[0]
    assert problem.file.endswith(file)
    if line is not None:
        assert problem.line == line
    assert problem.path == path
    assert words in problem.message
    # The printed form is file:line: path: message, and never a traceback.
    text = str(problem)
    assert text.startswith(problem.file)
    assert "Traceback" not in str(caught.value)


def test_messages_differ_between_fixtures() -> None:
    messages = set()
    for name in EXPECTED:
        with pytest.raises(PackError) as caught:
            load_pack(INVALID / name)
        messages.add(caught.value.problems[0].message)
    assert len(messages) == len(EXPECTED)


def test_minimal_pack_loads_frozen() -> None:
    loaded = load_pack(MINIMAL)
    assert loaded.meta.id == "minimal"
    assert [o.id for o in loaded.content.options] == ["tablet", "nothing"]
    shown = loaded.content.outcomes[0].stratum(None)
    assert shown is not None
    assert shown.denominator == 100
    assert shown.time_frame == "1 year"
    assert loaded.content_hash.startswith("sha256:")
    with pytest.raises(Exception, match="frozen"):
        loaded.meta.title = "changed"  # type: ignore[misc]


def test_all_problems_are_reported_together(make_pack) -> None:
    folder = make_pack(
        "many",
        {
            "pack.yaml": [
                ("funding: No external funding.\n", ""),
                ("licence: CC-BY-4.0", "licence: 7"),
            ],
            "content.yaml": [("certainty: low", "certainty: maybe")],
        },
    )
    with pytest.raises(PackError) as caught:
        load_pack(folder)
    paths = {p.path for p in caught.value.problems}
    assert {"funding", "licence", "outcomes[1].certainty"} <= paths
    certainty = next(p for p in caught.value.problems if p.path == "outcomes[1].certainty")
    assert (
        "'maybe' is not allowed; expected 'high', 'moderate', 'low' or 'very low'"
        in certainty.message
    )


def test_json_pack_loads_like_yaml(tmp_path: Path) -> None:
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe")
    target = tmp_path / "minimal"
    shutil.copytree(MINIMAL, target)
    for stem in ("pack", "content"):
        data = yaml.load((target / f"{stem}.yaml").read_text())
        (target / f"{stem}.yaml").unlink()
        (target / f"{stem}.json").write_text(json.dumps(data, default=str, indent=1))
    assert load_pack(target).pack == load_pack(MINIMAL).pack


def test_json_error_has_line_number(tmp_path: Path) -> None:
    from ruamel.yaml import YAML

    target = tmp_path / "minimal"
    shutil.copytree(MINIMAL, target)
    data = YAML(typ="safe").load((target / "pack.yaml").read_text())
    data["version"] = 1
    (target / "pack.yaml").unlink()
    (target / "pack.json").write_text(json.dumps(data, default=str, indent=1))
    with pytest.raises(PackError) as caught:
        load_pack(target)
    problem = caught.value.problems[0]
    assert problem.path == "version"
    assert problem.line == 4
    assert "expected text, got 1" in problem.message


def test_both_yaml_and_json_is_an_error(make_pack) -> None:
    folder = make_pack()
    (folder / "pack.json").write_text("{}")
    with pytest.raises(PackError, match="keep only one"):
        load_pack(folder)


def test_missing_content_file(make_pack) -> None:
    folder = make_pack()
    (folder / "content.yaml").unlink()
    with pytest.raises(PackError, match=r"has no content\.yaml"):
        load_pack(folder)


def test_folder_with_a_link_is_refused(make_pack) -> None:
    folder = make_pack()
    (folder / "extra.md").symlink_to("/etc/hostname")
    with pytest.raises(PackError, match="links are not allowed"):
        load_pack(folder)


@pytest.mark.parametrize("name", ["pack.yaml", "content.json"])
@pytest.mark.parametrize("target", ["x" * 300, "é" * 200, "loop"])
def test_a_link_whose_target_cannot_even_be_looked_up_is_refused(
    make_pack, name: str, target: str
) -> None:
    """Found by the coverage-guided fuzzer: a link whose target is a name longer than the
    system allows (or a loop) made looking for the pack's files raise OSError ("File name
    too long"), which reached the user as an unexpected error instead of the loader's."""
    folder = make_pack()
    (folder / name).unlink(missing_ok=True)
    (folder / name).symlink_to(target if target != "loop" else name)
    for load in (load_pack, load_meta):
        with pytest.raises(PackError) as refused:
            load(folder)
        assert name in str(refused.value)  # named: a link, or a second content file


def test_oversized_file_in_folder(make_pack) -> None:
    folder = make_pack()
    with (folder / "content.yaml").open("a") as handle:
        handle.write("# " + "x" * (3 * 1024 * 1024) + "\n")
    with pytest.raises(PackError, match=r"the limit is 2097152 bytes"):
        load_pack(folder)


def test_not_utf8(make_pack) -> None:
    folder = make_pack()
    (folder / "pack.yaml").write_bytes(b"title: \xff\xfe\n")
    with pytest.raises(PackError, match="not UTF-8"):
        load_pack(folder)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("!!python/object:os.system {}\n", "is not allowed"),
        ("a: 1\n---\nb: 2\n", "exactly one YAML document"),
        ("<<: {a: 1}\n", "merge keys"),
        ("a: .inf\n", "not a finite number"),
    ],
)
def test_yaml_features_refused(make_pack, text: str, words: str) -> None:
    folder = make_pack()
    (folder / "pack.yaml").write_text(text)
    with pytest.raises(PackError) as caught:
        load_pack(folder)
    assert words in str(caught.value)


def test_load_meta_reads_only_the_pack_file(make_pack) -> None:
    folder = make_pack()
    (folder / "content.yaml").write_text(": : broken")
    (folder / "translations").mkdir()
    (folder / "translations" / "cy.yaml").write_text("x")
    _, meta, locales = load_meta(folder)
    assert meta.id == "minimal"
    assert locales == ["cy"]


def test_translation_locale_must_match_file_name(make_pack) -> None:
    folder = make_pack()
    (folder / "translations").mkdir()
    (folder / "translations" / "cy.yaml").write_text(
        "format_version: 1\nlocale: pl\nstatus: draft\nstrings: {title: Teitl}\n"
    )
    with pytest.raises(PackError, match="is named 'cy'"):
        load_pack(folder)


def test_archive_pack_loads(tmp_path: Path) -> None:
    import zipfile

    archive = tmp_path / "minimal.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in MINIMAL.iterdir():
            zf.write(path, f"minimal/{path.name}")
    loaded = load_pack(archive)
    assert loaded.pack == load_pack(MINIMAL).pack
    assert loaded.content_hash == load_pack(MINIMAL).content_hash


def test_not_a_zip(tmp_path: Path) -> None:
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(PackError, match="not a readable zip archive"):
        load_pack(bad)


def test_round_trip_dump_and_load(tmp_path: Path) -> None:
    from decision_aid.content.dump import dump_pack

    loaded = load_pack(MINIMAL)
    out = dump_pack(loaded, tmp_path / "minimal")
    again = load_pack(out)
    assert isinstance(again.pack, Pack)
    assert again.pack == loaded.pack
    assert re.match(r"sha256:[0-9a-f]{64}$", again.content_hash)


def test_folder_paths_cannot_leave_the_pack() -> None:
    from decision_aid.content.source import FolderSource, SourceError

    source = FolderSource(MINIMAL)
    assert source.exists("pack.yaml")
    assert not source.exists("../minimal/pack.yaml")
    assert not source.exists("/etc/hostname")
    with pytest.raises(SourceError, match="inside the folder"):
        source.read("../../conftest.py")


def test_blank_translation_is_a_load_error(make_pack) -> None:
    folder = make_pack()
    (folder / "translations").mkdir()
    (folder / "translations" / "cy.yaml").write_text(
        "format_version: 1\nlocale: cy\nstatus: draft\nstrings: {title: '   '}\n"
    )
    with pytest.raises(PackError, match="the text is empty"):
        load_pack(folder)


def test_a_figure_may_say_why_there_is_no_count(make_pack) -> None:
    folder = make_pack(
        edits={
            "content.yaml": [
                (
                    "nothing: {count: 2, out_of: 100, over: 1 year}",
                    "nothing: {no_data: No study has measured this.}",
                )
            ]
        }
    )
    outcome = load_pack(folder).content.outcomes[1].stratum(None)
    assert outcome is not None
    assert outcome.figures["nothing"].count is None
    assert list(outcome.counted()) == ["tablet"]
    assert outcome.denominator == 100 and outcome.time_frame == "1 year"


@pytest.mark.parametrize(
    ("figure", "words"),
    [
        ("{out_of: 100, over: 1 year}", "say in 'no_data' why there is none"),
        ("{count: 3, out_of: 100, over: 1 year, no_data: Unknown.}", "not both"),
        ("{count: 3}", "needs its 'out_of' and 'over'"),
        ("{no_data: Unknown., range: {low: 1, high: 2}}", "a 'range' needs a 'count'"),
    ],
)
def test_figure_needs_a_count_or_a_reason(make_pack, figure: str, words: str) -> None:
    folder = make_pack(
        edits={
            "content.yaml": [
                ("nothing: {count: 2, out_of: 100, over: 1 year}", f"nothing: {figure}")
            ]
        }
    )
    with pytest.raises(PackError) as caught:
        load_pack(folder)
    assert words in str(caught.value)


def test_an_outcome_needs_a_count(make_pack) -> None:
    folder = make_pack(
        edits={
            "content.yaml": [
                ("tablet: {count: 10, out_of: 100, over: 1 year}", "tablet: {no_data: Not known.}"),
                (
                    "nothing: {count: 2, out_of: 100, over: 1 year}",
                    "nothing: {no_data: Not known.}",
                ),
            ]
        }
    )
    with pytest.raises(PackError, match="needs a count for at least 1 option"):
        load_pack(folder)
