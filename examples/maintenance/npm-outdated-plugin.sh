#!/bin/sh
# A Nagios plugin around `npm outdated --json`, for manual 001's weekly dependency check (type: command).
# OK when nothing is outdated, WARNING with their names when some are, CRITICAL at 10 or more, UNKNOWN without npm.
# Performance data: outdated=N;1;10;0. NPM_OUTDATED_JSON names a file of `npm outdated --json` output to read instead
# of running npm (how the demo, and a CI job that saved it, use it); APP_DIR is the app's folder.
if [ -n "$NPM_OUTDATED_JSON" ]; then
  out=$(cat "$NPM_OUTDATED_JSON") || { echo "UNKNOWN - cannot read $NPM_OUTDATED_JSON"; exit 3; }
else
  command -v npm >/dev/null 2>&1 || { echo "UNKNOWN - npm is not on PATH"; exit 3; }
  out=$(cd "${APP_DIR:-.}" && npm outdated --json 2>/dev/null)
fi
names=$(printf '%s\n' "$out" | grep -E '^  "[^"]+": \{' | sed -E 's/^  "([^"]+)".*/\1/' | tr '\n' ' ' | sed 's/ $//')
n=$(printf '%s\n' "$out" | grep -cE '^  "[^"]+": \{')
if [ "$n" -eq 0 ]; then
  echo "OK - all dependencies up to date | outdated=0;1;10;0"
  exit 0
fi
if [ "$n" -ge 10 ]; then
  echo "CRITICAL - $n outdated dependencies: $names | outdated=$n;1;10;0"
  exit 2
fi
echo "WARNING - $n outdated dependencies: $names | outdated=$n;1;10;0"
exit 1
