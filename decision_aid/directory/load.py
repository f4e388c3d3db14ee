"""Read one community directory: its signature checked first, then ``directory.yaml``.

The signature is checked with the packs' own code (:mod:`decision_aid.content.trust`),
against the same publishers, with a manifest of the directory kind and an anti-rollback
history of its own (``directory-versions.json`` beside the packs' one). Only then is the
YAML parsed, from the very bytes that were checked. A directory holds ``directory.yaml``
and its signature, nothing else.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from decision_aid.content.errors import PackError, Problem
from decision_aid.content.library import ARCHIVE_SUFFIXES
from decision_aid.content.loader import validate_file
from decision_aid.content.parse import Parsed, ParseError, parse
from decision_aid.content.source import PackSource, SourceError, open_source
from decision_aid.content.trust.history import VersionHistory, default_history_path
from decision_aid.content.trust.manifest import is_signature_file
from decision_aid.content.trust.policy import TrustPolicy
from decision_aid.content.trust.status import PackTrust
from decision_aid.content.trust.verify import check_source
from decision_aid.directory.model import Directory
from decision_aid.i18n import _

DIRECTORY_FILE = "directory.yaml"
HISTORY_FILE = "directory-versions.json"
DIRECTORIES_ENV = "DECISION_AID_DIRECTORIES"
"""Extra directory folders, separated by the platform's path separator."""


def shipped_directories_dir() -> Path:
    """The example directory that comes with the application."""
    return Path(__file__).resolve().parent.parent.parent / "directories"


def user_directories_dir() -> Path:
    """Where a clinic puts the directories it uses (XDG data folder)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "decision-aid" / "directories"


def default_directory_dirs() -> list[Path]:
    """Shipped, then the user's, then any named in DECISION_AID_DIRECTORIES."""
    extra = [Path(p) for p in os.environ.get(DIRECTORIES_ENV, "").split(os.pathsep) if p]
    return [shipped_directories_dir(), user_directories_dir(), *extra]


def is_directory(path: Path) -> bool:
    """A folder with a directory.yaml, or a zip archive."""
    if path.is_dir():
        return (path / DIRECTORY_FILE).is_file()
    return path.suffix in ARCHIVE_SUFFIXES and path.is_file()


def directory_paths(roots: list[Path]) -> list[Path]:
    """Every directory under the given roots (a root may itself be one)."""
    found: list[Path] = []
    for root in roots:
        if is_directory(root):
            found.append(root)
        elif root.is_dir():
            for child in sorted(root.iterdir()):
                if not child.name.startswith(".") and is_directory(child):
                    found.append(child)
    return found


def directory_policy(policy: TrustPolicy) -> TrustPolicy:
    """The same publishers and strictness, with the directories' own version history."""
    if policy.history is None:
        return policy
    path = policy.history.path.with_name(HISTORY_FILE)
    return dataclasses.replace(
        policy, history=VersionHistory(path, read_only=policy.history.read_only)
    )


def default_directory_history(read_only: bool = False) -> VersionHistory:
    return VersionHistory(default_history_path().with_name(HISTORY_FILE), read_only=read_only)


@dataclass(frozen=True)
class LoadedDirectory:
    """A directory that passed every check."""

    path: Path
    directory: Directory
    trust: PackTrust
    display: str
    """The directory file as the user would type it."""


def _fail(where: str, message: str, path: str = "(file)", line: int | None = None) -> PackError:
    return PackError([Problem(where, line, path, message)])


def _strays(source: PackSource) -> list[Problem]:
    return [
        Problem(
            source.display(rel),
            None,
            "(file)",
            _(
                "a community directory holds only directory.yaml (and its signature); "
                "remove this file"
            ),
        )
        for rel in source.files()
        if rel != DIRECTORY_FILE and not is_signature_file(rel)
    ]


def _content_rules(
    loaded: Directory, source: PackSource, today: date, parsed: Parsed
) -> list[Problem]:
    display = source.display(DIRECTORY_FILE)
    problems: list[Problem] = []
    if loaded.id != source.name:
        problems.append(
            Problem(
                display,
                parsed.line_of(("id",)),
                "id",
                _(
                    "the id '{id}' does not match the directory's folder or archive name "
                    "'{name}'; rename one so they match"
                ).format(id=loaded.id, name=source.name),
            )
        )
    for number, entry in enumerate(loaded.entries):
        problems += _translation_rules(loaded, number, display, parsed)
        if entry.last_checked > today:
            problems.append(
                Problem(
                    display,
                    parsed.line_of(("entries", number, "last_checked")),
                    f"entries[{number}].last_checked",
                    _(
                        "the date last checked, {date}, is in the future; write the day the "
                        "entry was really checked"
                    ).format(date=entry.last_checked.isoformat()),
                )
            )
    return problems


def _base(code: str) -> str:
    return code.split("_", maxsplit=1)[0]


def _translation_rules(
    loaded: Directory, number: int, display: str, parsed: Parsed
) -> list[Problem]:
    """A translation is for a language the entry runs in, other than the directory's own:
    any other would never be shown, and is a slip (a wrong code, a language missing from
    'languages')."""
    entry = loaded.entries[number]
    runs_in = {_base(code) for code in entry.languages}
    problems: list[Problem] = []
    for code in entry.translations:
        if _base(code) == _base(loaded.language):
            message = _(
                "the entry's own text is already in '{code}', the directory's language; "
                "remove this translation, or change the directory's 'language'"
            ).format(code=code)
        elif _base(code) not in runs_in:
            message = _(
                "the entry does not run in '{code}' (its languages are {languages}), so this "
                "translation would never be shown; add '{code}' to its languages, or remove "
                "the translation"
            ).format(code=code, languages=", ".join(entry.languages))
        else:
            continue
        problems.append(
            Problem(
                display,
                parsed.line_of(("entries", number, "translations", code)),
                f"entries[{number}].translations.{code}",
                message,
            )
        )
    return problems


def _trust_rules(loaded: Directory, trust: PackTrust, source: PackSource) -> list[Problem]:
    display = source.display(DIRECTORY_FILE)
    problems: list[Problem] = []
    if trust.verified and trust.version is not None and loaded.version != trust.version:
        problems.append(
            Problem(
                display,
                None,
                "version",
                _(
                    "the directory says version {version}, but its signature is for version "
                    "{signed}; its publisher signs it again."
                ).format(version=loaded.version, signed=trust.version),
                rule="signature",
            )
        )
    if trust.status == "example" and not loaded.example_data:
        problems.append(
            Problem(
                display,
                None,
                "example_data",
                _(
                    "the directory says it is real data, but it is signed only with the "
                    "project's example-content key, which vouches for example content only. "
                    "It is refused; its publisher signs it with their own key."
                ),
                rule="signature",
            )
        )
    return problems


def read_directory(source: PackSource, today: date) -> tuple[Directory | None, list[Problem]]:
    """The directory in ``source`` and every problem with its content (not its trust)."""
    problems = _strays(source)
    if not source.exists(DIRECTORY_FILE):
        problems.append(
            Problem(
                str(source.location),
                None,
                "(directory)",
                _("there is no directory.yaml here; a community directory is a folder holding one"),
            )
        )
        return None, problems
    display = source.display(DIRECTORY_FILE)
    try:
        parsed = parse(DIRECTORY_FILE, source.read(DIRECTORY_FILE))
    except ParseError as exc:
        return None, [*problems, Problem(display, exc.line, "(file)", exc.message)]
    except SourceError as exc:
        return None, [*problems, Problem(exc.where, None, "(file)", exc.message)]
    directory, invalid = validate_file(Directory, parsed, display)
    problems.extend(invalid)
    if directory is not None:
        problems.extend(_content_rules(directory, source, today, parsed))
    return directory, problems


def load_directory(
    path: Path, policy: TrustPolicy | None = None, *, today: date | None = None
) -> LoadedDirectory:
    """Check and read the directory at ``path``. Raises PackError naming every problem.

    Without a policy, the signature is judged against the example-content key only and
    no version history (for 'directory validate')."""
    day = today or date.today()
    try:
        source = open_source(path)
    except SourceError as exc:
        raise _fail(exc.where, exc.message) from None
    checked = check_source(source, directory_policy(policy or TrustPolicy()), kind="directory")
    directory, problems = read_directory(checked.source, day)
    if directory is not None:
        problems.extend(_trust_rules(directory, checked.trust, checked.source))
    if problems or directory is None:
        raise PackError(problems)
    return LoadedDirectory(path, directory, checked.trust, checked.source.display(DIRECTORY_FILE))
