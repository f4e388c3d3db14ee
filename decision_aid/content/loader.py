"""Load and validate packs. Every failure becomes a :class:`PackError` listing problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from decision_aid.content.errors import PackError, Problem, format_loc
from decision_aid.content.fields import PATTERN_WORDS, whole_number_message
from decision_aid.content.integrity import integrity_problems, meta_citation_problems
from decision_aid.content.model import Pack, PackContent, PackMeta, TranslationFile
from decision_aid.content.parse import Loc, Parsed, ParseError, parse
from decision_aid.content.review import review_hash, review_problems
from decision_aid.content.source import PackSource, SourceError, open_source
from decision_aid.i18n import _, translate

if TYPE_CHECKING:
    from decision_aid.content.trust.status import PackTrust

EXTENSIONS = (".yaml", ".yml", ".json")
TRANSLATIONS_DIR = "translations"

M = TypeVar("M", bound=BaseModel)


def _friendly(error: Any, model: type[BaseModel]) -> str:
    kind = error["type"]
    loc = error["loc"]
    value = error.get("input")
    given = repr(value)
    if kind == "missing":
        return _("the required field '{field}' is missing; add it").format(field=loc[-1])
    if kind == "extra_forbidden":
        own = getattr(model, "UNKNOWN_FIELD_HELP", None)  # another format (a directory)
        if isinstance(own, str):
            return translate(own).format(field=loc[-1])
        return _(
            "unknown field '{field}'; remove it or check the spelling "
            "(see 'decision-aid packs schema' for the allowed fields)"
        ).format(field=loc[-1])
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return whole_number_message(value)
    if kind in ("string_type",):
        return _("expected text, got {given}; put it in quotes if it is meant as text").format(
            given=given
        )
    if kind == "string_too_short":
        return _("the text is empty; write something or remove the field")
    if kind == "string_pattern_mismatch":
        pattern = error.get("ctx", {}).get("pattern", "")
        words = PATTERN_WORDS.get(pattern)
        if words is None:
            return _("{given} does not have the expected form").format(given=given)
        return _("{given} does not have the expected form; expected {what}").format(
            given=given, what=translate(words)
        )
    if kind in ("bool_type", "bool_parsing"):
        return _("expected true or false, got {given}").format(given=given)
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return _("{given} is not allowed; expected {expected}").format(
            given=given, expected=expected
        )
    if kind in ("tuple_type", "list_type"):
        return _("expected a list, got {type}").format(type=type(value).__name__)
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return _("expected a block of fields, got {type}").format(type=type(value).__name__)
    if kind in ("too_short", "too_long"):
        ctx = error.get("ctx", {})
        if kind == "too_short":
            message = _("expected at least {limit} items, found {found}")
            limit = ctx.get("min_length")
        else:
            message = _("expected at most {limit} items, found {found}")
            limit = ctx.get("max_length")
        return message.format(limit=limit, found=ctx.get("actual_length"))
    if kind in ("greater_than_equal", "less_than_equal"):
        return _("{given} is out of range: {reason}").format(
            given=given, reason=str(error["msg"]).lower()
        )
    if kind == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"]))
    return str(error["msg"])


def validate_file(
    model: type[M], parsed: Parsed, display: str, prefix: Loc = ()
) -> tuple[M | None, list[Problem]]:
    """Validate parsed data against a model, turning every error into a Problem."""
    try:
        return model.model_validate(parsed.data), []
    except ValidationError as exc:
        problems = []
        errors = exc.errors(include_url=False)
        for error in errors:
            loc = tuple(error["loc"])
            if error["type"] == "too_short" and any(
                len(e["loc"]) > len(loc) and tuple(e["loc"][: len(loc)]) == loc for e in errors
            ):
                continue  # an item failed; its own error says why
            problems.append(
                Problem(
                    display,
                    parsed.line_of(loc),
                    format_loc((*prefix, *loc)),
                    _friendly(error, model),
                )
            )
        return None, problems


def find_file(source: PackSource, stem: str) -> str | None:
    """The one file named stem.yaml/.yml/.json; a SourceError when there are several."""
    present = [stem + ext for ext in EXTENSIONS if source.exists(stem + ext)]
    if len(present) > 1:
        files = reduce(lambda a, b: _("{first} and {second}").format(first=a, second=b), present)
        raise SourceError(
            source.display(present[0]),
            _("both {files} exist; keep only one").format(files=files),
        )
    return present[0] if present else None


def translation_files(source: PackSource) -> dict[str, str]:
    """Translation files by locale code."""
    found: dict[str, str] = {}
    for rel in source.files():
        parts = rel.split("/")
        if len(parts) == 2 and parts[0] == TRANSLATIONS_DIR and parts[1].endswith(EXTENSIONS):
            found[parts[1].rsplit(".", 1)[0]] = rel
    return dict(sorted(found.items()))


@dataclass
class LoadedPack:
    """A valid pack with where it came from, for showing, linting and the record."""

    source: PackSource
    pack: Pack
    translations: dict[str, TranslationFile]
    content_hash: str
    files: dict[str, str] = field(default_factory=dict)
    """Relative file path by part: 'pack', 'content', or a locale code."""
    parsed: dict[str, Parsed] = field(default_factory=dict)
    trust: PackTrust | None = None
    """What its signature check found (see content.trust); None when it was loaded
    without one (a copy from the pack store, a file an author opens)."""

    @property
    def meta(self) -> PackMeta:
        return self.pack.meta

    @property
    def content(self) -> PackContent:
        return self.pack.content

    @property
    def languages(self) -> list[str]:
        """Source language first, then translated locales."""
        return [self.meta.source_language, *self.translations]

    def audit(self, source: str) -> None:
        """Note in the audit trail that this pack was opened for use (from ``source``:
        'library' or 'store'): its id, version, content hash and who vouches for it."""
        from decision_aid import audit

        trust = self.trust
        audit.record(
            "pack.loaded",
            pack_id=self.meta.id,
            version=self.meta.version,
            content_hash=self.content_hash,
            trust=trust.status if trust is not None else None,
            signer=trust.publisher if trust is not None and trust.verified else None,
            source=source,
        )

    def locate(self, part: str, loc: Loc) -> tuple[str, int | None]:
        """File (as the author sees it) and line of a field in one part of the pack."""
        rel = self.files[part]
        parsed = self.parsed.get(part)
        return self.source.display(rel), parsed.line_of(loc) if parsed else None

    def problem(self, part: str, loc: Loc, message: str, **kwargs: Any) -> Problem:
        """A Problem pointing at a field of this pack."""
        display, line = self.locate(part, loc)
        return Problem(display, line, format_loc(loc), message, **kwargs)


def _read(source: PackSource, rel: str) -> tuple[Parsed | None, list[Problem]]:
    display = source.display(rel)
    try:
        return parse(rel, source.read(rel)), []
    except ParseError as exc:
        return None, [Problem(display, exc.line, "(file)", exc.message)]
    except SourceError as exc:
        return None, [Problem(exc.where, None, "(file)", exc.message)]


def _check_id(source: PackSource, rel: str, meta: PackMeta, parsed: Parsed) -> list[Problem]:
    if meta.id != source.name:
        return [
            Problem(
                source.display(rel),
                parsed.line_of(("id",)),
                "id",
                _(
                    "the id '{id}' does not match the pack's folder or archive name "
                    "'{name}'; rename one so they match"
                ).format(id=meta.id, name=source.name),
            )
        ]
    return []


def load_meta(
    path: Path, source: PackSource | None = None
) -> tuple[PackSource, PackMeta, list[str]]:
    """Read only a pack's metadata and the list of its translations (fast, for the index).

    ``source``: the pack's bytes as its signature check read them (content.trust)."""
    try:
        source = source or open_source(path)
        rel = find_file(source, "pack")
    except SourceError as exc:
        raise PackError([Problem(exc.where, None, "(pack)", exc.message)]) from None
    if rel is None:
        raise PackError([_no_file(source, "pack")])
    parsed, problems = _read(source, rel)
    if parsed is None:
        raise PackError(problems)
    meta, problems = validate_file(PackMeta, parsed, source.display(rel))
    if meta is None:
        raise PackError(problems)
    problems = _check_id(source, rel, meta, parsed)
    if problems:
        raise PackError(problems)
    try:
        locales = list(translation_files(source))
    except SourceError as exc:
        raise PackError([Problem(exc.where, None, "(pack)", exc.message)]) from None
    return source, meta, locales


def _no_file(source: PackSource, stem: str) -> Problem:
    return Problem(
        source.display(stem + ".yaml"),
        None,
        "(file)",
        _("the pack has no {stem}.yaml (or {stem}.json); every pack needs one").format(stem=stem),
    )


def load_pack(
    path: Path, source: PackSource | None = None, *, check_review: bool = True
) -> LoadedPack:
    """Load, validate and cross-check a whole pack. Raises PackError with every problem.

    ``source``: the pack's bytes as its signature check read them (content.trust).
    ``check_review=False`` leaves out the check that a pack marked 'reviewed' is signed off
    as it is (content.review): for the command that records the sign-off."""
    problems: list[Problem] = []
    try:
        source = source or open_source(path)
        files = {"pack": find_file(source, "pack"), "content": find_file(source, "content")}
        locales = translation_files(source)
    except SourceError as exc:
        raise PackError([Problem(exc.where, None, "(pack)", exc.message)]) from None

    parsed: dict[str, Parsed] = {}
    models: dict[str, BaseModel] = {}
    for part, model in (("pack", PackMeta), ("content", PackContent)):
        rel = files[part]
        if rel is None:
            problems.append(_no_file(source, part))
            continue
        result, read_problems = _read(source, rel)
        problems += read_problems
        if result is None:
            continue
        parsed[part] = result
        value, found = validate_file(model, result, source.display(rel))
        problems += found
        if value is not None:
            models[part] = value

    translations: dict[str, TranslationFile] = {}
    for locale, rel in locales.items():
        result, read_problems = _read(source, rel)
        problems += read_problems
        if result is None:
            continue
        parsed[locale] = result
        value, found = validate_file(TranslationFile, result, source.display(rel))
        problems += found
        if value is None:
            continue
        if value.locale != locale:
            problems.append(
                Problem(
                    source.display(rel),
                    result.line_of(("locale",)),
                    "locale",
                    _(
                        "the file says locale '{locale}' but is named '{name}'; make them match"
                    ).format(locale=value.locale, name=locale),
                )
            )
        translations[locale] = value

    meta = models.get("pack")
    content = models.get("content")
    if isinstance(meta, PackMeta):
        problems += _check_id(source, files["pack"] or "", meta, parsed["pack"])
        if meta.source_language in translations:
            problems.append(
                Problem(
                    source.display(locales[meta.source_language]),
                    None,
                    "locale",
                    _(
                        "this is the source language; its text belongs in pack.yaml and "
                        "content.yaml"
                    ),
                )
            )
    if isinstance(meta, PackMeta) and isinstance(content, PackContent):
        display = source.display(files["content"] or "")
        for loc, message in integrity_problems(meta, content):
            problems.append(
                Problem(display, parsed["content"].line_of(loc), format_loc(loc), message)
            )
        meta_display = source.display(files["pack"] or "")
        for loc, message in meta_citation_problems(meta, content):
            problems.append(
                Problem(meta_display, parsed["pack"].line_of(loc), format_loc(loc), message)
            )
    if check_review and not problems and isinstance(meta, PackMeta):
        present = {k: v for k, v in {**files, **locales}.items() if v is not None}
        current = review_hash(source, present, parsed)
        meta_display = source.display(files["pack"] or "")
        for loc, message in review_problems(meta, current):
            problems.append(
                Problem(
                    meta_display,
                    parsed["pack"].line_of(loc),
                    format_loc(loc),
                    message,
                    rule="review.sign-off",
                )
            )
    if problems or not isinstance(meta, PackMeta) or not isinstance(content, PackContent):
        raise PackError(problems)
    try:
        content_hash = source.content_hash()
    except SourceError as exc:
        raise PackError([Problem(exc.where, None, "(pack)", exc.message)]) from None
    return LoadedPack(
        source=source,
        pack=Pack(meta=meta, content=content),
        translations=translations,
        content_hash=content_hash,
        files={k: v for k, v in {**files, **locales}.items() if v is not None},
        parsed=parsed,
    )
