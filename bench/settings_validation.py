#!/usr/bin/env python3
"""Issue 20: cost of validating a lectern.toml full of bad tables, with doubling sizes.

For N bad tables ([bogusI] with a key each: one "unknown key" error per table), prints:
  - `lectern check --config FILE draft.txt`: wall time (validation stops after 100 errors);
  - `lectern lsp` with the file as the workspace's lectern.toml: the time until `initialize`
    is answered, and until the log says which settings file is in force (the load runs off the
    protocol thread, so initialize does not wait for it).
Growth should be about linear (doubling N about doubles the time), not quadratic.
Prints times; asserts nothing.

    python3 bench/settings_validation.py [--bin target/release/lectern] [--sizes 10000,20000,40000,80000]
"""
import argparse, json, os, subprocess, sys, tempfile, time


def frame(msg):
    body = json.dumps(msg).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def read_msg(f):
    length = None
    while True:
        line = f.readline()
        if not line:
            return None
        if line in (b"\r\n", b"\n"):
            break
        k, _, v = line.decode().partition(":")
        if k.lower() == "content-length":
            length = int(v.strip())
    return json.loads(f.read(length))


def server_times(binary, root):
    p = subprocess.Popen([binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    t0 = time.perf_counter()
    p.stdin.write(frame({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                         "params": {"processId": None, "rootUri": "file://" + root, "capabilities": {}}}))
    p.stdin.flush()
    t_init = t_loaded = None
    while t_init is None or t_loaded is None:
        m = read_msg(p.stdout)
        if m is None:
            break
        if m.get("id") == 1 and "method" not in m:
            t_init = time.perf_counter() - t0
            p.stdin.write(frame({"jsonrpc": "2.0", "method": "initialized", "params": {}}))
            p.stdin.flush()
        if m.get("method") == "window/logMessage" and "settings file in force" in m["params"]["message"]:
            t_loaded = time.perf_counter() - t0
    p.stdin.write(frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}))
    p.stdin.write(frame({"jsonrpc": "2.0", "method": "exit"}))
    p.stdin.close()
    p.wait(timeout=30)
    return t_init, t_loaded


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/lectern")
    ap.add_argument("--sizes", default="10000,20000,40000,80000,160000")
    a = ap.parse_args()
    binary = os.path.abspath(a.bin)
    print(f"{'tables':>8} {'bytes':>10} {'check (s)':>10} {'lsp initialize (s)':>19} {'lsp settings loaded (s)':>24}")
    for n in [int(x) for x in a.sizes.split(",")]:
        with tempfile.TemporaryDirectory() as d:
            toml = os.path.join(d, "lectern.toml")
            with open(toml, "w") as f:
                for i in range(n):
                    f.write(f"[bogus{i}]\nx = 1\n")
            draft = os.path.join(d, "draft.txt")
            with open(draft, "w") as f:
                f.write("同志们：\n人口占总人口的%。\n")
            t0 = time.perf_counter()
            subprocess.run([binary, "check", "--config", toml, draft], capture_output=True)
            t_check = time.perf_counter() - t0
            t_init, t_loaded = server_times(binary, d)
            print(f"{n:>8} {os.path.getsize(toml):>10} {t_check:>10.3f} {t_init:>19.3f} {t_loaded:>24.3f}")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
