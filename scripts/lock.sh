#!/usr/bin/env bash
# `make lock`: write requirements.lock (what the app runs on) and requirements-dev.lock (that plus
# the dev extras) from pyproject.toml, with the hash of every file, for Python 3.12 and newer on
# any platform (uv's universal resolution: a marker such as "python_full_version == '3.13.*'"
# keeps a package to the interpreters that need it). Versions already in a lock are kept;
# UPGRADE=1 takes the newest that pyproject.toml allows. Run scripts/bootstrap.sh dev afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
upgrade=()
[ -n "${UPGRADE:-}" ] && upgrade=(--upgrade)
compile=(.venv/bin/uv pip compile pyproject.toml --universal --python-version 3.12
         --generate-hashes --quiet --custom-compile-command "make lock" "${upgrade[@]}")
"${compile[@]}" --extra dev -o requirements-dev.lock
# The app's lock takes its versions from the dev lock, so tests run on what production installs.
"${compile[@]}" --constraint requirements-dev.lock -o requirements.lock
