"""Run one fuzz target under atheris (libFuzzer): coverage-guided, with a seed corpus.

    python -m tests.fuzz.harness TARGET [libFuzzer options] CORPUS_DIR [SEED_DIR ...]

``scripts/fuzz.py`` builds the seed corpus and calls this; run it directly only to pass
libFuzzer options of your own. The decision-aid modules are instrumented as they are
imported (and the zip reader too, for the archive targets), so libFuzzer keeps every
input that reaches a new branch. An exception other than the loader's own error is a
crash: libFuzzer saves the input that caused it and stops.
"""

from __future__ import annotations

import contextlib
import inspect
import os
import random
import stat
import sys
import tempfile
import types
import warnings
import zipfile
from io import BytesIO
from pathlib import Path

import atheris

ENTRY_NAMES = (
    "pack.yaml",
    "pack.yml",
    "pack.json",
    "content.yaml",
    "content.json",
    "evidence.md",
    "translations/cy.yaml",
    "translations/pl.json",
    "translations/xx.yaml",
    "translations/",
    "signature/manifest.json",
    "signature/signatures.txt",
    "signature/",
    "a/b/c/d/e/f/g/h/i/j/deep.yaml",
    "../outside.yaml",
    "/absolute.yaml",
    "back\\slash.yaml",
    "",
)
"""Names the structured mutator gives entries: the pack's own, and hostile ones."""
MODES = (0o100644, 0o040755, 0o120777, 0o010644, 0o100000, 0)
"""Unix modes it gives entries: a file, a folder, a link, a FIFO, no permissions, none."""


def _instrument_module(module: types.ModuleType) -> None:
    """Instrument the functions and methods defined in an already imported module."""
    for obj in vars(module).values():
        functions = []
        if inspect.isfunction(obj) and obj.__module__ == module.__name__:
            functions.append(obj)
        elif inspect.isclass(obj) and obj.__module__ == module.__name__:
            for attr in vars(obj).values():
                if isinstance(attr, property):
                    functions += [f for f in (attr.fget, attr.fset) if f is not None]
                else:
                    functions.append(getattr(attr, "__func__", attr))
        for function in functions:
            if inspect.isfunction(function):
                try:
                    atheris.instrument_func(function)
                except Exception as exc:  # a function atheris cannot patch stays as it is
                    print(f"fuzz: {function.__qualname__} not instrumented: {exc}", file=sys.stderr)


def _rebuild(entries: list[tuple[zipfile.ZipInfo, bytes]], stored: bool) -> bytes:
    buffer = BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are one of the mutations
        with zipfile.ZipFile(buffer, "w") as zf:
            for info, data in entries:
                copy = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
                copy.external_attr = info.external_attr
                copy.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
                zf.writestr(copy, data)
    return buffer.getvalue()


def zip_mutator(data: bytes, max_size: int, seed: int) -> bytes:
    """Mutate an archive input: mostly its entries (names, contents, modes, order), with
    valid checksums so the loader reads them; sometimes its raw bytes."""
    from tests.fuzz.targets import zip_entries

    rng = random.Random(seed)
    entries = zip_entries(data) if rng.random() < 0.8 else None
    if not entries:
        return atheris.Mutate(data, max_size)
    entries = list(entries)
    i = rng.randrange(len(entries))
    info, content = entries[i]
    action = rng.randrange(10)
    try:
        if action <= 4:
            grown = max(len(content) * 2, 512)
            entries[i] = (info, atheris.Mutate(content, grown))
        elif action == 5:
            name = rng.choice(ENTRY_NAMES)
            if rng.random() < 0.5:
                raw = atheris.Mutate(info.filename.encode(), 256)
                name = raw.decode("utf-8", "ignore")
            entries[i] = (_renamed(info, name), content)
        elif action == 6:
            del entries[i]
        elif action == 7:
            entries.insert(rng.randrange(len(entries) + 1), entries[i])
        elif action == 8:
            info = _renamed(info, info.filename)
            info.external_attr = rng.choice(MODES) << 16
            if stat.S_ISDIR(info.external_attr >> 16):
                info.external_attr |= 0x10
            entries[i] = (info, content)
        else:
            j = rng.randrange(len(entries))
            entries[i], entries[j] = entries[j], entries[i]
        result = _rebuild(entries, stored=rng.random() < 0.2)
    except Exception:  # a name zipfile cannot write: mutate the bytes instead
        return atheris.Mutate(data, max_size)
    return result if len(result) <= max_size else atheris.Mutate(data, max_size)


def _renamed(info: zipfile.ZipInfo, name: str) -> zipfile.ZipInfo:
    copy = zipfile.ZipInfo(name or "x", date_time=(2026, 1, 1, 0, 0, 0))
    copy.filename = name  # keeps an empty or odd name exactly as mutated
    copy.external_attr = info.external_attr
    return copy


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit("usage: python -m tests.fuzz.harness TARGET [libFuzzer options] CORPUS...")
    name = sys.argv[1]
    argv = [sys.argv[0], *sys.argv[2:]]
    home = Path(os.environ.get("DECISION_AID_FUZZ_WORK") or tempfile.mkdtemp()) / "home"
    os.environ["HOME"] = str(home)
    for var, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        os.environ[var] = str(home / sub)
    os.environ["LANGUAGE"] = "en"
    os.environ.pop("DECISION_AID_PACKS", None)

    with atheris.instrument_imports(include=["decision_aid"]):
        from tests.fuzz import targets

        if name not in targets.TARGETS:
            sys.exit(f"unknown target {name!r}; one of: {', '.join(targets.TARGETS)}")
        target, allowed = targets.TARGETS[name]
        # The seeds once now, so that what the loader imports lazily is instrumented too.
        for _seed, data in target.seeds():
            targets.feed(name, data)
    if target.structured_zip:
        _instrument_module(zipfile)
    errors = allowed()

    def one_input(data: bytes) -> None:
        with contextlib.suppress(errors):
            target.run(data)

    if target.structured_zip:
        atheris.Setup(argv, one_input, custom_mutator=zip_mutator)
    else:
        atheris.Setup(argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
