"""Reading a settings file: strictly, as packs are, and never more than a settings file.

UTF-8 (a byte-order mark, as some editors write, is allowed), at most
:data:`MAX_FILE_BYTES`, one JSON object with no key twice and no ``NaN``. Anything else is a
:class:`SettingsError` naming the file, the line where there is one, and the fix. What the
object holds is checked by the model (:mod:`.model`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from decision_aid.i18n import _
from decision_aid.paths import SETTINGS_FILE

MAX_FILE_BYTES = 256 * 1024
"""Largest settings file read; a real one is well under a kilobyte."""
FILE_NAME = SETTINGS_FILE


class SettingsError(Exception):
    """A settings file cannot be used; the message names the file, the setting and the fix."""


def settings_path() -> Path:
    """``settings.json`` in the user's settings folder (decision_aid.paths)."""
    from decision_aid.paths import user_settings_file

    return user_settings_file()


def read_object(path: Path) -> dict[str, Any] | None:
    """The JSON object in ``path``; None when there is no such file."""
    text = _read(path)
    return None if text is None else _parse(path, text)


def _read(path: Path) -> str | None:
    """The file's text; None when there is none."""
    from decision_aid.session.files import FileTooLargeError, NotAFileError, read_limited

    try:
        data = read_limited(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        return None
    except NotAFileError as exc:
        raise SettingsError(
            _("{path}: not a file (it is a folder or a special file); move it away").format(
                path=path
            )
        ) from exc
    except FileTooLargeError as exc:
        raise SettingsError(
            _("{path}: {size} bytes is far too large for a settings file; fix or delete it").format(
                path=path, size=exc.size
            )
        ) from exc
    except OSError as exc:
        raise SettingsError(
            _("{path}: cannot be read ({reason}); check its permissions").format(
                path=path, reason=exc.strerror
            )
        ) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SettingsError(
            _(
                "{path}:{line}: not UTF-8 text; save the file as UTF-8 in a text editor, "
                "or delete it to start again from the defaults"
            ).format(path=path, line=line)
        ) from exc


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(key)
        result[key] = value
    return result


def _no_constant(name: str) -> Any:
    raise ValueError(name)


def _parse(path: Path, text: str) -> dict[str, Any]:
    """The JSON object of ``text``; SettingsError naming the line, or a key given twice."""
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise SettingsError(
            _("{path}:{line}: not valid JSON ({problem}); fix or delete the file").format(
                path=path, line=exc.lineno, problem=exc.msg
            )
        ) from exc
    except _DuplicateKeyError as exc:
        raise SettingsError(
            _("{path}: the setting '{name}' appears twice; keep one").format(
                path=path, name=exc.key
            )
        ) from exc
    except (ValueError, RecursionError) as exc:
        raise SettingsError(
            _("{path}: not valid JSON ({problem}); fix or delete the file").format(
                path=path, problem=str(exc)[:80]
            )
        ) from exc
    if not isinstance(data, dict):
        raise SettingsError(_("{path}: expected a JSON object").format(path=path))
    return data
