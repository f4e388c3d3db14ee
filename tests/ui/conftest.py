"""Every window test sees the app's own look (decision_aid.ui.theme): its fonts at the
normal size and its control sizes, whatever an earlier test changed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from decision_aid.ui import theme
from tests.ui.layout_support import UI_FONTS, use_font


@pytest.fixture(autouse=True)
def _look(qapp: QApplication) -> Iterator[None]:
    theme.install(qapp)
    yield
    theme.install(qapp)


@pytest.fixture(params=UI_FONTS)
def ui_font(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    """The test runs under the shipped font and again under DejaVu Sans."""
    use_font(request.param)
    yield request.param
