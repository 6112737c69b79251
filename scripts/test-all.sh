#!/usr/bin/env bash
# Runs every check and test: the README's test command, and what CI runs.
#   web app: generated API types match the OpenAPI snapshot, type-check, lint, Vitest, build
#   Rust: fmt, clippy, unit + integration tests on SQLite and on a throwaway PostgreSQL
#   browser: Playwright end-to-end tests against the real binary in Debian's Chromium
#   newcomer: the README's first command starts the demo and serves the web app
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

step() { printf '\n=== %s\n' "$*"; }

step "web app: install, generated API types current, type-check, lint, unit tests, build"
(cd web && npm ci --no-audit --no-fund --loglevel=error && npm run check:api && npm run typecheck && npm run lint && npm test && npm run build)
export CHARLA_WEB_DIST="$root/web/dist"

step "rust: format and lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings

step "rust: tests on SQLite and on a throwaway PostgreSQL"
# The test kit starts the cluster in this folder on first use; we stop it at the end.
CHARLA_TEST_PG_DIR=$(mktemp -d -t charla-pg-XXXXXX)
export CHARLA_TEST_PG_DIR
trap 'scripts/pg-temp.sh stop "$CHARLA_TEST_PG_DIR"' EXIT
cargo nextest run --workspace --no-fail-fast

step "end-to-end: the real binary in Chromium"
cargo build -p charla-server --bin charla
export CHARLA_BIN="$root/target/debug/charla"
e2e_log=$(mktemp)
(cd e2e && npm ci --no-audit --no-fund --loglevel=error && npm test) 2>&1 | tee "$e2e_log"
passed=$(grep -Eo '[0-9]+ passed' "$e2e_log" | tail -n 1 | grep -Eo '[0-9]+' || echo 0)
failed=$(grep -Eo '[0-9]+ failed' "$e2e_log" | tail -n 1 | grep -Eo '[0-9]+' || echo 0)
rm -f "$e2e_log"

step "newcomer: the README's first command, exactly as written"
scripts/smoke-readme.sh

step "all checks passed"
echo "e2e: $passed passed, $failed failed"
