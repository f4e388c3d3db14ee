"""Hostile pack files, built at run time (nothing of this size is committed).

Run as a script (``python -m tests.content.hostile FOLDER``), it builds one pack per
deep-nesting case in FOLDER, as folders and as zip archives, loads every one of them
and prints one JSON line per pack with the problems found. The tests run it in a child
process, so that a crash fails the test instead of killing the test run.
"""

from __future__ import annotations

import json
import shutil
import sys
import zipfile
from pathlib import Path

MINIMAL = Path(__file__).resolve().parent.parent / "fixtures" / "packs" / "minimal"

CRASH_DEPTH = 50_000
"""Nesting that crashed ruamel.yaml's C composer every time."""


def deep_yaml(style: str, depth: int) -> bytes:
    """YAML nested ``depth`` levels deep, about 2 bytes per level."""
    if style == "flow-list":
        return b"[" * depth + b"]" * depth + b"\n"
    if style == "flow-map":
        return b"{a: " * depth + b"1" + b"}" * depth + b"\n"
    if style == "block-list":
        # Each '- ' opens a block sequence one column further in.
        return b"- " * depth + b"x\n"
    if style == "block-map":
        # Real indentation: as deep as a pack file's size allows.
        return b"".join(b" " * level + b"a:\n" for level in range(depth)) + b" " * depth + b"x\n"
    if style == "block-then-flow":
        half = depth // 2
        return b"- " * half + b"[" * half + b"]" * half + b"\n"
    if style == "explicit-keys":
        return b"? " * depth + b"x\n"
    raise ValueError(style)


def deep_json(depth: int) -> bytes:
    return b'{"a": ' * depth + b"1" + b"}" * depth


STYLES = ("flow-list", "flow-map", "block-list", "block-then-flow", "explicit-keys")
"""Styles that reach the crash depth within a pack file's size limit."""
BLOCK_MAP_DEPTH = 1_900
"""Indented block maps grow by the square of their depth: this is about 1.8 MB."""


def pack_folder(root: Path, name: str, replace: dict[str, bytes] | None = None) -> Path:
    """A copy of the minimal pack named ``name``, with some files replaced or added."""
    folder = root / name
    shutil.copytree(MINIMAL, folder)
    meta = folder / "pack.yaml"
    meta.write_text(meta.read_text().replace("id: minimal", f"id: {name}"))
    for rel, data in (replace or {}).items():
        for old in folder.glob(rel.rsplit(".", 1)[0] + ".*"):
            old.unlink()
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return folder


def zip_folder(folder: Path, archive: Path, method: int = zipfile.ZIP_DEFLATED) -> Path:
    """The folder as a zip archive with one top folder, as authors make them."""
    with zipfile.ZipFile(archive, "w", method) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, f"{folder.name}/{path.relative_to(folder).as_posix()}")
    return archive


TRANSLATION = "translations/cy.yaml"
FILES = ("pack.yaml", "content.yaml", TRANSLATION, "pack.json", "content.json")


def deep_cases() -> list[tuple[str, str, bytes]]:
    """(pack name, file made deep, its bytes) for every style in every kind of file."""
    cases = []
    for rel in FILES:
        stem = rel.replace("/", "-").replace(".", "-")
        if rel.endswith(".json"):
            cases.append((f"deep-{stem}", rel, deep_json(CRASH_DEPTH)))
            continue
        for style in STYLES:
            cases.append((f"deep-{style}-{stem}", rel, deep_yaml(style, CRASH_DEPTH)))
        cases.append((f"deep-block-map-{stem}", rel, deep_yaml("block-map", BLOCK_MAP_DEPTH)))
    return cases


def build(root: Path) -> list[tuple[Path, str]]:
    """Every deep case as a folder and as an archive, plus the intact minimal pack."""
    folders = root / "folders"
    archives = root / "archives"
    folders.mkdir()
    archives.mkdir()
    built: list[tuple[Path, str]] = []
    for name, rel, data in deep_cases():
        folder = pack_folder(folders, name, {rel: data})
        built.append((folder, rel))
        # Stored, not deflated: brackets compress past the archive's ratio limit, and
        # the file must reach the parser.
        archive = zip_folder(folder, archives / f"{name}.zip", zipfile.ZIP_STORED)
        built.append((archive, rel))
    pack_folder(folders, "intact")
    return built


def main(root: Path) -> None:
    from decision_aid.content.errors import PackError
    from decision_aid.content.library import build_index
    from decision_aid.content.loader import load_pack

    built = build(root)
    for path, rel in built:
        print(json.dumps({"start": str(path)}), flush=True)
        try:
            load_pack(path)
            problems = []
        except PackError as exc:
            problems = [{"file": p.file, "message": p.message} for p in exc.problems]
        print(json.dumps({"path": str(path), "deep": rel, "problems": problems}), flush=True)
    for entry in build_index([root / "folders", root / "archives"]):
        problems = [{"file": p.file, "message": p.message} for p in entry.problems]
        line = {"index": str(entry.path), "valid": entry.valid, "problems": problems}
        print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
