#!/usr/bin/env python3
"""Removal test for the numbering family: recall and precision on complete documents.

For each .txt file under DIR (complete, defect-free documents), remove one heading or
enumeration item chosen at random (fixed seed; only items that have a successor, since a
removed last item leaves no trace), run `lectern check --format json` on the results and
count, per run, whether a numbering finding lands between the removal point and the removed
item's successor (found) and which numbering findings land elsewhere (false).

Usage: numbering_removal.py --bin target/release/lectern [--runs N] [--seed S] DIR...
Prints recall (runs where the removal is found / runs) and precision (findings at the
removal / all numbering findings). Nothing is written outside a temporary folder.
"""
import argparse, json, random, re, subprocess, sys, tempfile
from pathlib import Path

CN = "一二三四五六七八九十"
HEADINGS = [
    ("cn", re.compile(r"^\s*([一二三四五六七八九十]{1,3})、")),
    ("pcn", re.compile(r"^\s*[（(]([一二三四五六七八九十]{1,3})[）)]")),
    ("ar", re.compile(r"^\s*(\d{1,2})[.．、](?!\d)")),
    ("par", re.compile(r"^\s*[（(](\d{1,2})[）)]")),
]
ENUM = re.compile(r"([一二三四五六七八九十]{1,2})是")


def cn_value(s):
    if s.isdigit():
        return int(s)
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + CN.index(s[1]) + 1
    if "十" in s:
        a, _, b = s.partition("十")
        return (CN.index(a) + 1) * 10 + ((CN.index(b) + 1) if b else 0)
    return CN.index(s) + 1 if len(s) == 1 and s in CN else None


def candidates(lines):
    """(kind, line, start, end, successor_line) for removable items."""
    heads = []
    for i, l in enumerate(lines):
        if "……" in l or "..." in l or "…………" in l:
            continue  # table of contents
        for kind, rx in HEADINGS:
            m = rx.match(l)
            if m:
                n = cn_value(m.group(1))
                if n:
                    heads.append((kind, n, i))
                break
    out = []
    for k, (kind, n, i) in enumerate(heads):
        for kind2, n2, j in heads[k + 1:]:
            if kind2 == kind and n2 == n + 1:
                # the successor must be the very next heading of that kind
                between = [h for h in heads if h[0] == kind and i < h[2] < j]
                if not between:
                    out.append(("heading", i, None, None, j))
                break
            if kind2 == kind and n2 <= n:
                break
    for i, l in enumerate(lines):
        ms = [m for m in ENUM.finditer(l) if cn_value(m.group(1))]
        for a, b in zip(ms, ms[1:]):
            if cn_value(b.group(1)) == cn_value(a.group(1)) + 1 and cn_value(a.group(1)) > 1:
                out.append(("enum", i, a.start(), b.start(), i))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("dirs", nargs="+")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    with tempfile.TemporaryDirectory() as tmp:
        cases = {}
        for d in a.dirs:
            for p in sorted(Path(d).rglob("*.txt")):
                lines = p.read_text(encoding="utf-8").split("\n")
                cands = candidates(lines)
                for r in range(a.runs):
                    if not cands:
                        break
                    kind, i, s, e, succ = rng.choice(cands)
                    new = list(lines)
                    if kind == "heading":
                        del new[i]
                        window = (i, succ - 1)  # 0-based lines in the new text
                    else:
                        new[i] = new[i][:s] + new[i][e:]
                        window = (i, i)
                    name = f"{len(cases):04d}_{p.stem}.txt"
                    (Path(tmp) / name).write_text("\n".join(new), encoding="utf-8")
                    cases[name] = (str(p), kind, window)
        res = subprocess.run([a.bin, "check", "--format", "json", tmp], capture_output=True, text=True)
        findings = [f for f in json.loads(res.stdout or "[]") if f.get("category") == "numbering"]
    found, true_f, false_f = set(), 0, 0
    for f in findings:
        name = Path(f["path"]).name
        src, kind, (lo, hi) = cases[name]
        line = f["line"] - 1
        if lo <= line <= hi:
            found.add(name)
            true_f += 1
        else:
            false_f += 1
            print(f"false: {src} (removed {kind} at {lo + 1}) {f['line']} {f['code']} {f['message'][:60]}", file=sys.stderr)
    for name, (src, kind, (lo, hi)) in sorted(cases.items()):
        if name not in found:
            print(f"missed: {src} {kind} at line {lo + 1}", file=sys.stderr)
    n = len(cases)
    total = true_f + false_f
    print(f"runs {n}  found {len(found)}  recall {len(found) / max(n, 1):.3f}  "
          f"findings {total}  at the removal {true_f}  precision {true_f / max(total, 1):.3f}")


if __name__ == "__main__":
    main()
