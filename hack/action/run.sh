#!/usr/bin/env bash
# Runs meshlint for the action (action.yml, step "run"): `meshlint lint`
# on PATHS with FORMAT on the log (github: workflow commands, annotations
# on the pull request) and SARIF to SARIF_FILE for code scanning, then,
# when DIFF_BASE is set, `meshlint diff DIFF_BASE HEAD --format markdown`
# to DIFF_FILE and the job summary, for a pull-request comment.
#
# Environment (the action maps its inputs onto it): MESHLINT (the binary),
# PATHS (separated by spaces or newlines), FORMAT, FAIL_ON, CONFIG,
# EXCLUDE (globs, separated by spaces or newlines),
# SARIF_FILE, DIFF_BASE, DIFF_FILE, and the runner's GITHUB_WORKSPACE,
# GITHUB_OUTPUT, GITHUB_STEP_SUMMARY.
# Writes exit-code, sarif-file, and with DIFF_BASE diff-exit-code,
# diff-file and diff-markdown to GITHUB_OUTPUT. Exits with the worse of
# the two exit statuses (2 input error, 1 findings at or above FAIL_ON).
set -uo pipefail

cd "${GITHUB_WORKSPACE:-.}" || exit 2
read -r -d '' -a paths <<<"${PATHS:-.}"
[[ ${#paths[@]} -gt 0 ]] || paths=(.)

common=(--fail-on "${FAIL_ON:-error}")
[[ -n "${CONFIG:-}" ]] && common+=(--config "$CONFIG")
read -r -d '' -a excludes <<<"${EXCLUDE:-}"
for glob in "${excludes[@]}"; do common+=(--exclude "$glob"); done

lint_args=(lint --format "${FORMAT:-github}" "${common[@]}")
if [[ -n "${SARIF_FILE:-}" ]]; then
  mkdir -p "$(dirname "$SARIF_FILE")"
  lint_args+=(--output "sarif=$SARIF_FILE")
fi
"$MESHLINT" "${lint_args[@]}" -- "${paths[@]}"
lint_exit=$?
{
  echo "exit-code=$lint_exit"
  echo "sarif-file=${SARIF_FILE:-}"
} >>"$GITHUB_OUTPUT"

diff_exit=0
if [[ -n "${DIFF_BASE:-}" ]]; then
  if ! git rev-parse --verify --quiet "${DIFF_BASE}^{commit}" >/dev/null; then
    echo "::error title=meshlint diff::$DIFF_BASE is not a revision of this checkout: check out with fetch-depth: 0"
    diff_exit=2
  else
    diff_file=${DIFF_FILE:-meshlint-diff.md}
    mkdir -p "$(dirname "$diff_file")"
    "$MESHLINT" diff "$DIFF_BASE" HEAD --format markdown "${common[@]}" -- "${paths[@]}" >"$diff_file"
    diff_exit=$?
    [[ -n "${GITHUB_STEP_SUMMARY:-}" ]] && cat "$diff_file" >>"$GITHUB_STEP_SUMMARY"
    delim="meshlint_$RANDOM$RANDOM$RANDOM"
    {
      echo "diff-file=$diff_file"
      echo "diff-markdown<<$delim"
      cat "$diff_file"
      echo "$delim"
    } >>"$GITHUB_OUTPUT"
  fi
  echo "diff-exit-code=$diff_exit" >>"$GITHUB_OUTPUT"
fi

# 2 (could not judge) wins over 1 (findings), which wins over 0.
worst=$lint_exit
if [[ $diff_exit -eq 2 || ($diff_exit -gt $worst && $worst -ne 2) ]]; then worst=$diff_exit; fi
exit "$worst"
