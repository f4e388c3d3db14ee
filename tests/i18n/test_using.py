"""``using`` switches the language for its own thread only."""

from __future__ import annotations

import threading

from decision_aid.i18n import _, current_language, set_language, using


def test_a_document_built_off_the_gui_thread_leaves_the_screens_language() -> None:
    set_language("en")
    inside = threading.Event()
    done = threading.Event()
    seen: list[str] = []

    def build_in_welsh() -> None:
        with using("cy"):
            seen.append(_("Summary"))
            inside.set()
            assert done.wait(10)

    worker = threading.Thread(target=build_in_welsh)
    worker.start()
    assert inside.wait(10)
    # While the worker is in its Welsh block, this thread still speaks English.
    assert current_language() == "en" and _("Summary") == "Summary"
    done.set()
    worker.join(10)
    assert seen == ["Crynodeb"]


def test_using_nests_and_restores() -> None:
    set_language("en")
    with using("pl"):
        assert current_language() == "pl"
        with using("cy"):
            assert current_language() == "cy"
        assert current_language() == "pl"
    assert current_language() == "en"
