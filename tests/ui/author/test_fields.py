"""Every kind of field in the author's form shows a value and reads it back: a kind that
leaves either out is refused when it is defined, not when an author first edits it."""

from __future__ import annotations

from typing import Any

import pytest

from decision_aid.ui.author.fields import FieldEditor


def test_a_kind_of_field_without_a_way_to_read_its_value_is_refused() -> None:
    with pytest.raises(TypeError, match="must define parsed"):

        class ShowsOnly(FieldEditor):
            def set_value(self, value: Any) -> None:
                del value


def test_a_kind_of_field_with_both_is_accepted() -> None:
    class Complete(FieldEditor):
        def set_value(self, value: Any) -> None:
            del value

        def parsed(self) -> Any:
            return None

    assert issubclass(Complete, FieldEditor)
