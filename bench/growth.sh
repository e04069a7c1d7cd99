#!/usr/bin/env bash
# Shows that the inputs of issue 20 (defects 10 and 11) cost linear time: each case runs at
# doubling sizes and prints wall time, peak memory and the ratio to the row before (about ×2
# means linear; a quadratic cost shows as ×4).
#   bash bench/growth.sh              (all cases; the 50 MB --fix takes a minute or two)
#   bash bench/growth.sh fix          (one case: fix, text-line, sarif-line, github-line, rdjson-line,
#                                      url-line, keystroke, disable, ignore)
# Command-line cases run target/release/lectern on generated files in target/growth; the
# engine cases (one keystroke on one long line, unclosed lectern-disable comments, many ignore
# phrases) run `cargo run --release --example growth`.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin lectern --example growth
bin=$PWD/target/release/lectern
work=target/growth
mkdir -p "$work"
CASES="$*"
want() { [ -z "$CASES" ] || [[ " $CASES " == *" $1 "* ]]; }

# Runs lectern with the given arguments, prints "label size: seconds, peak MB, ×ratio".
prev=""
measure() {
  local label=$1 size=$2
  shift 2
  local t0 t1 secs rss
  t0=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$work/rss" "$bin" "$@" >/dev/null 2>&1 || true
  rss=$(tail -1 "$work/rss")
  t1=$(date +%s.%N)
  secs=$(echo "$t1 - $t0" | bc -l)
  local ratio=""
  [ -n "$prev" ] && ratio=$(printf '  ×%.2f' "$(echo "$secs / $prev" | bc -l)")
  printf '%12s %8s  %7.2f s  %6.0f MB%s\n' "$label" "$size" "$secs" "$(echo "$rss / 1024" | bc -l)" "$ratio"
  prev=$secs
}

gen() { # gen KIND BYTES FILE
  python3 - "$@" <<'PY'
import sys
kind, size, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
seed = open("examples/scraped-speech.txt", encoding="utf-8").read()
if kind == "draft":      # the sample speech repeated: ~15,000 safe fixes per MB
    text = seed * (size // len(seed.encode()) + 1)
elif kind == "line":     # one long line with blanks, placeholders and half-width punctuation
    text = "共有个民族,占总人口的%，XX县，" * (size // 40) + "\n"
elif kind == "urls":     # one long line of web addresses with a few Chinese words
    text = "欢迎来到本站看一下文章 " + "www.a7.com, " * (size // 12) + "\n"
open(out, "w", encoding="utf-8").write(text)
PY
}

if want fix; then
  echo "--fix on the sample speech repeated (lectern.toml: max_document_size = 200 MB)"
  mkdir -p "$work/fix"
  echo "max_document_size = 209715200" >"$work/fix/lectern.toml"
  prev=""
  for mb in 6.25 12.5 25 50; do
    bytes=$(echo "$mb * 1048576 / 1" | bc)
    gen draft "$bytes" "$work/fix/d.txt"
    measure "fix" "${mb}MB" check --fix --format json "$work/fix/d.txt"
  done
fi
if want text-line; then
  echo "text report of one long line full of findings"
  prev=""
  for kb in 512 1024 2048 4096; do
    gen line $((kb * 1024)) "$work/line.txt"
    measure "text-line" "${kb}KB" check "$work/line.txt"
  done
fi
for fmt in sarif github rdjson; do
  if want "$fmt-line"; then
    echo "$fmt report of one long line full of findings (columns counted on from the last one)"
    prev=""
    for kb in 256 512 1024 2048; do
      gen line $((kb * 1024)) "$work/line.txt"
      measure "$fmt-line" "${kb}KB" check --format "$fmt" "$work/line.txt"
    done
  fi
done
if want url-line; then
  echo "one long line of web addresses (JSON report)"
  prev=""
  for kb in 512 1024 2048 4096; do
    gen urls $((kb * 1024)) "$work/urls.txt"
    measure "url-line" "${kb}KB" check --format json "$work/urls.txt"
  done
fi
for c in keystroke disable ignore; do
  if want "$c"; then
    target/release/examples/growth "$c"
  fi
done
