#!/usr/bin/env python3
"""Call set-up time, tgcalls <-> tgcalls against tgari's engine <-> tgcalls, on one network path.

Runs CALLS calls per pairing (tgpeer<->tgpeer, voip-peer caller<->tgpeer, tgpeer<->voip-peer callee)
and prints, per party, the time from the call's start to its `STATE Connected`.

What "the call's start" is, the same for every pairing: the first party is launched and waited for
until its call object exists (tgpeer: its `tgpeer version=` line, printed just before
`Meta::Create`; voip-peer: `STATE Connecting`, printed once the engine has begun), then the second
one likewise; the moment the second is ready is T0, and only then does this relay pass signaling
between them (what the first party emitted earlier is held until T0). A JVM's start-up (1 s or
more) is therefore outside the figure, as tgcalls' process start-up is; it is reported apart
(`jvm ms`: launch to `STATE Connecting`). Times are taken here, when a party's stderr line arrives.

Each party's stderr is kept in OUT_DIR, every line prefixed with milliseconds since T0, so the two
parties' logs read as one timeline. The script only runs parties; setup-time.sh builds the
namespaces, the TURN server and the reflector around it.
"""
import argparse
import os
import statistics
import subprocess
import sys
import threading
import time


class Party:
    def __init__(self, name, cmd, ready_marker, log_path):
        self.name = name
        self.cmd = cmd
        self.ready_marker = ready_marker
        self.log_path = log_path
        self.ready = threading.Event()
        self.connected = threading.Event()
        self.ready_at = None
        self.connected_at = None
        self.failed = None
        self.lines = []
        self.launched = None

    def launch(self):
        self.launched = time.monotonic()
        self.proc = subprocess.Popen(self.cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def watch_stderr(self, t0_holder):
        for raw in iter(self.proc.stderr.readline, b""):
            now = time.monotonic()
            line = raw.decode("utf-8", "replace").rstrip("\n")
            self.lines.append((now, line))
            if not self.ready.is_set() and self.ready_marker in line:
                self.ready_at = now
                self.ready.set()
            state = line.lower()
            if state.startswith("state connected") and self.connected_at is None:
                self.connected_at = now
                self.connected.set()
            if state.startswith("state failed") and self.failed is None:
                self.failed = line
                self.connected.set()


class Relay:
    """SIG lines from one party's stdout to the other's stdin, held until released."""

    def __init__(self):
        self.lock = threading.Lock()
        self.released = False
        self.held = {}

    def pump(self, src, dst):
        self.held[src.name] = []
        for raw in iter(src.proc.stdout.readline, b""):
            if not raw.startswith(b"SIG "):
                continue
            with self.lock:
                if not self.released:
                    self.held[src.name].append((dst, raw))
                    continue
            self.write(dst, raw)

    @staticmethod
    def write(dst, raw):
        try:
            dst.proc.stdin.write(raw)
            dst.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            pass

    def release(self):
        with self.lock:
            self.released = True
            for held in self.held.values():
                for dst, raw in held:
                    self.write(dst, raw)
                held.clear()


def run_call(first, second, timeout):
    """Launches first, then second once first is ready; returns T0 (both ready)."""
    relay = Relay()
    t0 = [None]
    threads = []
    first.launch()
    threads.append(threading.Thread(target=first.watch_stderr, args=(t0,), daemon=True))
    threads[-1].start()
    if not first.ready.wait(timeout):
        raise RuntimeError(first.name + " never became ready")
    second.launch()
    threads.append(threading.Thread(target=second.watch_stderr, args=(t0,), daemon=True))
    threads[-1].start()
    for src, dst in ((first, second), (second, first)):
        threading.Thread(target=relay.pump, args=(src, dst), daemon=True).start()
    if not second.ready.wait(timeout):
        raise RuntimeError(second.name + " never became ready")
    t0[0] = second.ready_at
    relay.release()
    deadline = time.monotonic() + timeout
    for p in (first, second):
        p.connected.wait(max(0.0, deadline - time.monotonic()))
    time.sleep(0.3)  # a little of the call after Connected, for the logs
    for p in (first, second):
        if p.proc.poll() is None:
            p.proc.terminate()
    for p in (first, second):
        try:
            p.proc.wait(5)
        except subprocess.TimeoutExpired:
            p.proc.kill()
            p.proc.wait()
    for th in threads:
        th.join(2)
    for p in (first, second):
        with open(p.log_path, "w") as f:
            f.write("# launched at %+.1f ms\n" % ((p.launched - t0[0]) * 1000))
            for at, line in p.lines:
                f.write("%+9.1f %s\n" % ((at - t0[0]) * 1000, line))
    return t0[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--path", required=True, help="label: p2p, turn, reflector")
    ap.add_argument("--calls", type=int, default=10)
    ap.add_argument("--tgpeer", required=True)
    ap.add_argument("--jar", required=True)
    ap.add_argument("--java", required=True)
    ap.add_argument("--ns-a", required=True)
    ap.add_argument("--ns-b", required=True)
    ap.add_argument("--host-a", required=True)
    ap.add_argument("--host-b", required=True)
    ap.add_argument("--servers", help="callServer JSON file for both parties")
    ap.add_argument("--p2p", action="store_true")
    ap.add_argument("--wav", required=True)
    ap.add_argument("--out-dir", required=True)
    ap.add_argument("--pairings", default="tg-tg,ours-tg,tg-ours")
    ap.add_argument("--java-opts", default="")
    ap.add_argument("--tg-log", default="info")
    a = ap.parse_args()
    key = "".join("%02x" % i for i in range(256))
    os.makedirs(a.out_dir, exist_ok=True)

    def common(outgoing):
        c = ["--version", "8.0.0", "--outgoing" if outgoing else "--incoming", "--key-hex", key, "--in", a.wav,
             "--out", os.path.join(a.out_dir, "heard-%s.wav" % ("a" if outgoing else "b")), "--seconds", "20"]
        if a.p2p:
            c.append("--allow-p2p")
        if a.servers:
            c += ["--servers", a.servers]
        return c

    def tg(outgoing, tag):
        ns = a.ns_a if outgoing else a.ns_b
        cmd = [a.tgpeer, "--ns", ns] + common(outgoing) + ["--log", a.tg_log]
        return Party("tgpeer-" + ("caller" if outgoing else "callee"), cmd, "tgpeer version=", os.path.join(a.out_dir, tag))

    def ours(outgoing, tag):
        ns = a.ns_a if outgoing else a.ns_b
        host = a.host_a if outgoing else a.host_b
        cmd = ["ip", "netns", "exec", ns, a.java] + a.java_opts.split() + ["-jar", a.jar, "voip-peer"] + common(outgoing) + ["--host", host]
        return Party("ours-" + ("caller" if outgoing else "callee"), cmd, "STATE connecting", os.path.join(a.out_dir, tag))

    results = {}  # (pairing, party) -> [ms]
    jvm = []
    for pairing in a.pairings.split(","):
        for i in range(a.calls):
            base = "%s-%s-%02d" % (a.path, pairing, i)
            if pairing == "tg-tg":
                caller, callee = tg(True, base + "-caller.log"), tg(False, base + "-callee.log")
                first, second = caller, callee
            elif pairing == "ours-tg":
                caller, callee = ours(True, base + "-caller.log"), tg(False, base + "-callee.log")
                first, second = caller, callee
            else:
                caller, callee = tg(True, base + "-caller.log"), ours(False, base + "-callee.log")
                first, second = callee, caller
            try:
                t0 = run_call(first, second, 60)
            except RuntimeError as e:  # a machine too loaded to start a party in time: that call counts as failed
                print("%-9s %-7s call %2d: %s" % (a.path, pairing, i, e), flush=True)
                for p in (first, second):
                    if getattr(p, "proc", None) is not None and p.proc.poll() is None:
                        p.proc.kill()
                for p in (caller, callee):
                    results.setdefault((pairing, p.name), []).append(None)
                continue
            row = []
            for p in (caller, callee):
                if p.name.startswith("ours") and p.ready_at is not None:
                    jvm.append((p.ready_at - p.launched) * 1000)
                ms = None if p.connected_at is None or p.failed else (p.connected_at - t0) * 1000
                results.setdefault((pairing, p.name), []).append(ms)
                row.append("%s %s" % (p.name, "FAILED" if ms is None else "%.0f ms" % ms))
            print("%-9s %-7s call %2d: %s" % (a.path, pairing, i, ", ".join(row)), flush=True)

    print()
    print("path %s, %d calls per pairing: ms from T0 (both call objects exist) to STATE Connected" % (a.path, a.calls))
    print("%-8s %-15s %6s %6s %6s %6s %s" % ("pairing", "party", "median", "min", "max", "ok", ""))
    for (pairing, name), vals in results.items():
        ok = [v for v in vals if v is not None]
        if ok:
            print("%-8s %-15s %6.0f %6.0f %6.0f %3d/%d" % (pairing, name, statistics.median(ok), min(ok), max(ok), len(ok), len(vals)))
        else:
            print("%-8s %-15s %6s %6s %6s %3d/%d" % (pairing, name, "-", "-", "-", 0, len(vals)))
    if jvm:
        print("voip-peer launch to STATE Connecting (JVM start-up, not in the figures above): median %.0f ms" % statistics.median(jvm))


if __name__ == "__main__":
    main()
