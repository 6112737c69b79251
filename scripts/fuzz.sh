#!/usr/bin/env bash
# Fuzzes what parses outside input (fuzz/: webhooks, template texts) with cargo-fuzz and
# libFuzzer: each target for SECONDS (default 300), two at a time, seeded with the test
# fixtures. Not part of CI. Needs nightly Rust; installs cargo-fuzz when missing.
#   scripts/fuzz.sh [SECONDS] [TARGET ...]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
seconds=${1:-300}
shift || true

rustup toolchain list | grep -q nightly || rustup toolchain install nightly --profile minimal
cargo +nightly fuzz --version >/dev/null 2>&1 || cargo install cargo-fuzz --locked

cd fuzz
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(cargo +nightly fuzz list)
fi

# Seeds: the real payloads the tests use, so the fuzzer starts from valid shapes.
seed() {
  local target=$1 corpus=corpus/$1
  mkdir -p "$corpus"
  case $target in
    whatsapp_webhook) cp "$root"/crates/charla-testkit/fixtures/whatsapp/*.json* "$corpus"/ 2>/dev/null || true ;;
    telegram_update) cp "$root"/crates/charla-testkit/fixtures/telegram/*.json "$corpus"/ 2>/dev/null || true ;;
    messenger_webhook)
      cp "$root"/crates/charla-testkit/fixtures/messenger/*.json "$corpus"/ 2>/dev/null || true
      cp "$root"/crates/charla-testkit/fixtures/instagram/*.json "$corpus"/ 2>/dev/null || true
      ;;
    template_text)
      printf 'Hola {{1}}, tu pedido {{2}} está listo.' >"$corpus/positional"
      printf 'Hola {{first_name}}, gracias.' >"$corpus/named"
      printf 'Gracias, {{contact.name}}.' >"$corpus/quick_reply"
      ;;
    template_components)
      cp "$root"/crates/charla-testkit/fixtures/whatsapp/outbound/create_template_request.json "$corpus"/ 2>/dev/null || true
      printf '[{"type":"BODY","text":"Hola {{1}}","example":{"body_text":[["Ana"]]}}]' >"$corpus/body"
      ;;
  esac
}

cargo +nightly fuzz build --release
mkdir -p logs
run() {
  local target=$1
  seed "$target"
  if cargo +nightly fuzz run --release "$target" -- -max_total_time="$seconds" -rss_limit_mb=2048 \
    -max_len=1048576 >"logs/$target.log" 2>&1; then
    echo "PASS $target: $(grep -Eo '#[0-9]+' "logs/$target.log" | tail -n 1 | tr -d '#') runs in ${seconds}s"
  else
    echo "FAIL $target: see fuzz/logs/$target.log and fuzz/artifacts/$target/"
    return 1
  fi
}

status=0
pending=()
for target in "${targets[@]}"; do
  run "$target" &
  pending+=($!)
  if [ ${#pending[@]} -ge 2 ]; then
    wait "${pending[0]}" || status=1
    pending=("${pending[@]:1}")
  fi
done
for pid in "${pending[@]}"; do wait "$pid" || status=1; done
exit $status
