#!/usr/bin/env bash
# The README's first command, exactly as written, as a newcomer runs it on a fresh clone:
# it must build, start with demo data, answer /ready and serve the web app at /.
# Only the data folder and the port come from the environment, so the run leaves the
# checkout clean and does not collide with anything listening on 8080.
set -euo pipefail
cd "$(dirname "$0")/.."

data=$(mktemp -d -t charla-smoke-XXXXXX)
port=$((39000 + RANDOM % 2000))
log="$data/server.log"
export CHARLA_DATA_DIR="$data" CHARLA_LISTEN="127.0.0.1:$port"

cargo run --release -- --demo >"$log" 2>&1 &
server=$!
stop() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  rm -rf "$data"
}
trap stop EXIT

# The first run compiles the release binary: wait as long as the process lives.
until curl -fsS "http://127.0.0.1:$port/ready" >/dev/null 2>&1; do
  if ! kill -0 "$server" 2>/dev/null; then
    echo "the README's first command stopped before it was ready:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 2
done
page=$(curl -fsS "http://127.0.0.1:$port/")
grep -q '<div id="app"' <<<"$page" || { echo "GET / did not serve the web app" >&2; exit 1; }
grep -q 'Demo organization' "$log" || { echo "no demo data was announced" >&2; cat "$log" >&2; exit 1; }
# Start-up says where to go and who to log in as, not one line per embedded asset.
if grep -q 'memory_serve' "$log"; then
  echo "start-up printed asset lines:" >&2
  cat "$log" >&2
  exit 1
fi
echo "README's first command: ready on port $port, web app served"
