#!/usr/bin/env bash
# An executable job: `disk-usage [path] [max-percent]`.
# Prints the usage of the file system holding <path> (default: the jobs folder) as JSON,
# which becomes the task's result, and DONE; or FAIL when it is fuller than <max-percent>.
# Like every executable job it gets the task document as JSON on stdin (unused here).
set -euo pipefail

target="${1:-.}"
max_percent="${2:-100}"
if [[ ! $max_percent =~ ^[0-9]+$ ]]; then
  echo "disk-usage: max-percent must be a whole number, got '$max_percent'" >&2
  exit 2
fi

json_string() {
  local text="${1//\\/\\\\}"
  printf '"%s"' "${text//\"/\\\"}"
}

# POSIX output: one line per file system, "Use%" in column 5, available KiB in column 4.
read -r _ size_kb used_kb available_kb use_percent mount < <(df -Pk -- "$target" | tail -n 1)
used="${use_percent%\%}"

printf '{"path":%s,"mount":%s,"size_kb":%s,"used_kb":%s,"available_kb":%s,"used_percent":%s}\n' \
  "$(json_string "$target")" "$(json_string "$mount")" "$size_kb" "$used_kb" "$available_kb" "$used"

if (( used > max_percent )); then
  echo "disk-usage: $mount is ${used}% full, over the limit of ${max_percent}%" >&2
  echo FAIL
else
  echo DONE
fi
