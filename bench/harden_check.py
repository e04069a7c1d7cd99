#!/usr/bin/env python3
"""Re-checks every "What it must show" item of issue 20 (and the smaller defects 12-16) against
the release binary, printing PASS/FAIL with numbers (seconds, peak resident memory).

    cargo build --release
    python3 bench/harden_check.py                 # everything, the 50 MB --fix included
    python3 bench/harden_check.py --quick         # without the 50 MB runs
    python3 bench/harden_check.py --bin PATH      # another binary

Slow and timing-based, so not part of `cargo test` (the deterministic tests of the same
behaviour are in tests/lsp_abuse.rs, tests/lsp_config.rs, tests/settings_discovery.rs,
tests/cli_safety.rs and the unit tests). Peak memory is the child's VmHWM (server) or
ru_maxrss (command line). Some items need root (owner kept) and are skipped otherwise.
Standard library only.
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import queue
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
RESULTS: list[tuple[bool, str, str]] = []


def report(ok: bool, item: str, detail: str = "") -> None:
    RESULTS.append((ok, item, detail))
    print(f"{'PASS' if ok else 'FAIL'}  {item}{'  — ' + detail if detail else ''}", flush=True)


def frame(msg: dict) -> bytes:
    body = json.dumps(msg, ensure_ascii=False).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class Server:
    """`lectern lsp` with a reader thread collecting every message it sends."""

    def __init__(self, binary: str, cwd: str | None = None):
        self.p = subprocess.Popen([binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, cwd=cwd)
        self.q: queue.Queue = queue.Queue()
        self.seen: list[dict] = []
        self.next_id = 1
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        out = self.p.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.q.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            body = out.read(length or 0)
            try:
                self.q.put(json.loads(body))
            except ValueError:
                pass

    def raw(self, data: bytes) -> None:
        self.p.stdin.write(data)
        self.p.stdin.flush()

    def send(self, msg: dict) -> None:
        self.raw(frame(msg))

    def notify(self, method: str, params: dict) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request_async(self, method: str, params) -> int:
        i = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": i, "method": method, "params": params})
        return i

    def wait(self, pred, timeout: float):
        """The first message (seen or to come) matching `pred`, or None after `timeout` s."""
        for m in self.seen:
            if pred(m):
                return m
        end = time.time() + timeout
        while time.time() < end:
            try:
                m = self.q.get(timeout=max(0.01, end - time.time()))
            except queue.Empty:
                break
            if m is None:
                return None
            self.seen.append(m)
            if pred(m):
                return m
        return None

    def answer(self, i: int, timeout: float):
        return self.wait(lambda m: m.get("id") == i and ("result" in m or "error" in m), timeout)

    def request(self, method: str, params, timeout: float = 10.0):
        t = time.time()
        m = self.answer(self.request_async(method, params), timeout)
        return m, time.time() - t

    def initialize(self, root: str | None = None, timeout: float = 10.0):
        params = {"processId": None, "capabilities": {"workspace": {"configuration": False}}}
        if root:
            params["rootUri"] = pathlib.Path(root).as_uri()
            params["workspaceFolders"] = [{"uri": pathlib.Path(root).as_uri(), "name": "w"}]
        m, secs = self.request("initialize", params, timeout)
        if m is not None:
            self.notify("initialized", {})
        return m, secs

    def logs(self) -> list[str]:
        self.wait(lambda m: False, 0.05)
        return [m["params"]["message"] for m in self.seen if m.get("method") == "window/logMessage"]

    def status_kib(self, field: str) -> int:
        """A memory field of /proc/PID/status (VmHWM, VmRSS) in KiB, or -1."""
        try:
            for line in open(f"/proc/{self.p.pid}/status"):
                if line.startswith(field + ":"):
                    return int(line.split()[1])
        except OSError:
            pass
        return -1

    def peak_kib(self) -> int:
        return self.status_kib("VmHWM")

    def rss_kib(self) -> int:
        return self.status_kib("VmRSS")

    def close(self) -> None:
        try:
            self.request("shutdown", None, 2)
            self.notify("exit", None)
            self.p.wait(timeout=3)
        except Exception:
            pass
        if self.p.poll() is None:
            self.p.kill()
            self.p.wait()


def run(args: list[str], cwd=None, inp: bytes | None = None, timeout: float = 600):
    """Runs the binary; returns (exit code, stdout, stderr, seconds, peak resident KiB), the peak
    measured by /usr/bin/time (-1 without it)."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        timer = ["/usr/bin/time", "-q", "-f", "%M", "-o", rss.name] if os.path.exists("/usr/bin/time") else []
        t = time.time()
        p = subprocess.run(timer + args, cwd=cwd, input=inp, capture_output=True, timeout=timeout)
        secs = time.time() - t
        try:
            peak = int(open(rss.name).read().split()[-1])
        except (OSError, ValueError, IndexError):
            peak = -1
    return p.returncode, p.stdout, p.stderr, secs, peak


# ---------------------------------------------------------------------------------------------
def check_framing(binary: str) -> None:
    notif = b'{"jsonrpc":"2.0","method":"initialized","params":{}}'
    cases = [
        ("Content-Length 2^40", b"Content-Length: 1099511627776\r\n\r\n{\"jsonrpc\":"),
        ("Content-Length 2^63", b"Content-Length: 9223372036854775808\r\n\r\n{\"a\""),
        ("Content-Length 3e9, 10-byte body", b"Content-Length: 3000000000\r\n\r\n0123456789"),
        ("non-UTF-8 header", b"Content-Length: 5\xff\xfe\r\n\r\n{\"a\"}"),
        ("binary header line", b"\xff\xfe\x00garbage\r\n\r\n"),
        ("negative length", b"Content-Length: -5\r\n\r\n" + notif),
        ("non-numeric length", b"Content-Length: ten\r\n\r\n" + notif),
        ("missing length", b"Content-Type: application/json\r\n\r\n" + notif),
        ("too-short length", b"Content-Length: 5\r\n\r\n" + notif),
        ("too-long length under the cap (60 MB declared)", b"Content-Length: 60000000\r\n\r\n" + notif),
    ]
    for depth in (127, 1000, 100_000):
        nested = "[" * depth + "]" * depth
        body = ('{"jsonrpc":"2.0","id":99999,"method":"textDocument/hover","params":%s}' % nested).encode()
        cases.append((f"params nested {depth} deep", b"Content-Length: %d\r\n\r\n" % len(body) + body))
    for name, data in cases:
        s = Server(binary)
        try:
            init, _ = s.initialize()
            s.raw(data)
            m, secs = s.request("textDocument/documentSymbol",
                                {"textDocument": {"uri": "file:///tmp/never-opened.txt"}}, 10)
            alive = s.p.poll() is None
            peak = s.peak_kib()
            ok = init is not None and m is not None and alive and 0 < peak < 100 * 1024
            report(ok, f"framing: {name}, then a valid request",
                   f"answered={m is not None} in {secs:.2f} s, alive={alive}, peak RSS {peak / 1024:.1f} MB")
        finally:
            s.close()


def check_settings_files(binary: str) -> None:
    for kind in ("fifo", "/dev/stdin", "/dev/zero"):
        # With a workspace root whose lectern.toml is hostile.
        with tempfile.TemporaryDirectory() as d:
            cfg = os.path.join(d, "lectern.toml")
            if kind == "fifo":
                os.mkfifo(cfg)
            else:
                os.symlink(kind, cfg)
            draft = os.path.join(d, "a.txt")
            pathlib.Path(draft).write_text("我国共有个民族,占%。\n", encoding="utf-8")
            s = Server(binary, cwd=d)
            try:
                init, t_init = s.initialize(root=d, timeout=5)
                uri = pathlib.Path(draft).as_uri()
                s.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "plaintext",
                                                                    "version": 1, "text": "我国共有个民族,占%。\n"}})
                ca, t_ca = s.request("textDocument/codeAction", {
                    "textDocument": {"uri": uri},
                    "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 5}},
                    "context": {"diagnostics": []}}, 5)
                s.wait(lambda m: m.get("method") == "window/logMessage" and "settings file in force" in
                       m["params"]["message"], 3)
                logs = [l for l in s.logs() if "settings file in force" in l]
                ignored = any("ignored" in l for l in logs)
                ok = init is not None and t_init < 1 and ca is not None and t_ca < 1 and ignored
                report(ok, f"settings file {kind} at the workspace root",
                       f"initialize {t_init:.2f} s, codeAction {t_ca:.2f} s, log: {logs[-1] if logs else 'none'}")
            finally:
                s.close()
        # With no root: the same file next to the document; codeAction four times.
        with tempfile.TemporaryDirectory() as d:
            cfg = os.path.join(d, "lectern.toml")
            if kind == "fifo":
                os.mkfifo(cfg)
            else:
                os.symlink(kind, cfg)
            draft = os.path.join(d, "a.txt")
            s = Server(binary, cwd=d)
            try:
                init, t_init = s.initialize(root=None, timeout=5)
                uri = pathlib.Path(draft).as_uri()
                s.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "plaintext",
                                                                    "version": 1, "text": "我国共有个民族,占%。\n"}})
                times = []
                for _ in range(5):
                    ca, t_ca = s.request("textDocument/codeAction", {
                        "textDocument": {"uri": uri},
                        "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 5}},
                        "context": {"diagnostics": []}}, 5)
                    times.append(t_ca if ca is not None else 99)
                ok = init is not None and t_init < 1 and max(times) < 1
                report(ok, f"settings file {kind} next to a document, no root",
                       f"initialize {t_init:.2f} s, 5 codeActions, slowest {max(times):.2f} s")
            finally:
                s.close()


def make_big(kind: str, mb: float, path: str) -> None:
    if kind == "speech":
        size_chars = int(mb * 1048576 / 2.73)
        with tempfile.TemporaryDirectory() as d:
            subprocess.run([sys.executable, "/work/shared/bench/make_docs.py", "--out", d,
                            "--sizes", str(size_chars)], check=True, capture_output=True)
            shutil.move(os.path.join(d, f"speech-{size_chars}.txt"), path)
    else:
        seed = (ROOT / "examples" / "scraped-speech.txt").read_text(encoding="utf-8")
        n = int(mb * 1048576) // len(seed.encode()) + 1
        pathlib.Path(path).write_text(seed * n, encoding="utf-8")


def check_big_fix(binary: str, quick: bool) -> None:
    if quick:
        print("SKIP  --fix on 50 MB drafts (--quick)")
        return
    load = os.getloadavg()
    for kind in ("speech", "dense"):
        with tempfile.TemporaryDirectory() as d:
            pathlib.Path(d, "lectern.toml").write_text("max_document_size = 209715200\n")
            rows = []
            for mb in (12.5, 25, 50):
                draft = os.path.join(d, "d.txt")
                make_big(kind, mb, draft)
                code, _, err, secs, peak = run([binary, "check", "--fix", "--quiet", draft], cwd=d)
                again = True
                if mb == 50:
                    fixed = pathlib.Path(draft).read_bytes()
                    run([binary, "check", "--fix", "--quiet", draft], cwd=d)
                    again = pathlib.Path(draft).read_bytes() == fixed
                rows.append((mb, secs, peak, again, code))
            line = ", ".join(f"{mb} MB {s:.1f} s {p / 1024:.0f} MB" for mb, s, p, _, _ in rows)
            mb, secs, peak, again, _ = rows[-1]
            ratio = rows[-1][1] / max(rows[-2][1], 1e-9)
            report(secs < 20 and peak < 1024 * 1024 and again,
                   f"--fix on a 50 MB {kind} draft under 20 s and 1 GB, a fixed point",
                   f"{line}; 25→50 MB ×{ratio:.2f}; second run changes nothing: {again}; "
                   f"load average before {load[0]:.1f}")


def check_fix_safety(binary: str) -> None:
    text = "上一篇:在全市会议上的讲话\n今天,我们开会。\n"
    with tempfile.TemporaryDirectory() as d:
        os.chmod(d, 0o755)
        # owner, group and mode kept
        f = os.path.join(d, "owned.txt")
        pathlib.Path(f).write_text(text, encoding="utf-8")
        os.chmod(f, 0o600)
        if os.geteuid() == 0:
            os.chown(f, 4242, 4343)
            code, _, err, _, _ = run([binary, "check", "--fix", f])
            st = os.stat(f)
            ok = (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (4242, 4343, 0o600) and \
                "上一篇" not in pathlib.Path(f).read_text(encoding="utf-8")
            report(ok, "--fix as root keeps another user's owner, group and mode",
                   f"uid {st.st_uid} gid {st.st_gid} mode {oct(stat.S_IMODE(st.st_mode))}")
        else:
            print("SKIP  owner kept (needs root)")
        # read-only refused
        f = os.path.join(d, "ro.txt")
        pathlib.Path(f).write_text(text, encoding="utf-8")
        os.chmod(f, 0o444)
        code, _, err, _, _ = run([binary, "check", "--fix", f])
        unchanged = pathlib.Path(f).read_text(encoding="utf-8") == text
        report(code == 2 and unchanged, "--fix refuses a read-only file",
               f"exit {code}, unchanged {unchanged}: {err.decode(errors='replace').strip()[:90]}")
        # hard links kept
        f = os.path.join(d, "linked.txt")
        g = os.path.join(d, "other-name.txt")
        pathlib.Path(f).write_text(text, encoding="utf-8")
        os.link(f, g)
        ino = os.stat(f).st_ino
        code, _, _, _, _ = run([binary, "check", "--fix", f])
        ok = os.stat(f).st_ino == ino and os.stat(f).st_nlink == 2 and \
            pathlib.Path(g).read_text(encoding="utf-8") == pathlib.Path(f).read_text(encoding="utf-8") != text
        report(ok, "--fix keeps a hard link (same inode, the other name sees the fix)",
               f"inode kept {os.stat(f).st_ino == ino}, links {os.stat(f).st_nlink}")
        # appended during the run refused
        f = os.path.join(d, "grow.txt")
        pathlib.Path(d, "lectern.toml").write_text("max_document_size = 209715200\n")
        make_big("dense", 12, f)
        size = os.path.getsize(f)
        p = subprocess.Popen([binary, "check", "--fix", "--quiet", f], stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, cwd=d)
        # wait until the draft has been read, then append a line
        end = time.time() + 60
        while time.time() < end and p.poll() is None:
            try:
                io = dict(l.split(":") for l in open(f"/proc/{p.pid}/io").read().splitlines())
                if int(io["rchar"]) >= size:
                    break
            except (OSError, KeyError, ValueError):
                pass
            time.sleep(0.01)
        with open(f, "a", encoding="utf-8") as h:
            h.write("追加的一行。\n")
        _, err = p.communicate(timeout=300)
        kept = pathlib.Path(f).read_text(encoding="utf-8").endswith("追加的一行。\n")
        report(p.returncode == 2 and kept, "--fix refuses a draft appended to during the run",
               f"exit {p.returncode}, appended line kept {kept}: {err.decode(errors='replace').strip()[:80]}")
        # SIGINT while fixing: no temporary file left, the draft whole
        f = os.path.join(d, "sig.txt")
        make_big("dense", 12, f)
        before = pathlib.Path(f).read_bytes()
        p = subprocess.Popen([binary, "check", "--fix", "--quiet", f], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, cwd=d)
        time.sleep(1.0)
        p.send_signal(signal.SIGINT)
        p.wait(timeout=60)
        temps = [n for n in os.listdir(d) if ".lectern-" in n and n.endswith(".tmp")]
        after = pathlib.Path(f).read_bytes()
        whole = after == before or b"\xe4\xb8\x8a\xe4\xb8\x80\xe7\xaf\x87:" not in after[:4096]
        report(not temps and whole, "SIGINT during --fix leaves no temporary file (defect 15)",
               f"exit {p.returncode}, temporary files {temps}, draft whole {whole}")


def check_discovery(binary: str) -> None:
    draft_text = "上一篇:在全市会议上的讲话\n今天,我们开会。\n我国共有个民族。\n"
    with tempfile.TemporaryDirectory() as top:
        pathlib.Path(top, "lectern.toml").write_text('[[boilerplate.patterns]]\nregex = ".+"\n')
        repo = os.path.join(top, "repo")
        os.makedirs(os.path.join(repo, ".git"))
        os.makedirs(os.path.join(repo, "drafts"))
        f = os.path.join(repo, "drafts", "a.txt")
        pathlib.Path(f).write_text(draft_text, encoding="utf-8")
        code, out, _, _, _ = run([binary, "check", "--format", "json", f], cwd=repo)
        codes = {x["code"] for x in json.loads(out or b"[]")}
        report("LEC308" not in codes, "a lectern.toml above the repository root does not apply",
               f"codes found: {sorted(codes)}")
        # inside the repository, a match-everything pattern: plain --fix deletes nothing of it
        pathlib.Path(repo, "lectern.toml").write_text('[[boilerplate.patterns]]\nregex = ".+"\n')
        code, _, err, _, _ = run([binary, "check", "--fix", f], cwd=repo)
        after = pathlib.Path(f).read_text(encoding="utf-8")
        # the built-in 上一篇 line may go; the speech's own lines stay
        ok = all(x in after.replace("，", ",") for x in ("今天,我们开会。", "我国共有个民族。"))
        report(ok, 'regex = ".+" deletes nothing with plain --fix', f"after: {after!r}")


def check_smaller(binary: str) -> None:
    # 12: project-file quick fixes only for local documents inside the workspace
    with tempfile.TemporaryDirectory() as d:
        s = Server(binary, cwd=d)
        try:
            s.initialize(root=None)
            bad = []
            for uri in ("http://example.com/a.txt", "file://otherhost/etc/x.txt"):
                s.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "plaintext",
                                                                    "version": 1, "text": "我国共有个民族。\n"}})
                ca, _ = s.request("textDocument/codeAction", {
                    "textDocument": {"uri": uri},
                    "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 8}},
                    "context": {"diagnostics": []}}, 5)
                for a in (ca or {}).get("result") or []:
                    for target in ((a.get("edit") or {}).get("changes") or {}):
                        if target.endswith("lectern.toml"):
                            bad.append((uri, target))
                    for dc in (a.get("edit") or {}).get("documentChanges") or []:
                        t = (dc.get("textDocument") or {}).get("uri", "") or dc.get("uri", "")
                        if t.endswith("lectern.toml"):
                            bad.append((uri, t))
            report(not bad, "12: no lectern.toml action for http: or file://otherhost documents",
                   f"actions writing lectern.toml: {bad}")
        finally:
            s.close()
    # 13: texts of refused opens are freed
    s = Server(binary)
    try:
        s.initialize()
        text = "今天，我们开会。" * (10 * 1024 * 1024 // 24)
        for k in range(20):
            s.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
                "uri": f"file:///tmp/big{k}.txt", "languageId": "plaintext", "version": "x", "text": text}}})
        m, _ = s.request("textDocument/documentSymbol", {"textDocument": {"uri": "file:///tmp/none.txt"}}, 60)
        time.sleep(0.5)
        rss = s.rss_kib()
        report(m is not None and 0 < rss < 100 * 1024, "13: 20 refused 10 MB didOpens are freed",
               f"RSS afterwards {rss / 1024:.1f} MB, peak {s.peak_kib() / 1024:.1f} MB")
    finally:
        s.close()
    # 14: config discovery like check; a missing path; max_document_size honoured
    with tempfile.TemporaryDirectory() as d:
        pathlib.Path(d, "lectern.toml").write_text("speaking_rate = 199\n")
        pathlib.Path(d, "e.txt").write_text("今天开会。\n", encoding="utf-8")
        code, out, _, _, _ = run([binary, "config", "e.txt"], cwd=d)
        report(b"199" in out, "14: `lectern config e.txt` uses ./lectern.toml", f"exit {code}")
        code, _, err, _, _ = run([binary, "config", "/nonexistent"], cwd=d)
        report(code != 0, "14: `lectern config /nonexistent` fails", f"exit {code}: {err.decode().strip()[:60]}")
        big = os.path.join(d, "big.txt")
        make_big("dense", 50, big)
        pathlib.Path(d, "lectern.toml").write_text("")
        code, out, err, secs, peak = run([binary, "check", big], cwd=d)
        report(secs < 5 and peak < 200 * 1024 and ("过大" in err.decode() or "too large" in err.decode()),
               "14: the CLI honours max_document_size (a 50 MB draft)",
               f"{secs:.2f} s, peak {peak / 1024:.0f} MB: {err.decode().strip()[:70]}")
    # 16: escapes shown escaped; FIFO path message; symlinked drafts named; target_minutes = inf
    with tempfile.TemporaryDirectory() as d:
        f = os.path.join(d, "esc.txt")
        pathlib.Path(f).write_text("今天\x1b[31m开会,我们共有个民族。\n", encoding="utf-8")
        code, out, _, _, _ = run([binary, "check", f], cwd=d)
        report(b"\x1b" not in out and b"\\u{1b}" in out, "16: terminal escapes shown escaped", "")
        fifo = os.path.join(d, "pipe.txt")
        os.mkfifo(fifo)
        code, _, err, secs, _ = run([binary, "check", fifo], cwd=d, timeout=10)
        e = err.decode()
        report("Not a directory" not in e and ("FIFO" in e or "管道" in e) and secs < 2,
               "16: a FIFO draft is named as such, not read", e.strip()[:80])
        os.remove(fifo)
        sub = os.path.join(d, "walk")
        os.makedirs(sub)
        pathlib.Path(sub, "real.txt").write_text("今天开会。\n", encoding="utf-8")
        os.symlink(os.path.join(sub, "real.txt"), os.path.join(sub, "link.txt"))
        code, _, err, _, _ = run([binary, "check", sub], cwd=d)
        report("link.txt" in err.decode(), "16: a folder walk names the symlinked draft it skips",
               err.decode().strip()[:80])
        pathlib.Path(d, "lectern.toml").write_text("target_minutes = inf\n")
        code, _, err, _, _ = run([binary, "check", f], cwd=d)
        report(code == 2, "16: target_minutes = inf is an error", err.decode().strip()[:80])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=str(ROOT / "target" / "release" / "lectern"))
    ap.add_argument("--quick", action="store_true", help="skip the 50 MB --fix runs")
    a = ap.parse_args()
    print(f"binary {a.bin}; load average {os.getloadavg()[0]:.1f}; {os.cpu_count()} CPUs")
    check_framing(a.bin)
    check_settings_files(a.bin)
    check_fix_safety(a.bin)
    check_discovery(a.bin)
    check_smaller(a.bin)
    check_big_fix(a.bin, a.quick)
    failed = [r for r in RESULTS if not r[0]]
    print(f"\n{len(RESULTS) - len(failed)} passed, {len(failed)} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
