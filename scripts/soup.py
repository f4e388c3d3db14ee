"""Make, or check, the SOUP register (docs/safety/soup.md) from the lock files.

    .venv/bin/python scripts/soup.py --write    # after changing a lock file
    .venv/bin/python scripts/soup.py --check    # what CI runs: fails while they disagree

Every third-party package in requirements.lock (shipped with the app) and in
requirements-dev.lock (used only to build and verify it) is listed with its pinned
version, its licence, what needs it and its role. The licence is read from the installed
distribution's metadata (its SPDX expression, or an SPDX-like licence field); where the
metadata gives none, from docs/safety/soup-notes.yaml, which also holds each package's
role and, for those that touch clinical content or the record, a safety note. A package
without a role there is listed with its own summary, marked as not yet reviewed.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from decision_aid.atomic import write_atomic
from decision_aid.content.parse import ParseError, parse_yaml

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
DEV_LOCK = ROOT / "requirements-dev.lock"
NOTES = ROOT / "docs" / "safety" / "soup-notes.yaml"
REGISTER = ROOT / "docs" / "safety" / "soup.md"
PROJECT = "decision-aid"
_PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s\\;]+)")
_VIA = re.compile(r"^\s+# via(?: (?P<one>.+))?$")
_VIA_MORE = re.compile(r"^\s+#\s{3}(?P<name>\S.*)$")
_SPDX = re.compile(r"^\(?[A-Za-z0-9.+-]+\)?(?: (?:AND|OR|WITH) \(?[A-Za-z0-9.+-]+\)?)*$")


class SoupError(Exception):
    """The register cannot be made; the message says what to do."""


@dataclass
class Pin:
    name: str
    version: str
    needed_by: list[str] = field(default_factory=list)


def normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def read_lock(path: Path) -> dict[str, Pin]:
    """Each package pinned in a pip-compile lock file, with what needs it (its 'via')."""
    pins: dict[str, Pin] = {}
    current: Pin | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        pinned = _PIN.match(line)
        if pinned:
            current = Pin(normalised(pinned["name"]), pinned["version"])
            pins[current.name] = current
            continue
        via = _VIA.match(line)
        if via and current is not None:
            if via["one"]:
                current.needed_by.append(via["one"].strip())
            continue
        more = _VIA_MORE.match(line)
        if more and current is not None:
            current.needed_by.append(more["name"].strip())
    if not pins:
        raise SoupError(f"{path.name} pins no package (expected lines like 'name==1.2.3')")
    return pins


def read_notes(path: Path = NOTES) -> dict[str, dict[str, str]]:
    try:
        parsed = parse_yaml(path.read_bytes())
    except OSError as exc:
        raise SoupError(f"{path}: cannot be read ({exc.strerror})") from exc
    except ParseError as exc:
        raise SoupError(f"{path}:{exc.line or ''}: {exc.message}") from exc
    packages = parsed.data.get("packages") if isinstance(parsed.data, dict) else None
    if not isinstance(packages, dict):
        raise SoupError(f"{path}: expected 'packages:' with one entry per package")
    notes: dict[str, dict[str, str]] = {}
    for name, entry in packages.items():
        if not isinstance(entry, dict) or set(entry) - {"role", "safety", "licence"}:
            line = parsed.line_of(("packages", name))
            raise SoupError(
                f"{path}:{line}: packages.{name}: give 'role', and 'safety' or 'licence' "
                "where needed, nothing else"
            )
        notes[normalised(name)] = {k: " ".join(str(v).split()) for k, v in entry.items()}
    return notes


def licence(name: str, version: str, notes: dict[str, dict[str, str]]) -> str:
    """The licence of the installed distribution, from its metadata or the notes."""
    try:
        dist = metadata.distribution(name)
    except metadata.PackageNotFoundError:
        raise SoupError(
            f"{name} {version} is in the lock file but not installed in this environment; "
            "run scripts/setup.sh test, then scripts/soup.py --write"
        ) from None
    if normalised(dist.version) != normalised(version):
        raise SoupError(
            f"{name} is {dist.version} here but {version} in the lock file; "
            "run scripts/setup.sh test, then scripts/soup.py --write"
        )
    meta = dist.metadata
    expression = (meta.get("License-Expression") or "").strip()
    if expression:
        return expression
    field_ = (meta.get("License") or "").strip()
    if _SPDX.match(field_):
        return field_
    if "licence" in notes.get(name, {}):
        return notes[name]["licence"]
    classifiers = [
        c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")
    ]
    if classifiers:
        return " / ".join(classifiers) + " (from its classifiers; check its licence file)"
    raise SoupError(
        f"{name} {version}: its metadata gives no licence; read the licence file it ships "
        f"and add 'licence:' for it in {NOTES.relative_to(ROOT)}"
    )


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _needed_by(pin: Pin) -> str:
    names = []
    for item in pin.needed_by:
        if item.startswith(PROJECT):
            names.append("decision-aid")
        elif item.startswith("-r "):
            names.append(item.removeprefix("-r ").strip())
        else:
            names.append(item)
    return ", ".join(dict.fromkeys(names))


def _role(name: str, notes: dict[str, dict[str, str]]) -> str:
    if "role" in notes.get(name, {}):
        return notes[name]["role"]
    summary = (metadata.distribution(name).metadata.get("Summary") or "").strip()
    return f"{summary or 'no summary'} (its own summary; not yet reviewed)"


HEADER = """# SOUP register: third-party software in decision-aid

<!-- Made by scripts/soup.py from requirements.lock, requirements-dev.lock, each installed
package's metadata and docs/safety/soup-notes.yaml. Do not edit: change the notes and run
`.venv/bin/python scripts/soup.py --write`. CI fails while it disagrees with the locks. -->

Software Of Unknown Provenance (SOUP): every package decision-aid runs with that the
project did not write, as DCB0129 asks a manufacturer to account for. Each is pinned to
one version with its hashes (`pip install --require-hashes` from the lock files), so what
was tested is what is installed. "Needed by" is what requires it (pip-compile's record);
the licence comes from the package's own metadata unless marked otherwise in the notes.
Safety notes follow for the packages that touch clinical content or the record, with the
hazards of `docs/safety/hazard-log.yaml` that their failures lead to and the controls that
catch them.
"""


def render(lock: Path = LOCK, dev_lock: Path = DEV_LOCK, notes_path: Path = NOTES) -> str:
    notes = read_notes(notes_path)
    shipped = read_lock(lock)
    tools = {k: v for k, v in read_lock(dev_lock).items() if k not in shipped}
    lines = [HEADER, f"## Shipped with the app (`{lock.name}`): {len(shipped)} packages", ""]
    lines += ["| package | version | licence | needed by | role |", "|---|---|---|---|---|"]
    for name in sorted(shipped):
        pin = shipped[name]
        lines.append(
            f"| {name} | {pin.version} | {_cell(licence(name, pin.version, notes))} "
            f"| {_cell(_needed_by(pin))} | {_cell(_role(name, notes))} |"
        )
    lines += ["", "## Safety notes", ""]
    for name in sorted(shipped):
        safety = notes.get(name, {}).get("safety")
        if safety:
            lines += [f"**{name} {shipped[name].version}.** {safety}", ""]
    lines += [
        f"## Used only to build and verify (`{dev_lock.name}`): {len(tools)} packages",
        "",
        "Not shipped with the app; they run the checks that verify the hazard log's controls.",
        "",
        "| package | version | licence | needed by | role |",
        "|---|---|---|---|---|",
    ]
    for name in sorted(tools):
        pin = tools[name]
        lines.append(
            f"| {name} | {pin.version} | {_cell(licence(name, pin.version, notes))} "
            f"| {_cell(_needed_by(pin))} | {_cell(_role(name, notes))} |"
        )
    return "\n".join(lines) + "\n"


_ROW = re.compile(r"^\| (?P<name>[a-z0-9-]+) \| (?P<version>[0-9][^ |]*) \|", re.M)


def differences(current: str, made: str) -> str:
    """': a, b' naming what differs between two registers' packages, or '' (only words)."""
    before = {m["name"]: m["version"] for m in _ROW.finditer(current)}
    after = {m["name"]: m["version"] for m in _ROW.finditer(made)}
    parts = []
    added = sorted(set(after) - set(before))
    if added:
        parts.append("not listed: " + ", ".join(f"{n} {after[n]}" for n in added))
    gone = sorted(set(before) - set(after))
    if gone:
        parts.append("no longer locked: " + ", ".join(gone))
    moved = sorted(n for n in set(before) & set(after) if before[n] != after[n])
    if moved:
        parts.append("other version: " + ", ".join(f"{n} {before[n]} → {after[n]}" for n in moved))
    return (": " + "; ".join(parts)) if parts else " (its words differ)"


def problems(
    register: Path = REGISTER, lock: Path = LOCK, dev_lock: Path = DEV_LOCK, notes: Path = NOTES
) -> list[str]:
    """Why the register and the lock files disagree; an empty list when they agree."""
    try:
        made = render(lock, dev_lock, notes)
    except SoupError as exc:
        return [f"SOUP register: {exc}"]
    current = register.read_text(encoding="utf-8") if register.exists() else ""
    if current == made:
        return []
    return [
        f"{register.name} disagrees with the lock files{differences(current, made)}. Run "
        ".venv/bin/python scripts/soup.py --write (and give a new package its role in "
        f"{notes.name})"
    ]


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = options.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true", help="write docs/safety/soup.md")
    mode.add_argument("--check", action="store_true", help="fail while it disagrees")
    args = options.parse_args()
    if args.write:
        try:
            write_atomic(REGISTER, render().encode("utf-8"))
        except SoupError as exc:
            print(f"SOUP register: {exc}")
            return 1
        return 0
    found = problems()
    for line in found:
        print(line)
    if found:
        return 1
    print("SOUP register: it lists every package of the lock files as they are")
    return 0


if __name__ == "__main__":
    sys.exit(main())
