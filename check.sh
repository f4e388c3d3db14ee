#!/usr/bin/env bash
# Set up (first run only) and run every check: lint, format, types, the Qt-free
# contract, the shipped packs, a short coverage-guided fuzzing run of the loaders, and
# the whole test suite (offscreen).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
"$root/scripts/setup.sh" test
export QT_QPA_PLATFORM=offscreen
step() { printf '\n== %s\n' "$*"; }
step "ruff lint";   .venv/bin/ruff check decision_aid tests bench scripts setup.py
step "ruff format"; .venv/bin/ruff format --check decision_aid tests bench scripts setup.py
step "mypy (strict, Qt-free packages)"; .venv/bin/mypy
step "shipped packs"; .venv/bin/decision-aid packs lint option_grids
step "safety case"; .venv/bin/python scripts/safety_case.py; .venv/bin/python scripts/soup.py --check
step "fuzzing (short run)"; .venv/bin/python scripts/fuzz.py --time 4 --fresh --seed 1
step "tests"; .venv/bin/pytest "$@"
