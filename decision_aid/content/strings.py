"""The translatable text of a pack, addressed by stable string paths.

A path names a text field through ids rather than positions, so translations
survive reordering: ``title``, ``options.surgery.name``,
``questions.pain.answers.surgery.text``, ``options.surgery.benefits.0``.
"""

from __future__ import annotations

import types
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from decision_aid.content.fields import TRANSLATABLE
from decision_aid.content.model import Pack, PackMeta, TranslationFile

if TYPE_CHECKING:
    from decision_aid.content.trust.policy import TrustPolicy

M = TypeVar("M", bound=BaseModel)

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class PackString:
    """One translatable text: its path, its place in the dumped model, its source text."""

    path: str
    loc: Loc
    text: str


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """Strip Annotated/Optional; say whether the text is marked translatable."""
    translatable = False
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            parts = get_args(annotation)
            translatable = translatable or any(a is TRANSLATABLE for a in parts[1:])
            annotation = parts[0]
        elif origin in (Union, types.UnionType):
            members = [a for a in get_args(annotation) if a is not type(None)]
            if len(members) != 1:
                return annotation, translatable
            annotation = members[0]
        else:
            return annotation, translatable


def _walk(value: Any, annotation: Any, path: str, loc: Loc, out: list[PackString]) -> None:
    if value is None:
        return
    inner, translatable = _unwrap(annotation)
    if translatable and isinstance(value, str):
        out.append(PackString(path, loc, value))
        return
    if isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            child = getattr(value, name)
            child_path = f"{path}.{name}" if path else name
            _walk(child, info.rebuild_annotation(), child_path, (*loc, name), out)
        return
    origin = get_origin(inner)
    args = get_args(inner)
    if origin is tuple and isinstance(value, tuple):
        for index, item in enumerate(value):
            key = getattr(item, "id", None)
            step = key if isinstance(key, str) else str(index)
            _walk(item, args[0], f"{path}.{step}", (*loc, index), out)
    elif origin is dict and isinstance(value, dict):
        for key, item in value.items():
            _walk(item, args[1], f"{path}.{key}", (*loc, key), out)


def pack_strings(pack: Pack) -> list[PackString]:
    """Every translatable text of the pack, in reading order."""
    out: list[PackString] = []
    _walk(pack.meta, type(pack.meta), "", ("meta",), out)
    _walk(pack.content, type(pack.content), "", ("content",), out)
    return out


def optional_strings(pack: Pack) -> list[PackString]:
    """Texts a translation may give although the source leaves them out.

    A glossary entry's other forms (``also``) belong to each language: an English term
    may have none while its Arabic or Polish text uses several ('للغضروف', 'chrząstki').
    So ``glossary.<id>.also`` is a path of every entry, and a translation that lacks it
    where the source has none is not missing anything."""
    return [
        PackString(f"glossary.{entry.id}.also", ("content", "glossary", index, "also"), "")
        for index, entry in enumerate(pack.content.glossary)
        if entry.also is None
    ]


def _set(tree: Any, loc: Loc, text: str) -> None:
    node = tree
    for step in loc[:-1]:
        node = node[step]
    node[loc[-1]] = text


def _translated(
    model: M, strings: list[PackString], translation: TranslationFile
) -> tuple[M, list[str]]:
    """``model`` with the translation's text at each of ``strings`` (locs inside ``model``),
    and the paths the translation lacks."""
    missing: list[str] = []
    tree = model.model_dump(mode="json")
    for item in strings:
        text = translation.strings.get(item.path)
        if text is None:
            missing.append(item.path)
        else:
            _set(tree, item.loc, text)
    return type(model).model_validate(tree), missing


def localize(pack: Pack, translation: TranslationFile | None) -> tuple[Pack, list[str]]:
    """The pack with translated text where the translation has it.

    Returns the localized pack and the paths that fell back to the source language.
    """
    if translation is None:
        return pack, []
    extra = [s for s in optional_strings(pack) if s.path in translation.strings]
    return _translated(pack, [*pack_strings(pack), *extra], translation)


def localize_meta(meta: PackMeta, translation: TranslationFile) -> PackMeta:
    """The metadata alone (title, decision, condition ...) with the translation's text."""
    strings: list[PackString] = []
    _walk(meta, type(meta), "", (), strings)
    return _translated(meta, strings, translation)[0]


def meta_in(path: Path, meta: PackMeta, locale: str, policy: TrustPolicy | None = None) -> PackMeta:
    """A pack's metadata in ``locale``, read from its translation file alone.

    For the library, which reads no pack content: it shows each pack's title and
    details in the screen language. When the pack has no such file, or it cannot be
    read, the metadata is returned as written; opening the pack says what is wrong.
    With ``policy``, a signed pack's signature is checked again first and the
    translation is read from the bytes checked (as it is listed, see content.trust).
    """
    from decision_aid.content.errors import PackError
    from decision_aid.content.loader import translation_files
    from decision_aid.content.parse import ParseError, parse
    from decision_aid.content.source import SourceError, open_source
    from decision_aid.content.trust.verify import check_path, signature_present

    try:
        if policy is not None and signature_present(path):
            source = check_path(path, policy).source
        else:
            source = open_source(path)
        rel = translation_files(source).get(locale)
        if rel is None:
            return meta
        translation = TranslationFile.model_validate(parse(rel, source.read(rel)).data)
        return localize_meta(meta, translation)
    except (SourceError, ParseError, ValidationError, PackError):
        return meta


def unknown_keys(pack: Pack, translation: TranslationFile) -> list[str]:
    """Keys of a translation that name no text in the pack (stale or misspelt)."""
    known = {s.path for s in (*pack_strings(pack), *optional_strings(pack))}
    return [key for key in translation.strings if key not in known]
