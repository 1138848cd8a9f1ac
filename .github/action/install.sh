#!/usr/bin/env bash
# The action's first step: herokulint in its own virtualenv under $RUNNER_TEMP, so it never
# touches the Python the workflow set up for the project. Its bin folder goes on GITHUB_PATH.
set -euo pipefail
venv="${RUNNER_TEMP:?}/herokulint-venv"
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
if [ -n "${INPUT_VERSION:-}" ]; then
  "$venv/bin/python" -m pip install --quiet "herokulint==${INPUT_VERSION}"
else
  "$venv/bin/python" -m pip install --quiet "${GITHUB_ACTION_PATH:?}"
fi
echo "$venv/bin" >> "${GITHUB_PATH:?}"
