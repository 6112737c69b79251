#!/usr/bin/env bash
# The throwaway PostgreSQL of the tests (started by charla-testkit in $CHARLA_TEST_PG_DIR).
#   scripts/pg-temp.sh stop DIR     stop the cluster in DIR and delete DIR
#   scripts/pg-temp.sh status DIR   tell whether it runs and its URL
set -euo pipefail
action=${1:-}
dir=${2:-${CHARLA_TEST_PG_DIR:-}}
[ -n "$action" ] && [ -n "$dir" ] || { echo "usage: $0 stop|status DIR" >&2; exit 2; }

pg_ctl=$(command -v pg_ctl || ls /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -V | tail -n 1 || true)
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case $action in
  status)
    if [ -n "$pg_ctl" ] && [ -d "$dir/data" ] && as_owner "$pg_ctl" status -D "$dir/data" >/dev/null 2>&1; then
      echo "running: $(cat "$dir/url")"
    else
      echo "not running"
    fi ;;
  stop)
    if [ -n "$pg_ctl" ] && [ -d "$dir/data" ]; then
      as_owner "$pg_ctl" stop -D "$dir/data" -m immediate >/dev/null 2>&1 || true
    fi
    rm -rf "$dir" ;;
  *) echo "unknown action $action" >&2; exit 2 ;;
esac
