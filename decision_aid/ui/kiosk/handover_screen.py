"""The last screen: hand the answers over, then the code, very large, and what happens next;
where a printer is set, a slip with the code is printed (decision_aid.ui.kiosk.slip)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel

from decision_aid.i18n import _, ngettext
from decision_aid.kiosk.codes import on_screen
from decision_aid.ui.kiosk.parts import BigButton, Screen, set_words, words
from decision_aid.ui.type_scale import relative_font

CODE_SCALE = 4.0
"""The code's size, relative to the kiosk's text."""


class HandoverScreen(Screen):
    """ "Give my answers to the clinic" seals them (``seal`` asks the controller); then the
    code, and "Finish", which clears the kiosk for the next person. With a printer, the
    slip's outcome and "Print again" (``print_again`` asks the controller)."""

    seal = Signal()
    finished = Signal()
    print_again = Signal()

    def __init__(self) -> None:
        super().__init__(_("Give your answers to the clinic"))
        self.before = words(
            _(
                "When you tap the button, your answers are locked so that only your clinic "
                "can read them, and you get a short code. Your name is not asked for and "
                "not kept."
            )
        )
        self.content.addWidget(self.before)
        self.seal_button = BigButton(_("Give my answers to the clinic"), scale=1.2)
        self.seal_button.clicked.connect(self.seal)
        self.content.addWidget(self.seal_button)
        self.code_intro = words(_("Your code is:"), scale=1.2)
        # Letters and digits only, always left to right: a plain label, so that a code
        # that looks like a phone number is not wrapped in direction marks.
        self.code = QLabel()
        self.code.setTextFormat(Qt.TextFormat.PlainText)
        relative_font(self.code, CODE_SCALE, bold=True)
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.after = words()
        self.problem = words(bold=True)
        for label in (self.code_intro, self.code, self.after):
            label.hide()
            self.content.addWidget(label)
        self.problem.hide()
        self.content.addWidget(self.problem)
        self.printing = words(bold=True)
        self.printing.hide()
        self.content.addWidget(self.printing)
        self.print_button = BigButton(_("Print again"))
        self.print_button.clicked.connect(self.print_again)
        self.print_button.hide()
        self.content.addWidget(self.print_button)
        self.content.addStretch(1)
        self.next_button.hide()
        self.next_button.set_text(_("Finish"))
        self.next_button.clicked.connect(self.finished)
        self.sealed_code: str | None = None

    def show_code(self, code: str, hours: int) -> None:
        """The answers are sealed under ``code``: show it, and what happens next."""
        self.sealed_code = code
        self.problem.hide()
        self.before.hide()
        self.seal_button.hide()
        self.back_button.hide()
        self.restart_button.hide()
        self.code.setText(on_screen(code))
        self.code.setAccessibleName(" ".join(code))
        set_words(
            self.after,
            ngettext(
                "Show this code at your appointment, or read it out. Your clinician opens "
                "your answers with it. It works for {hours} hour. Then tap Finish: your "
                "answers are cleared from this screen.",
                "Show this code at your appointment, or read it out. Your clinician opens "
                "your answers with it. It works for {hours} hours. Then tap Finish: your "
                "answers are cleared from this screen.",
                hours,
            ).format(hours=hours),
        )
        for label in (self.code_intro, self.code, self.after, self.next_button):
            label.show()

    def show_printed(self) -> None:
        """The slip went to the printer."""
        set_words(self.printing, _("A slip with this code is printing. Take it with you."))
        self.printing.show()
        self.print_button.show()

    def show_print_problem(self) -> None:
        """The slip could not be printed: the code stays on screen; "Print again" tries again."""
        set_words(
            self.printing,
            _(
                "The slip could not be printed. Please write down the code or show this "
                "screen to reception."
            ),
        )
        self.printing.show()
        self.print_button.show()

    def show_problem(self) -> None:
        """Sealing failed: say so; the answers stay, and the button can be tapped again."""
        set_words(
            self.problem,
            _(
                "Your answers could not be handed over just now. Please ask at the "
                "reception desk. Your answers are still here."
            ),
        )
        self.problem.show()
