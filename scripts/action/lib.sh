# Shared by the action's steps (sourced). Inputs arrive as CFS_* environment
# variables set from `env:` in action.yml, never inlined into a script.

# name=value into the step's outputs; a value with a newline uses GitHub's
# delimiter form.
set_output() {
  local name=$1 value=$2
  if [[ $value == *$'\n'* ]]; then
    local delim="cfscale_$RANDOM$RANDOM"
    printf '%s<<%s\n%s\n%s\n' "$name" "$delim" "$value" "$delim" >> "$GITHUB_OUTPUT"
  else
    printf '%s=%s\n' "$name" "$value" >> "$GITHUB_OUTPUT"
  fi
}

# A message GitHub shows as an annotation. Data is escaped as workflow
# commands require, so that a path or a message cannot start another command.
annotate() {
  local level=$1 msg=$2
  msg=${msg//'%'/'%25'}
  msg=${msg//$'\r'/'%0D'}
  msg=${msg//$'\n'/'%0A'}
  printf '::%s title=cfscale::%s\n' "$level" "$msg"
}

summary() { [ -n "${GITHUB_STEP_SUMMARY:-}" ] && printf '%s\n' "$*" >> "$GITHUB_STEP_SUMMARY" || true; }

work_dir() {
  local d="$RUNNER_TEMP/cfscale-run"
  mkdir -p "$d"
  printf '%s' "$d"
}
