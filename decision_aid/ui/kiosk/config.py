"""What the kiosk needs before it starts, read from the settings and the library and checked.

The kiosk refuses to start, with one message for staff that names every setting to fix,
when it could not hand anything over (no hand-over folder or public key), could not be
left (no staff PIN), has nothing to offer (no enabled pack, a pack missing or expired),
or names a slip printer this computer does not know.
Nothing of this is checked in front of a patient.

The clinic's community directories are read here too, with the kiosk's strict trust: those
it refuses are named to staff in :meth:`KioskConfig.describe` and never stop the kiosk (a
kiosk without local groups and services still prepares a patient for the appointment).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from decision_aid.i18n import _, available_languages

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

    from decision_aid.content.library import Entry
    from decision_aid.content.loader import LoadedPack
    from decision_aid.directory.available import Available
    from decision_aid.kiosk.spool import Spool
    from decision_aid.settings import PinHash, Settings


class KioskSetupError(Exception):
    """The kiosk cannot start; the message tells staff what to set, and where."""


@dataclass
class KioskConfig:
    """Everything one kiosk run uses; no patient's answers are ever kept here."""

    packs: list[LoadedPack]
    """The topics offered, in the order of the 'kiosk_packs' setting."""
    languages: list[str]
    """The languages offered, each shown by its own name."""
    idle_seconds: int
    warning_seconds: int
    spool: Spool
    public_key: X25519PublicKey
    pin: PinHash
    pin_state: Path
    """Where wrong staff PINs are counted (decision_aid.kiosk.pin)."""
    printer: str | None = None
    """The printer of the code slip (checked to be known at start); None: no slip."""
    time_zone: str | None = None
    """The clinic's time zone, for the slip's 'valid until'; None: the computer's."""
    directories: Available | None = None
    """The community directories whose local groups and services the journey may offer
    (see decision_aid.kiosk.community); None: none."""

    def describe(self) -> str:
        """What this kiosk offers, in a few lines for staff."""
        from decision_aid.i18n import native_name

        return "\n".join(
            [
                _("The kiosk is ready to start."),
                _("Topics: {packs}").format(packs=", ".join(p.meta.id for p in self.packs)),
                _("Languages: {languages}").format(
                    languages=", ".join(native_name(c) for c in self.languages)
                ),
                _(
                    "A warning after {idle} seconds untouched, counting down {warning} seconds."
                ).format(idle=self.idle_seconds, warning=self.warning_seconds),
                _("Hand-overs are sealed into {folder}.").format(folder=self.spool.folder),
                _("Code slips are printed on '{printer}'.").format(printer=self.printer)
                if self.printer
                else _("No code slip is printed ('kiosk_printer' is not set)."),
                *self._describe_directories(),
            ]
        )

    def _describe_directories(self) -> list[str]:
        """Which community directories the journey offers from, and which it refused."""
        found = self.directories
        if found is None or not found.directories:
            lines = [_("No community directory is offered (none is trusted and current).")]
        else:
            titles = ", ".join(d.directory.title for d in found.directories)
            lines = [
                _("Local groups and services are offered from: {directories}.").format(
                    directories=titles
                )
            ]
        for problem in found.refused if found is not None else []:
            lines.append(_("Community directory not offered: {problem}").format(problem=problem))
        return lines

    def packs_in(self, language: str) -> list[LoadedPack]:
        """The topics that can be read in ``language``."""
        return [loaded for loaded in self.packs if language in loaded.languages]


def _in_range(value: int, limits: tuple[int, int], option: str, problems: list[str]) -> int:
    low, high = limits
    if not low <= value <= high:
        problems.append(
            _("{option} must be from {low} to {high} seconds; it was {value}.").format(
                option=option, low=low, high=high, value=value
            )
        )
    return value


def _needed(problems: list[str], name: str) -> None:
    problems.append(
        _("The setting '{name}' is not set (see 'The patient's kiosk' in the README).").format(
            name=name
        )
    )


def _open(entry: Entry, problems: list[str]) -> LoadedPack | None:
    from decision_aid.content.errors import PackError

    try:
        return entry.open()
    except PackError as exc:
        problems.append(
            _("The pack '{id}' cannot be read: {problem}").format(
                id=entry.id, problem=str(exc).splitlines()[0]
            )
        )
        return None


def _refused(entries: list[Entry], pack_id: str) -> Entry | None:
    """The copy of ``pack_id`` that was refused, when no copy of it can be offered."""
    for entry in entries:
        if not entry.valid and entry.path.name.removesuffix(".zip") == pack_id:
            return entry
    return None


def _packs(
    settings: Settings, roots: list[Path], today: date, problems: list[str]
) -> list[LoadedPack]:
    """The packs listed in 'kiosk_packs', each one checked; with none listed, every valid
    pack of the library that has not expired. Only packs signed by a publisher the clinic
    trusts (or the project's example content), with a current signature, are read at all:
    the others are refused before anything of them is parsed (see content.trust)."""
    from decision_aid.content.library import build_index, used_entry
    from decision_aid.content.trust.history import VersionHistory
    from decision_aid.content.trust.policy import TrustPolicy

    policy = TrustPolicy(
        publishers=list(settings.pack_publishers),
        history=VersionHistory(),
        strict=True,
        today=lambda: today,
    )
    entries = build_index(roots, trust=policy)
    if not settings.kiosk_packs:
        found = []
        for entry in entries:
            if entry.used and entry.valid and not entry.expired(today):
                loaded = _open(entry, problems)
                if loaded is not None:
                    found.append(loaded)
        if not found:
            problems.append(
                _(
                    "No pack in the library ({folders}) can be offered; list the packs in "
                    "'kiosk_packs', or add their folder with --packs DIR. The kiosk offers "
                    "only packs signed by a publisher in 'pack_publishers' (or the shipped "
                    "example content), with a signature that has not expired."
                ).format(folders=", ".join(str(r) for r in roots))
            )
        return found
    found = []
    for pack_id in settings.kiosk_packs:
        entry = used_entry(entries, pack_id)
        if entry is None:
            refused = _refused(entries, pack_id)
            if refused is not None:
                problems.append(
                    _("The pack '{id}' in 'kiosk_packs' cannot be offered: {problem}").format(
                        id=pack_id,
                        problem=str(refused.problems[0]) if refused.problems else "",
                    )
                )
                continue
            problems.append(
                _(
                    "The pack '{id}' in 'kiosk_packs' is not in the library ({folders}); "
                    "add its folder with --packs DIR or take it off the list."
                ).format(id=pack_id, folders=", ".join(str(r) for r in roots))
            )
            continue
        loaded = _open(entry, problems)
        if loaded is None:
            continue
        if loaded.meta.expires < today:
            problems.append(
                _(
                    "The pack '{id}' expired on {date}; a patient must not read it. Update "
                    "the pack or take it off 'kiosk_packs'."
                ).format(id=pack_id, date=loaded.meta.expires.isoformat())
            )
            continue
        found.append(loaded)
    return found


def _directories(settings: Settings, today: date) -> Available:
    """The community directories the kiosk may offer from: signed by a publisher in
    'pack_publishers' (or the example-content key), with a current signature."""
    from decision_aid.content.errors import Problem
    from decision_aid.content.trust.history import VersionHistory
    from decision_aid.content.trust.policy import TrustPolicy
    from decision_aid.directory.available import Available, find_directories

    policy = TrustPolicy(
        publishers=list(settings.pack_publishers),
        history=VersionHistory(),
        strict=True,
        today=lambda: today,
    )
    try:
        return find_directories(policy, today=today)
    except OSError as exc:  # a folder that cannot be read: none offered; the kiosk runs
        where = exc.filename if exc.filename is not None else "(directories)"
        problem = _("the folder could not be read ({problem}); check its permissions").format(
            problem=exc.strerror or exc
        )
        return Available(refused=[Problem(str(where), None, "(folder)", problem)])


def _languages(settings: Settings, packs: list[LoadedPack], problems: list[str]) -> list[str]:
    offered = [code for loaded in packs for code in loaded.languages]
    screens = set(available_languages())
    wanted = settings.kiosk_languages or list(dict.fromkeys(offered))
    languages = []
    for code in wanted:
        if code not in offered or code not in screens:
            if settings.kiosk_languages:
                problems.append(
                    _(
                        "The language '{code}' in 'kiosk_languages' is not one that an enabled "
                        "pack and the screens both have; take it off the list."
                    ).format(code=code)
                )
            continue
        languages.append(code)
    return languages


def _basics(
    settings: Settings,
    idle_seconds: int | None,
    warning_seconds: int | None,
    problems: list[str],
) -> tuple[int, int]:
    """The checks that read neither a pack nor a key; the idle and warning seconds."""
    from decision_aid.settings import IDLE_SECONDS, WARNING_SECONDS

    idle = _in_range(
        settings.kiosk_idle_seconds if idle_seconds is None else idle_seconds,
        IDLE_SECONDS,
        "--idle-seconds",
        problems,
    )
    warning = _in_range(
        settings.kiosk_warning_seconds if warning_seconds is None else warning_seconds,
        WARNING_SECONDS,
        "--warn-seconds",
        problems,
    )
    if settings.kiosk_spool is None:
        _needed(problems, "kiosk_spool")
    elif not settings.kiosk_spool.is_dir():
        problems.append(
            _(
                "The hand-over folder {path} ('kiosk_spool') does not exist or is not a "
                "folder; check the setting, and that the shared folder is connected."
            ).format(path=settings.kiosk_spool)
        )
    if settings.kiosk_public_key is None:
        _needed(problems, "kiosk_public_key")
    if settings.kiosk_pin is None:
        problems.append(
            _(
                "No staff PIN is set, so staff could not leave the kiosk; set one with "
                "'decision-aid kiosk set-pin'."
            )
        )
    return idle, warning


def _refuse(problems: list[str]) -> KioskSetupError:
    from decision_aid.settings import file_for

    head = _("The kiosk cannot start. Fix this in {path}, then start it again:").format(
        path=file_for("kiosk_pin")
    )
    return KioskSetupError("\n".join([head, *(f"- {p}" for p in problems)]))


def _printer(name: str | None, problems: list[str]) -> None:
    """A problem when ``name`` is not a printer this computer knows."""
    if name is None:
        return
    from PySide6.QtPrintSupport import QPrinterInfo

    known = QPrinterInfo.availablePrinterNames()
    if name in known:
        return
    problems.append(
        _(
            "The printer '{name}' in 'kiosk_printer' is not known on this computer (printers "
            "here: {known}). Set it to one of those names, or remove the setting to print no "
            "code slips."
        ).format(name=name, known=", ".join(f"'{n}'" for n in known) or _("none"))
    )


def load_config(
    settings: Settings,
    roots: list[Path],
    *,
    idle_seconds: int | None = None,
    warning_seconds: int | None = None,
    today: Callable[[], date] = date.today,
) -> KioskConfig:
    """The kiosk's configuration; KioskSetupError listing every problem when it cannot start."""
    from decision_aid.kiosk.handover import HandoverError
    from decision_aid.kiosk.keys import load_public_key
    from decision_aid.kiosk.pin import state_path
    from decision_aid.kiosk.spool import Spool

    problems: list[str] = []
    idle, warning = _basics(settings, idle_seconds, warning_seconds, problems)
    spool = None
    if settings.kiosk_spool is not None and settings.kiosk_spool.is_dir():
        spool = Spool(settings.kiosk_spool, keep=timedelta(hours=settings.kiosk_handover_hours))
    key = None
    if settings.kiosk_public_key is not None:
        try:
            key = load_public_key(settings.kiosk_public_key)
        except HandoverError as exc:
            problems.append(str(exc))
    _printer(settings.kiosk_printer, problems)
    day = today()
    packs = _packs(settings, roots, day, problems)
    languages = _languages(settings, packs, problems)
    if packs and not languages and not problems:
        problems.append(_("No language is offered; check 'kiosk_languages'."))
    if problems or spool is None or key is None or settings.kiosk_pin is None:
        raise _refuse(problems)
    return KioskConfig(
        packs=packs,
        languages=languages,
        idle_seconds=idle,
        warning_seconds=warning,
        spool=spool,
        public_key=key,
        pin=settings.kiosk_pin,
        pin_state=state_path(),
        printer=settings.kiosk_printer,
        time_zone=settings.time_zone,
        directories=_directories(settings, day),
    )
