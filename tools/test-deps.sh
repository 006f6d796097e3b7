#!/bin/sh
# The system packages the test suite drives, installed when missing (Debian/Ubuntu):
# chromium for the dashboard's browser test (Playwright's own browsers are not used) and a
# PostgreSQL server for the PostgreSQL store's tests (tests/pg_cluster.py starts a throwaway
# cluster; those tests fail, never skip, without it). The README's test command and .ci/run
# call this first.
set -eu
need=""
[ -x /usr/bin/chromium ] || need="$need chromium"
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need="$need postgresql"
[ -z "$need" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  sudo=""
elif command -v sudo >/dev/null 2>&1; then
  sudo="sudo"
else
  echo "test-deps: install these Debian packages first:$need" >&2
  exit 1
fi
echo "test-deps: installing$need" >&2
$sudo apt-get update
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y $need
