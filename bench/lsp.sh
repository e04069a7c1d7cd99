#!/usr/bin/env bash
# Runs the shared LSP latency harness (../shared/bench/lsp_bench.py) against the release binary
# on the three synthetic speeches, server pinned to CPU 0 and client to CPU 1, and prints
# lectern's row of the table in issue #11, then one line per document with the details.
#   bash bench/lsp.sh                 (extra arguments go to lsp_bench.py, e.g. --edits 400)
#   LECTERN_SHARED=/path/to/shared bash bench/lsp.sh
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${LECTERN_SHARED:-../shared}
cargo build --release --quiet
python3 "$shared/bench/make_docs.py" --out target/bench-docs >/dev/null
out=target/bench-lsp
mkdir -p "$out"
for size in 10k 100k 1m; do
  python3 "$shared/bench/lsp_bench.py" --server "$PWD/target/release/lectern lsp" \
    --file "$PWD/target/bench-docs/speech-$size.txt" --cpus 0 --client-cpus 1 --json "$@" \
    >"$out/speech-$size.json"
done
python3 - "$out" <<'PY'
import json, os, sys
out = sys.argv[1]
r = {s: json.load(open(os.path.join(out, f"speech-{s}.json"))) for s in ("10k", "100k", "1m")}
p99 = lambda s: r[s]["edit"]["final_ms"]["p99"]
opn = lambda s: r[s]["open"]["final_ms"]
mib = lambda s: r[s]["peak_rss_kb"] / 1024
print(f"machine: {os.cpu_count()} cpus, load {r['10k']['loadavg_start']:.2f} at start")
print("| server | p99 at 10k | p99 at 100k | p99 at 1M | open 100k | open 1M (complete diagnostics) | peak RSS at 1M |")
print("|---|---|---|---|---|---|---|")
print(f"| lectern | {p99('10k'):.2f} ms | {p99('100k'):.2f} ms | {p99('1m'):.2f} ms | {opn('100k'):.1f} ms "
      f"| {opn('1m'):.1f} ms | {mib('1m'):.1f} MiB |")
print()
for s in ("10k", "100k", "1m"):
    e = r[s]["edit"]
    f = e["final_ms"]
    print(f"speech-{s}: {r[s]['chars']} chars, {e['diags_last']} diagnostics; edit p50 {f['p50']:.2f} "
          f"p95 {f['p95']:.2f} p99 {f['p99']:.2f} max {f['max']:.2f} ms; server CPU "
          f"{e['server_cpu_ms_per_edit']:.2f} ms/edit; open {opn(s):.1f} ms; initialize "
          f"{r[s]['initialize_ms']:.1f} ms; peak RSS {mib(s):.1f} MiB; status {r[s]['status']}")
PY
