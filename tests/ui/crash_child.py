"""A consultation that is killed mid-way, for the crash-recovery test.

Run as a script with XDG_* pointing at a test folder. It fills in part of a
consultation through the real window, prints the record once the autosave has
written it ("SAVED <json>"), then keeps running until it is killed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

from PySide6.QtWidgets import QApplication

from decision_aid.session.model import Supporter
from decision_aid.session.store import default_store
from decision_aid.ui.consultation_window import ConsultationWindow
from tests.ui.consult_support import new_session


def main() -> None:
    app = QApplication(sys.argv[:1])
    loaded, session = new_session("statins-primary-prevention")
    store = default_store()
    window = ConsultationWindow(loaded, session, store, autosave_ms=50)
    window.show()
    content = loaded.content
    window.go_to("values")
    session.rate(content.values[0].id, 4)
    session.rate(content.values[1].id, 1)
    session.add_own_concern("Keeping active with my walking group", 3)
    window.go_to("check")
    session.answer_knowledge(content.knowledge[0].id, content.knowledge[0].answer)
    session.answer_sure("sure", False)
    window.go_to("plan")
    session.set_leaning("unsure")
    session.set_questions(["Can I stop the tablets later?"])
    session.set_supporters([Supporter(name="Pat", relationship="carer")])

    def report() -> None:
        sys.stdout.write("SAVED " + session.record.model_dump_json() + "\n")
        sys.stdout.flush()

    assert window.autosaver is not None
    window.autosaver.saved.connect(report)
    app.exec()


if __name__ == "__main__":
    main()
