#!/usr/bin/env bash
# Runs the shared LSP latency harness against the release binary on the three synthetic
# speeches and prints one row per size: open latency, edit->diagnostics p50/p99, peak RSS.
#   bash bench/lsp.sh            (server pinned to CPU 0, client to CPU 1)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${LECTERN_SHARED:-../shared}
cargo build --release --quiet
python3 "$shared/bench/make_docs.py" --out target/bench-docs >/dev/null
for size in 10k 100k 1m; do
  echo "== speech-$size.txt"
  python3 "$shared/bench/lsp_bench.py" --server "$PWD/target/release/lectern lsp" \
    --file "$PWD/target/bench-docs/speech-$size.txt" --cpus 0 --client-cpus 1 "$@"
done
