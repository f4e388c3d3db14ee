#!/usr/bin/env bash
# Set up (first run only) and start decision-aid on the shipped option grids.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$root/scripts/setup.sh" app
exec "$root/.venv/bin/decision-aid" "$@"
