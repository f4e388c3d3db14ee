#!/usr/bin/env bash
# Set up everything decision-aid needs: Qt's system libraries (installed with apt
# when run as root on Debian/Ubuntu, otherwise listed), a virtual environment in
# .venv with the locked dependencies, and the compiled translation catalogs.
#
# Usage: scripts/setup.sh [app|test]
#   app   libraries for a real display as well (the default)
#   test  libraries for offscreen rendering, plus the test tools
set -euo pipefail

mode="${1:-app}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
say() { printf 'decision-aid setup: %s\n' "$*" >&2; }

# --- system libraries ----------------------------------------------------------
# soname -> Debian/Ubuntu package. Qt's offscreen platform needs the first group;
# a real X display needs the second as well.
offscreen_libs=(
  "libglib-2.0.so.0 libglib2.0-0"
  "libEGL.so.1 libegl1"
  "libGL.so.1 libgl1"
  "libX11.so.6 libx11-6"
  "libdbus-1.so.3 libdbus-1-3"
  "libfontconfig.so.1 libfontconfig1"
  "libfreetype.so.6 libfreetype6"
  "libxkbcommon.so.0 libxkbcommon0"
)
display_libs=(
  "libX11-xcb.so.1 libx11-xcb1"
  "libxcb-cursor.so.0 libxcb-cursor0"
  "libxcb-icccm.so.4 libxcb-icccm4"
  "libxcb-keysyms.so.1 libxcb-keysyms1"
  "libxcb-render-util.so.0 libxcb-render-util0"
  "libxcb-shape.so.0 libxcb-shape0"
  "libxkbcommon-x11.so.0 libxkbcommon-x11-0"
)

have_lib() {
  if command -v ldconfig >/dev/null 2>&1; then
    ldconfig -p 2>/dev/null | grep -q "[[:space:]]$1 " && return 0
  fi
  local dir
  for dir in /lib /usr/lib /lib64 /usr/lib64 /usr/lib/x86_64-linux-gnu /usr/lib/aarch64-linux-gnu \
             /lib/x86_64-linux-gnu /lib/aarch64-linux-gnu; do
    [ -e "$dir/$1" ] && return 0
  done
  return 1
}

missing=()
wanted=("${offscreen_libs[@]}")
[ "$mode" = app ] && wanted+=("${display_libs[@]}")
if [ "$(uname -s)" = Linux ]; then
  for pair in "${wanted[@]}"; do
    set -- $pair
    have_lib "$1" || missing+=("$2")
  done
  # Without any font every word shows as a box.
  if ! ls /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf >/dev/null 2>&1 \
     && [ -z "$(find /usr/share/fonts -name '*.ttf' -print -quit 2>/dev/null)" ]; then
    missing+=("fonts-dejavu-core")
  fi
fi
# The tests check the signed record with independent tools: poppler (pdfsig,
# pdftotext, pdftoppm), qpdf, and Apache PDFBox Preflight for PDF/A-1b.
if [ "$mode" = test ] && [ "$(uname -s)" = Linux ]; then
  command -v pdfsig >/dev/null 2>&1 || missing+=("poppler-utils")
  command -v qpdf >/dev/null 2>&1 || missing+=("qpdf")
  command -v certutil >/dev/null 2>&1 || missing+=("libnss3-tools")
  command -v msgfmt >/dev/null 2>&1 || missing+=("gettext")
  command -v java >/dev/null 2>&1 || missing+=("default-jre-headless")
  [ -e /usr/share/java/preflight.jar ] || missing+=("libpdfbox2-java")
  [ -e /usr/share/java/jaxb-api.jar ] || missing+=("libjaxb-api-java")
  [ -e /usr/share/java/javax.activation.jar ] || missing+=("libactivation-java")
  # The kiosk test runs the real kiosk under cage (headless), as packaging/kiosk/ does:
  # cage needs the Xwayland binary to start, Qt's Wayland platform libwayland-cursor.
  command -v cage >/dev/null 2>&1 || missing+=("cage")
  command -v Xwayland >/dev/null 2>&1 || missing+=("xwayland")
  have_lib libwayland-cursor.so.0 || missing+=("libwayland-cursor0")
  # The packaging tests check the desktop entry, the AppStream metadata and the Debian
  # package with Debian's own validators.
  command -v desktop-file-validate >/dev/null 2>&1 || missing+=("desktop-file-utils")
  command -v appstreamcli >/dev/null 2>&1 || missing+=("appstream")
  command -v lintian >/dev/null 2>&1 || missing+=("lintian")
  # The group session's participant page is tested in a real browser (Selenium).
  command -v chromium >/dev/null 2>&1 || missing+=("chromium")
  command -v chromedriver >/dev/null 2>&1 || missing+=("chromium-driver")
  # The FHIR tests check every example bundle with independent validators run by Node.js.
  command -v node >/dev/null 2>&1 || missing+=("nodejs")
  command -v npm >/dev/null 2>&1 || missing+=("npm")
fi
# The kiosk's "Read aloud" (app and test): Qt's speech engine on Linux talks to
# speech-dispatcher, which speaks with espeak-ng (English, Welsh, Polish, Arabic and
# more); QtTextToSpeech itself links libpulse. The tests write espeak-ng's speech to a file.
if [ "$(uname -s)" = Linux ]; then
  command -v speech-dispatcher >/dev/null 2>&1 || missing+=("speech-dispatcher")
  [ -n "$(find /usr/lib -maxdepth 3 -name sd_espeak-ng -print -quit 2>/dev/null)" ] \
    || missing+=("speech-dispatcher-espeak-ng")
  command -v espeak-ng >/dev/null 2>&1 || missing+=("espeak-ng")
  have_lib libpulse.so.0 || missing+=("libpulse0")
fi
if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
  missing+=("python3-venv")
fi

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    say "these system packages are missing: ${missing[*]}"
    say "install them, for example: sudo apt-get install ${missing[*]}"
    say "or run this command as root on Debian/Ubuntu to install them automatically."
    exit 1
  fi
fi

# --- Python and the virtual environment ---------------------------------------
python=""
for candidate in python3.13 python3.12 python3.11 python3; do
  if command -v "$candidate" >/dev/null 2>&1 \
     && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    python="$candidate"; break
  fi
done
if [ -z "$python" ]; then
  say "Python 3.11 or newer is needed; install python3 (3.11+) and run this again."
  exit 1
fi

lock="requirements.lock"
[ "$mode" = test ] && lock="requirements-dev.lock"
stamp=".venv/.decision-aid-$(basename "$lock" .lock)"
want="$(cat "$lock" pyproject.toml | sha256sum | cut -d' ' -f1)"
if [ ! -x .venv/bin/python ]; then
  say "creating .venv with $python"
  "$python" -m venv .venv
fi
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  say "installing locked dependencies from $lock"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes \
    --no-deps -r "$lock"
  if ! log=$(.venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps \
      --no-build-isolation -e . 2>&1); then
    printf '%s\n' "$log" >&2
    exit 1
  fi
  echo "$want" > "$stamp"
fi

# --- independent FHIR validators (tests only) -----------------------------------
# FHIR.js and the official R4 JSON schema, pinned by tools/fhir-validator's
# package-lock.json, installed into .node/ (git-ignored) and run by
# tools/fhir-validator/validate.js.
if [ "$mode" = test ]; then
  node_stamp=".node/.decision-aid-lock"
  node_want="$(cat tools/fhir-validator/package.json tools/fhir-validator/package-lock.json \
    | sha256sum | cut -d' ' -f1)"
  if [ "$(cat "$node_stamp" 2>/dev/null)" != "$node_want" ]; then
    say "installing the FHIR validators into .node/"
    mkdir -p .node
    cp tools/fhir-validator/package.json tools/fhir-validator/package-lock.json .node/
    if ! log=$(cd .node && npm ci --no-audit --no-fund --ignore-scripts 2>&1); then
      printf '%s\n' "$log" >&2
      exit 1
    fi
    echo "$node_want" > "$node_stamp"
  fi
fi

# --- translations --------------------------------------------------------------
# Compile every catalog in translations/ into decision_aid/locale (never committed).
.venv/bin/python scripts/compile_catalogs.py
