#!/bin/sh
# Retrains the learned detectors from this corpus, deterministically (fixed seed), and rewrites
# src/analysis/learn/weights/{line.bin,gap.bin,MANIFEST}. Run from the repository root:
#   sh corpus/retrain.sh [PROSE_DIR ...]
# The full-width twin of every batch is made with ../shared/corpus/fullwidth.py. The public dev
# set and the seed fixture are guards: the line thresholds must add no false line on them.
set -eu
twin=target/corpus-fw
rm -rf "$twin"
for b in corpus/pages/*/; do
  name=$(basename "$b")
  python3 ../shared/corpus/fullwidth.py "$b" "$twin/pages/$name"
done
prose=""
for d in "$@"; do prose="$prose --prose $d"; done
# shellcheck disable=SC2086
cargo run --release --example train -- --corpus corpus --twin "$twin" --clean tests/fixtures/clean $prose \
  --guard ../shared/corpus/dev --guard ../shared/fixtures --out src/analysis/learn/weights
