"""How the option grid shares its width."""

from __future__ import annotations

from decision_aid.ui.widgets.grid_columns import share, words


def test_columns_share_the_width_and_never_break_a_word() -> None:
    assert words("Anti-inflammatory tablets  can") == ["Anti-", "inflammatory", "tablets", "can"]
    assert share(300, [50, 50, 50]) == [100, 100, 100]
    assert share(301, [50, 50, 50]) == [100, 100, 101]
    assert share(300, [50, 180, 50]) == [60, 180, 60]
    assert share(100, [50, 180, 50]) == [50, 180, 50]
