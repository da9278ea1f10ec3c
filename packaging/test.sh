#!/usr/bin/env bash
# Install everything (system packages included) and run the whole test suite headless.
# pytest-xvfb starts a virtual screen for the Qt window tests by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install.sh --test
.venv/bin/lint-imports --no-cache
.venv/bin/python -m pytest "$@"
