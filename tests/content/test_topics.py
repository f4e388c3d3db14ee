"""A pack names its topic picture from the app's own set; it never brings one of its own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from decision_aid.content.errors import PackError
from decision_aid.content.loader import load_pack
from decision_aid.content.model import pack_json_schema
from decision_aid.content.topics import TOPIC_ICONS
from tests.conftest import MINIMAL, SHIPPED

SHIPPED_ICONS = {
    "knee-osteoarthritis": "knee",
    "psa-screening": "blood-test",
    "statins-primary-prevention": "heart",
}
PACK_END = "review:\n  status: example\n"


def with_icon(make_pack, line: str) -> Path:  # type: ignore[no-untyped-def]
    return make_pack(edits={"pack.yaml": [(PACK_END, PACK_END + line + "\n")]})


def icon_problems(make_pack, line: str) -> list[str]:  # type: ignore[no-untyped-def]
    with pytest.raises(PackError) as caught:
        load_pack(with_icon(make_pack, line))
    return [str(p) for p in caught.value.problems]


def test_the_set_covers_the_common_topics() -> None:
    assert 12 <= len(TOPIC_ICONS) <= 16
    for expected in ("knee", "heart", "medicine", "blood-test", "pregnancy", "lungs", "mind"):
        assert expected in TOPIC_ICONS


@pytest.mark.parametrize("name", TOPIC_ICONS)
def test_every_name_of_the_set_is_valid(make_pack, name: str) -> None:  # type: ignore[no-untyped-def]
    assert load_pack(with_icon(make_pack, f"icon: {name}")).meta.icon == name


def test_a_pack_may_leave_its_icon_out() -> None:
    assert load_pack(MINIMAL).meta.icon is None


@pytest.mark.parametrize(("pack", "icon"), SHIPPED_ICONS.items())
def test_each_shipped_pack_names_its_picture(pack: str, icon: str) -> None:
    assert load_pack(SHIPPED / pack).meta.icon == icon


def test_a_misspelt_name_is_an_error_that_names_the_file_the_place_and_the_names(
    make_pack,  # type: ignore[no-untyped-def]
) -> None:
    [problem] = icon_problems(make_pack, "icon: kne")
    where, message = problem.split(": icon: ", 1)
    assert where.endswith("pack.yaml:28")
    assert "'kne' is not one of the topic pictures the app draws" in message
    assert "did you mean 'knee'?" in message
    assert all(name in message for name in TOPIC_ICONS)


def test_an_unknown_name_is_an_error_that_lists_the_names(make_pack) -> None:  # type: ignore[no-untyped-def]
    [problem] = icon_problems(make_pack, "icon: spaceship")
    assert "pack.yaml:28: icon: 'spaceship' is not one of the topic pictures" in problem
    assert "or leave 'icon' out for a neutral picture" in problem
    assert all(name in problem for name in TOPIC_ICONS)


@pytest.mark.parametrize(
    "value",
    [
        "./knee.svg",
        "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        "https://example.org/knee.png",
        "data:image/png;base64,iVBORw0KGgo=",
    ],
)
def test_a_picture_of_the_packs_own_is_refused(make_pack, value: str) -> None:  # type: ignore[no-untyped-def]
    [problem] = icon_problems(make_pack, f"icon: {json.dumps(value)}")
    assert ": icon: " in problem and "is not one of the topic pictures" in problem


def test_a_name_that_is_not_text_is_an_error(make_pack) -> None:  # type: ignore[no-untyped-def]
    [problem] = icon_problems(make_pack, "icon: [knee]")
    assert "icon: expected the name of a topic picture as text, one of: general" in problem


def test_the_schema_documents_the_icon_and_its_names() -> None:
    schema = pack_json_schema()["$defs"]["pack.yaml"]
    icon = schema["properties"]["icon"]
    [names] = [part for part in icon["anyOf"] if "enum" in part]
    assert tuple(names["enum"]) == TOPIC_ICONS
    assert "draws itself" in icon["description"]
    for name in TOPIC_ICONS:
        assert f"'{name}'" in icon["description"]
    assert "icon" not in schema.get("required", [])
