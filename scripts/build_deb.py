"""Build a Debian package of the frozen bundle with dpkg-deb.

    .venv/bin/python scripts/build_deb.py [--bundle DIR] [--out DIR] [-Z xz|gzip] [-z 0-9]

The package installs the bundle into ``/opt/decision-aid``, the command as a link
``/usr/bin/decision-aid``, and the desktop entry, icon and AppStream metadata where
desktops and software centres look (``/usr/share/...``). Without ``--bundle`` it uses
``dist/decision-aid`` and builds that first (scripts/build_bundle.py) when missing.
Check the result with ``lintian``, and the installed files with ``desktop-file-validate``
and ``appstreamcli validate`` (tests/packaging/test_deb.py does all three).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_bundle import build, executable, folder_size

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "decision-aid"
APP_ID = "org.decision_aid.DecisionAid"
PREFIX = Path("opt") / PACKAGE
MAINTAINER = "decision-aid developers <dev@decision-aid.org>"
HOMEPAGE = "https://decision-aid.org/"
DEPENDS = [
    # The bundle carries Python, Qt and almost every library they load; these few it
    # takes from the system (tests/packaging/test_deb.py checks the bundle links nothing
    # else): the C library (PySide6 needs glibc 2.34), OpenGL/EGL (Qt's GUI links them),
    # the X and Wayland client libraries that talk to the display, and fontconfig's
    # configuration (the app ships its own fonts).
    "libc6 (>= 2.34)",
    "libgl1",
    "libegl1",
    "libdrm2",
    "libxcb1",
    "libwayland-client0",
    "libwayland-cursor0",
    "fontconfig-config",
]
RECOMMENDS = [
    # The kiosk's "Read aloud" speaks through speech-dispatcher with espeak-ng voices.
    "speech-dispatcher",
    "speech-dispatcher-espeak-ng",
    # Qt's Wayland platform draws with EGL through it (and falls back to shared memory).
    "libwayland-egl1",
]
DESCRIPTION = """\
shared decision-making aid: option grids and honest risk figures
 decision-aid helps a clinician and a patient compare the options for a health
 decision side by side, in an evidence-based option grid. Risks and benefits are
 shown as absolute numbers on the same denominator and time frame, with icon
 arrays and citations. The patient says what matters to them, the SURE test
 checks they are ready, and the consultation leaves a signed PDF record with a
 FHIR copy for the record system. It includes a patient kiosk and tools for the
 authors of option-grid packs, in English, Welsh, Polish and Arabic.
 .
 It presents referenced, population-level evidence. It does not compute an
 individual's risk or recommend an option.
 .
 This package holds a self-contained build (Python, Qt and the libraries the
 application needs) in /opt/decision-aid."""
LINTIAN_OVERRIDES = """\
# decision-aid is installed as one self-contained folder: a frozen bundle that carries its
# own Python, Qt and the libraries they load, exactly as built and tested (PyInstaller
# collected them from their Python wheels and from Debian's own packages). A package built
# for the Debian archive would instead depend on Debian's packages of each; these tags
# describe that difference, file by file, and nothing else.
#
# Add-on software goes to /opt, as the FHS says; the command is linked into /usr/bin.
decision-aid: dir-or-file-in-opt [opt/*]
# The bundled libraries, as their upstreams built them.
decision-aid: embedded-library * [opt/decision-aid/_internal/*]
decision-aid: custom-library-search-path * [opt/decision-aid/_internal/*]
decision-aid: unstripped-binary-or-object [opt/decision-aid/*]
decision-aid: library-not-linked-against-libc [opt/decision-aid/_internal/*]
decision-aid: shared-library-lacks-prerequisites [opt/decision-aid/_internal/*]
decision-aid: missing-depends-on-sensible-utils * [opt/decision-aid/_internal/*]
# PyInstaller's launcher, as PyInstaller ships it.
decision-aid: hardening-no-pie [opt/decision-aid/decision-aid]
# Hyphenation dictionaries of the readability checker (pyphen), in their own encodings.
decision-aid: national-encoding [opt/decision-aid/_internal/pyphen/dictionaries/*]
# The UI and record fonts travel with the app, so that every machine shows and prints
# the same letters (Debian's fonts-noto-core is not installed by default).
decision-aid: duplicate-font-file * [opt/decision-aid/_internal/decision_aid/report/fonts/*]
"""


def architecture() -> str:
    done = subprocess.run(
        ["dpkg", "--print-architecture"], check=True, capture_output=True, text=True
    )
    return done.stdout.strip()


def version() -> str:
    from importlib.util import module_from_spec, spec_from_file_location

    spec = spec_from_file_location("decision_aid_version", ROOT / "decision_aid" / "__init__.py")
    assert spec is not None and spec.loader is not None
    module = module_from_spec(spec)
    spec.loader.exec_module(module)
    return str(module.__version__)


def _write(path: Path, data: bytes | str, mode: int = 0o644) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    path.chmod(mode)


def _gzip(data: str) -> bytes:
    """gzip -9n: no name or time in the header, so the same input gives the same bytes."""
    return gzip.compress(data.encode("utf-8"), compresslevel=9, mtime=0)


def _changelog(ver: str) -> str:
    when = datetime.fromtimestamp(_source_time(), tz=UTC).strftime("%a, %d %b %Y %H:%M:%S +0000")
    return (
        f"{PACKAGE} ({ver}) unstable; urgency=medium\n\n"
        "  * The release described in its AppStream metadata\n"
        f"    (/usr/share/metainfo/{APP_ID}.metainfo.xml).\n\n"
        f" -- {MAINTAINER}  {when}\n"
    )


def _source_time() -> int:
    """The time of the build's source (SOURCE_DATE_EPOCH when set, else the last commit)."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return int(os.environ["SOURCE_DATE_EPOCH"])
    done = subprocess.run(
        ["git", "-C", str(ROOT), "log", "-1", "--format=%ct"],
        check=False,
        capture_output=True,
        text=True,
    )
    return int(done.stdout.strip()) if done.returncode == 0 and done.stdout.strip() else 0


def _copyright() -> str:
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    notices = "\n".join(f" {line}" if line.strip() else " ." for line in licence.splitlines())
    return (
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
        f"Upstream-Name: {PACKAGE}\n"
        f"Source: {HOMEPAGE}\n\n"
        "Files: *\n"
        "Copyright: decision-aid developers\n"
        "License: Apache-2.0\n"
        f"{notices}\n"
        " .\n"
        " On Debian systems, the full text of the Apache License 2.0 is in\n"
        " /usr/share/common-licenses/Apache-2.0.\n\n"
        "Files: opt/decision-aid/_internal/*\n"
        "Copyright: the authors of each bundled component\n"
        "License: various\n"
        " The bundle carries Python, Qt (LGPL-3.0) and the Python and system libraries\n"
        " the application uses, each under its own licence. The list, with versions and\n"
        " licences, is docs/safety/soup.md in the source; PySide6's and Qt's licence\n"
        " files are in opt/decision-aid/_internal/PySide6.\n"
    )


def stage(bundle: Path, root: Path) -> None:
    """Lay out the package's files under ``root`` (owner and group set by dpkg-deb)."""
    target = root / PREFIX
    shutil.copytree(bundle, target, symlinks=True)
    # Only the program is executable: shared libraries and modules are loaded, not run.
    program = target / PACKAGE
    for path in [target, *target.rglob("*")]:
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() or path == program else 0o644)
    link = root / "usr" / "bin" / PACKAGE
    link.parent.mkdir(parents=True)
    link.symlink_to(Path("/") / PREFIX / PACKAGE)
    share = root / "usr" / "share"
    packaging = ROOT / "packaging"
    _write(
        share / "applications" / f"{APP_ID}.desktop", (packaging / f"{APP_ID}.desktop").read_bytes()
    )
    _write(
        share / "metainfo" / f"{APP_ID}.metainfo.xml",
        (packaging / f"{APP_ID}.metainfo.xml").read_bytes(),
    )
    icon = share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    _write(icon, (packaging / f"{APP_ID}.svg").read_bytes())
    doc = share / "doc" / PACKAGE
    _write(doc / "copyright", _copyright())
    _write(doc / "changelog.gz", _gzip(_changelog(version())))
    _write(share / "lintian" / "overrides" / PACKAGE, LINTIAN_OVERRIDES)
    _write(share / "man" / "man1" / f"{PACKAGE}.1.gz", _gzip(_manual()))
    for path in [root / "usr", *(root / "usr").rglob("*")]:
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)


def _manual() -> str:
    return """\
.TH DECISION-AID 1
.SH NAME
decision-aid \\- shared decision-making aid with option grids and a signed record
.SH SYNOPSIS
.B decision-aid
[\\fB\\-\\-packs\\fR \\fIDIR\\fR]... [\\fICOMMAND\\fR ...]
.SH DESCRIPTION
With no command,
.B decision-aid
opens the library of option grids. Commands list, check and sign packs
(\\fBpacks\\fR), build and verify records (\\fBreport\\fR), make signing keys
(\\fBkeys\\fR) and run the patient kiosk (\\fBkiosk\\fR);
\\fBdecision-aid \\-\\-help\\fR and \\fBdecision-aid \\fICOMMAND\\fB \\-\\-help\\fR list them.
.SH FILES
.TP
.I /opt/decision-aid
the application, with its shipped option grids and example sessions
.TP
.I ~/.config/decision-aid/settings.json
the clinic's settings
.SH SEE ALSO
The README at https://decision-aid.org/
"""


def control(root: Path) -> None:
    """DEBIAN/control and DEBIAN/md5sums for the staged files."""
    sums = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink() and "DEBIAN" not in path.parts:
            digest = hashlib.md5(path.read_bytes(), usedforsecurity=False).hexdigest()
            sums.append(f"{digest}  {path.relative_to(root)}\n")
    installed_kib = (folder_size(root) + 1023) // 1024
    fields = {
        "Package": PACKAGE,
        "Version": version(),
        "Architecture": architecture(),
        "Maintainer": MAINTAINER,
        "Installed-Size": str(installed_kib),
        "Depends": ", ".join(DEPENDS),
        "Recommends": ", ".join(RECOMMENDS),
        "Section": "science",
        "Priority": "optional",
        "Homepage": HOMEPAGE,
        "Description": DESCRIPTION,
    }
    text = "".join(f"{key}: {value}\n" for key, value in fields.items())
    _write(root / "DEBIAN" / "control", text)
    _write(root / "DEBIAN" / "md5sums", "".join(sums))
    (root / "DEBIAN").chmod(0o755)


def build_deb(bundle: Path, out: Path, compression: str = "xz", level: int | None = None) -> Path:
    """The .deb of ``bundle`` in ``out``; returns its path."""
    if not executable(bundle).is_file():
        raise SystemExit(f"{executable(bundle)}: missing; build the bundle first")
    if shutil.which("dpkg-deb") is None:
        raise SystemExit("dpkg-deb is not installed (it comes with dpkg, on Debian and Ubuntu)")
    out.mkdir(parents=True, exist_ok=True)
    deb = out / f"{PACKAGE}_{version()}_{architecture()}.deb"
    with tempfile.TemporaryDirectory(prefix="decision-aid-deb-") as tmp:
        root = Path(tmp) / "root"
        stage(bundle, root)
        control(root)
        subprocess.run(
            ["dpkg-deb", "--root-owner-group", f"-Z{compression}"]
            + ([f"-z{level}"] if level is not None else [])
            + ["--build", str(root), str(deb)],
            check=True,
            env={**os.environ, "SOURCE_DATE_EPOCH": str(_source_time())},
        )
    return deb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, help="the bundle's folder (default: build it)")
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="where the .deb goes")
    parser.add_argument(
        "-Z", dest="compression", choices=["xz", "gzip"], default="xz",
        help="compression: xz (the default) is the smallest, gzip much quicker to make",
    )  # fmt: skip
    parser.add_argument(
        "-z", dest="level", type=int, choices=range(10), metavar="0-9",
        help="compression level (dpkg-deb's default when not given)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    bundle = args.bundle
    if bundle is None:
        bundle = ROOT / "dist" / PACKAGE
        if not executable(bundle).is_file():
            bundle = build(ROOT / "dist", ROOT / "build" / "pyinstaller")
    deb = build_deb(bundle.resolve(), args.out.resolve(), args.compression, args.level)
    print(
        f"Built {deb} ({deb.stat().st_size / 1e6:.0f} MB). Install it with: sudo apt install {deb}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
