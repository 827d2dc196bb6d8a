/**
 * `isolation_check.py`, the program of every pod of the live isolation self-test
 * ({@link IsolationSelfTest}; what it does: its docstring), Python 3 standard library only (it
 * runs in the hub's image). Tested against listeners on loopback
 * (`test/charts/isolation-check-script*.test.ts`).
 * @internal
 */
export const ISOLATION_CHECK_SCRIPT = String.raw`"""The live isolation self-test of cdk8s-jupyterhub: one pod's part of it, read from a JSON file.

A pod is a prober (labelled as a user's server, a kernel or a Dask worker), a decoy (labelled as
what it stands for, listening on its ports) or an allowed peer (labelled as what may reach a
decoy, reaching it again and again). A prober first waits until every allowed peer proves its
decoys reachable, then tries what must work and what must fail, prints one PASS or FAIL line
each and exits 1 on any FAIL: a refused probe proves nothing unless the same listener was just
reached by a pod that may reach it, so a broken network cannot pass for isolation, and a
cluster that does not enforce NetworkPolicy fails (the forbidden probes connect). A target
outside the cluster (the cloud metadata endpoint) is proven by a pod no policy restricts: where
nothing answers there even for that pod, its line is SKIP (it proves nothing, and fails nothing).

Pods tell each other one thing, through readiness: a pod writes its ready file when its part
holds (a peer: its decoys answer; a prober: it passed), its readinessProbe reads the file, and
a headless Service that publishes only ready pods turns that into a DNS name, the one thing
every pod may look up. Python standard library only; every loop ends by the deadline, every
connection and lookup by a timeout.
"""

import json
import os
import socket
import sys
import threading
import time

BANNER = "isolation-check"


def log(line):
    print(line, flush=True)


class Clock:
    """Seconds since start, and the deadline."""

    def __init__(self, seconds):
        self.start = time.monotonic()
        self.end = self.start + seconds

    def left(self):
        return self.end - time.monotonic()


def resolve(host, timeout):
    """The IPv4 addresses of a name, [] when it does not resolve in time."""
    box = {}

    def run():
        try:
            infos = socket.getaddrinfo(host, None, socket.AF_INET, socket.SOCK_STREAM)
            box["addresses"] = sorted({info[4][0] for info in infos})
        except (OSError, UnicodeError):
            box["addresses"] = []

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout)
    return box.get("addresses", [])


def connect(host, port, timeout):
    """(socket, address) once connected, else (None, why not)."""
    addresses = resolve(host, timeout)
    if not addresses:
        return None, "the name %s does not resolve" % host
    try:
        return socket.create_connection((addresses[0], port), timeout=timeout), addresses[0]
    except socket.timeout:
        return None, "timed out"
    except ConnectionRefusedError:
        return None, "refused"
    except OSError as e:
        return None, e.strerror or str(e)


def read_line(sock, limit=512):
    data = b""
    while b"\n" not in data and len(data) < limit:
        chunk = sock.recv(limit)
        if not chunk:
            break
        data += chunk
    return data.split(b"\n", 1)[0].decode("utf-8", "replace").strip()


class Hellos:
    """When each peer last said hello on each port."""

    def __init__(self):
        self.lock = threading.Lock()
        self.seen = {}

    def add(self, port, sender):
        with self.lock:
            self.seen[(port, sender)] = time.monotonic()

    def fresh(self, port, sender, within):
        with self.lock:
            at = self.seen.get((port, sender))
        return at is not None and time.monotonic() - at <= within


def serve(port, role, hellos, stop, timeout):
    """A decoy's listener: answers its banner, then takes one 'hello <peer>' line."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("0.0.0.0", port))
    server.listen(16)
    server.settimeout(0.5)
    while not stop.is_set():
        try:
            conn, _ = server.accept()
        except socket.timeout:
            continue
        except OSError:
            break
        try:
            conn.settimeout(timeout)
            conn.sendall(("%s %s %d\n" % (BANNER, role, port)).encode())
            words = read_line(conn).split()
            if len(words) == 2 and words[0] == "hello":
                hellos.add(port, words[1])
        except OSError:
            pass
        finally:
            conn.close()
    server.close()


def probe(target, role, timeout):
    """Reaches a target as it is described: (reached, detail)."""
    sock, where = connect(target["host"], target.get("port", 0), timeout)
    if sock is None:
        return False, where
    try:
        sock.settimeout(timeout)
        kind = target.get("kind", "tcp")
        if kind == "decoy":
            banner = read_line(sock)
            expected = "%s %s %d" % (BANNER, target["decoy"], target["port"])
            if banner != expected:
                return False, "%s answered %r, not the decoy's %r" % (where, banner, expected)
            sock.sendall(("hello %s\n" % role).encode())
            return True, "%s answered as the decoy" % where
        if kind == "http":
            request = "GET %s HTTP/1.0\r\nHost: %s\r\nUser-Agent: %s\r\n\r\n" % (
                target.get("path", "/"),
                target["host"],
                BANNER,
            )
            sock.sendall(request.encode())
            status = read_line(sock).split()
            if len(status) < 2 or not status[0].startswith("HTTP/"):
                return False, "%s answered no HTTP status line" % where
            return True, "%s answered HTTP %s" % (where, status[1])
        return True, "connected to %s" % where
    except OSError as e:
        return False, "%s: %s" % (where, e.strerror or e)
    finally:
        sock.close()


def check(c, role, timing, proofs=()):
    """One line of the report: (passed, line); passed is None for a line that proves nothing here."""
    if c["kind"] == "dns":
        addresses = resolve(c["host"], timing["connect"])
        ok = bool(addresses) == (c["expect"] == "open")
        detail = "resolves to %s" % ", ".join(addresses) if addresses else "does not resolve"
        return ok, "%s %s: %s" % ("PASS" if ok else "FAIL", c["name"], detail)
    proof = c.get("provenBy")
    if proof and proof["host"] not in proofs:
        return None, "SKIP %s: not proven here (%s: not so in this cluster), so %s proves nothing" % (
            c["name"],
            proof["about"],
            "a connection" if c["expect"] == "open" else "no connection",
        )
    if c["expect"] == "open":
        reached, detail = probe(c, role, timing["connect"])
        return reached, "%s %s: %s" % ("PASS" if reached else "FAIL", c["name"], detail)
    sock, where = connect(c["host"], c["port"], timing["connect"])
    if sock is not None:
        sock.close()
        return False, "FAIL %s: connected to %s; the isolation does not hold (does this cluster enforce NetworkPolicy?)" % (
            c["name"],
            where,
        )
    if where.startswith("the name"):
        return False, "FAIL %s: nothing tried, %s" % (c["name"], where)
    return True, "PASS %s: no connection (%s)" % (c["name"], where)


class Peer:
    """Reaches the decoys again and again; ready while they all answer and every awaited hello is fresh."""

    def __init__(self, cfg, role, hellos, timing, on_ready):
        self.targets = cfg.get("peers", [])
        self.awaited = [(int(p), s) for p, senders in cfg.get("awaitHellos", {}).items() for s in senders]
        self.role, self.hellos, self.timing, self.on_ready = role, hellos, timing, on_ready
        self.state = {}

    def round(self):
        ok = True
        for t in self.targets:
            reached, detail = probe(t, self.role, self.timing["connect"])
            if self.state.get(t["name"]) != (reached, detail):
                log("%s %s: %s" % ("reached" if reached else "not reached", t["name"], detail))
                self.state[t["name"]] = (reached, detail)
            ok = ok and reached
        for port, sender in self.awaited:
            fresh = self.hellos.fresh(port, sender, self.timing["helloFresh"])
            key = "hello %s %d" % (sender, port)
            if self.state.get(key) != fresh:
                log("%s hello from %s on port %d" % ("a" if fresh else "no fresh", sender, port))
                self.state[key] = fresh
            ok = ok and fresh
        self.on_ready(ok)

    def run(self, stop):
        while not stop.is_set():
            self.round()
            stop.wait(self.timing["period"])


def wait_proofs(checks, clock, timing):
    """The optional proofs (a target outside the cluster, reachable for a pod no policy restricts)
    that hold within proofWait seconds: a check whose proof does not hold is skipped."""
    hosts = sorted({c["provenBy"]["host"] for c in checks if c.get("provenBy")})
    until = time.monotonic() + timing["proofWait"]
    held = set()
    while hosts:
        held |= {h for h in hosts if h not in held and resolve(h, timing["connect"])}
        if len(held) == len(hosts) or time.monotonic() >= until or clock.left() <= 0:
            return held
        time.sleep(timing["period"])
    return held


def wait_gates(gates, clock, until, timing):
    """The gates that opened (their names resolve) before 'until' seconds are left."""
    opened = set()
    while True:
        for g in gates:
            if g["host"] not in opened and resolve(g["host"], timing["connect"]):
                opened.add(g["host"])
        if len(opened) == len(gates) or clock.left() <= until:
            return opened
        time.sleep(timing["period"])


class Results(threading.Thread):
    """Watches the other probers from the start: one passed once its ready name resolved; one
    failed once its pod was seen running and then gone without that."""

    def __init__(self, results, timing, stop):
        super().__init__(daemon=True)
        self.results, self.timing, self.stop = results, timing, stop
        self.passed, self.seen, self.failed = set(), set(), set()

    def run(self):
        while not self.stop.is_set():
            for r in self.results:
                name = r["name"]
                if name in self.passed or name in self.failed:
                    continue
                if resolve(r["ready"], self.timing["connect"]):
                    self.passed.add(name)
                elif resolve(r["alive"], self.timing["connect"]):
                    self.seen.add(name)
                elif name in self.seen:
                    self.failed.add(name)
            self.stop.wait(self.timing["period"])

    def lines(self, clock, until):
        """A line per prober, once each passed or failed, or when only 'until' seconds are left."""
        done = lambda: all(r["name"] in self.passed or r["name"] in self.failed for r in self.results)
        while not done() and clock.left() > until:
            time.sleep(self.timing["period"])
        out = []
        for r in self.results:
            name, logs = r["name"], r["logs"]
            if name in self.passed:
                out.append((True, "PASS %s: it passed (its lines: %s)" % (name, logs)))
            elif name in self.failed:
                out.append((False, "FAIL %s: it ended without passing (its lines: %s)" % (name, logs)))
            else:
                out.append((False, "FAIL %s: no result in time (its lines: %s)" % (name, logs)))
        return out


def run_prober(cfg, role, clock, timing, stop):
    """The probes of a prober, in order; returns the exit code."""
    lines = []
    results = Results(cfg.get("results", []), timing, stop)
    results.start()
    gates = cfg.get("gates", [])
    log("%s %s: waiting for %d allowed peer(s) to prove their decoys reachable" % (BANNER, role, len(gates)))
    opened = wait_gates(gates, clock, cfg["gateReserveSeconds"], timing)
    for g in gates:
        ok = g["host"] in opened
        detail = "proven" if ok else "never proven in time (see that peer's log)"
        lines.append((ok, "%s allowed first: %s: %s" % ("PASS" if ok else "FAIL", g["about"], detail)))
    if len(opened) == len(gates):
        proofs = wait_proofs(cfg.get("checks", []), clock, timing)
        for c in cfg.get("checks", []):
            lines.append(check(c, role, timing, proofs))
            log(lines[-1][1])
        for g in gates:
            if not resolve(g["host"], timing["connect"]):
                lines.append((False, "FAIL allowed first: %s: no longer proven after the probes" % g["about"]))
    else:
        lines.append((False, "FAIL probes: not run, a refused probe proves nothing until every decoy is proven reachable"))
    if results.results:
        lines.extend(results.lines(clock, cfg.get("resultReserveSeconds", 0)))
    failed = sum(1 for ok, _ in lines if ok is False)
    skipped = sum(1 for ok, _ in lines if ok is None)
    log("--- %s %s ---" % (BANNER, role))
    for _, line in lines:
        log(line)
    log(
        "RESULT %s: %d of %d checks failed%s"
        % ("FAIL" if failed else "PASS", failed, len(lines) - skipped, " (%d skipped)" % skipped if skipped else "")
    )
    return 1 if failed else 0


def linger(host, clock, timing, passed):
    """Runs on until the main prober's pod came and went (its name resolved, then no longer), or
    the deadline. A prober that failed ends sooner, once the main prober has run for a while:
    its pod's end is the main prober's sign that it failed, and it must have seen it running."""
    seen_at = None
    while clock.left() > 0:
        alive = bool(resolve(host, timing["connect"]))
        if seen_at is not None and not alive:
            return
        if alive and seen_at is None:
            seen_at = time.monotonic()
        if not passed and seen_at is not None and time.monotonic() - seen_at >= timing["failLinger"]:
            return
        time.sleep(timing["period"])


def set_ready(path, ready):
    if ready:
        with open(path, "w") as f:
            f.write("ready\n")
    elif os.path.exists(path):
        os.remove(path)


def main(argv):
    with open(argv[1]) as f:
        cfg = json.load(f)
    role = cfg["role"]
    timing = {
        "connect": cfg.get("connectTimeoutSeconds", 3),
        "period": cfg.get("periodSeconds", 2),
        "helloFresh": cfg.get("helloFreshSeconds", 20),
        "failLinger": cfg.get("failLingerSeconds", 30),
        "proofWait": cfg.get("proofWaitSeconds", 30),
    }
    clock = Clock(cfg["deadlineSeconds"])
    ready_file = cfg["readyFile"]
    set_ready(ready_file, False)
    stop = threading.Event()
    hellos = Hellos()
    threads = [
        threading.Thread(target=serve, args=(int(p), role, hellos, stop, timing["connect"]), daemon=True)
        for p in cfg.get("listen", [])
    ]
    ready_when = cfg.get("readyWhen", "never")
    peer = Peer(cfg, role, hellos, timing, lambda ok: set_ready(ready_file, ok and ready_when == "peers"))
    if peer.targets or peer.awaited:
        threads.append(threading.Thread(target=peer.run, args=(stop,), daemon=True))
    for t in threads:
        t.start()
    code = 0
    if "checks" in cfg:
        code = run_prober(cfg, role, clock, timing, stop)
        set_ready(ready_file, code == 0 and ready_when == "verdict")
    if cfg.get("until"):
        linger(cfg["until"], clock, timing, code == 0)
    stop.set()
    for t in threads:
        t.join(timing["connect"] + 1)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv))
`;
