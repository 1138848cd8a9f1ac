#!/usr/bin/env bash
# The action's second step: annotations on stdout (`github` format), a Markdown job summary
# appended to $GITHUB_STEP_SUMMARY, SARIF when asked; the step fails when herokulint exits 1.
# Inputs arrive as environment variables, never spliced into the script (no injection).
set -uo pipefail
summary="$(mktemp)"
trap 'rm -f "$summary"' EXIT
extra=()
if [ -n "${INPUT_ARGS:-}" ]; then
  read -r -a extra <<< "$INPUT_ARGS"
fi
outputs=(--output-format github --output-format markdown --output-file "$summary")
if [ -n "${INPUT_SARIF_FILE:-}" ]; then
  outputs+=(--output-format sarif --output-file "$INPUT_SARIF_FILE")
fi
status=0
herokulint check "${INPUT_PATH:-.}" "${extra[@]}" "${outputs[@]}" || status=$?
if [ -s "$summary" ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  cat "$summary" >> "$GITHUB_STEP_SUMMARY"
fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  echo "exit-code=$status" >> "$GITHUB_OUTPUT"
fi
exit "$status"
