#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Turns the logs of bench/run-bench.sh into the noise table and plot data.

usage: bench/analyze.py OUTDIR CONFIG...

Each CONFIG names OUTDIR/raw/CONFIG.log, the output of one emulated
machine under `-icount shift=0,sleep=off` (one instruction = one TSC
cycle = 1 ns of virtual time, one clock shared by every vCPU). A log holds
sections

    @@ selfish ROLE        (ROLE: measured or probe)
    ... selfish's output, with its --csv file printed after it ...
    @@ end
    @@ kv KEY VALUE        (any other figure: VM exits, times)

Removing the round-robin artifact. QEMU runs the vCPUs of an icount
machine one at a time, in turns, on one clock: while one vCPU runs, the
clock advances for all, so each vCPU's selfish loop sees the others'
turns as detours. Every vCPU that is not measured runs a probe (selfish
pinned to it), so that at every instant of the window some thread is
either making progress in its loop or not; the instants when no thread
progresses are the machine's real OS noise (interrupt handlers, kernel
threads, VM exits, on some vCPU). Each such gap is charged to the vCPU
whose thread resumes right after it: a vCPU takes the interrupts that
arrived during others' turns at the start of its own turn, and an event
inside its turn is followed by its own loop again. A gap with the same
thread on both sides is unambiguous ("own"); one between two different
threads ("switch") is charged to the later one and counted apart.
Detours of a measured thread that are not charged to it are the artifact.
"""
import os
import re
import sys

TSC_HZ = 1e9  # icount shift=0: one instruction per nanosecond


class Thread:
    def __init__(self, role, index, cpu):
        self.role = role
        self.index = index
        self.cpu = cpu
        self.begin = self.end = None
        self.threshold = None
        self.events = None
        self.detours = []  # (start_tsc, cycles)
        self.own = []  # net detours: (start_tsc, cycles, kind)


def parse_log(path):
    """The selfish threads, the figures (kv) before the first app or cost
    section, and the lines (for parse_apps and parse_cost)."""
    threads, kv = [], {}
    role, section, tail = None, [], False
    with open(path, errors="replace") as f:
        lines = [l.rstrip("\r\n") for l in f]
    for line in lines:
        m = re.match(r"^@@ (\w+)\s*(.*)$", line)
        if m and m.group(1) in ("app", "cost"):
            tail = True
        if m and m.group(1) == "kv":
            if tail and not m.group(2).startswith("tsc_hz"):
                continue
            k, _, v = m.group(2).partition(" ")
            kv[k] = v.strip()
            continue
        if m and m.group(1) == "selfish":
            role, section = m.group(2).strip(), []
            continue
        if m and m.group(1) == "end" and role:
            threads += parse_selfish(role, section)
            role = None
            continue
        if role:
            section.append(line)
    return threads, kv, lines


def parse_apps(lines, hz):
    """STREAM Triad best rate (MB/s) and minimum time, HPCCG/phpccg total
    time and MFLOPS, per "@@ app WHERE NAME" section. Times in the
    machine's seconds (virtual under icount)."""
    rows, cur = [], None
    for line in lines:
        m = re.match(r"^@@ app (\S+)(?: (\S+))?$", line)
        if m:
            cur = None if m.group(1) == "end" else {
                "where": m.group(1), "app": m.group(2)}
            if cur:
                rows.append(cur)
            continue
        if not cur:
            continue
        m = re.match(r"^Triad:\s+([0-9.]+)\s+([0-9.]+)\s+([0-9.]+)", line)
        if m:
            cur["rate"], cur["time"] = float(m.group(1)), float(m.group(3))
        m = re.match(r"^ Total\s*:\s*([0-9.e+-]+) s$", line)
        if m and "time" not in cur:
            cur["time"] = float(m.group(1))
        m = re.match(r"^ Total\s*:\s*([0-9.]+)$", line)
        if m and "rate" not in cur and "." in m.group(1) and "e" not in m.group(1):
            cur["rate"] = float(m.group(1))
        m = re.match(r"^@@ kv (create_start|console_done) (\d+)$", line)
        if m:
            cur[m.group(1)] = int(m.group(2))
    return rows


def parse_hotplug(lines):
    """Per "@@ hotplug MB" section: Linux's own offlining and onlining of
    that much movable memory, in TSC cycles."""
    rows, cur = [], None
    for line in lines:
        m = re.match(r"^@@ hotplug (\S+)$", line)
        if m:
            cur = None if m.group(1) == "end" else {"mb": int(m.group(1))}
            if cur:
                rows.append(cur)
            continue
        m = re.match(r"^@@ kv (\w+) (\d+)$", line)
        if cur and m:
            cur[m.group(1)] = int(m.group(2))
    return rows


def parse_cost(lines):
    """Per "@@ cost CORES MEM" section: the phases of a VM's life in TSC
    cycles and a Linux process's memset of the same size."""
    rows, cur = [], None
    for line in lines:
        m = re.match(r"^@@ cost (\S+)(?: (\S+))?$", line)
        if m:
            cur = None if m.group(1) == "end" else {
                "cores": int(m.group(1)), "mb": int(m.group(2).rstrip("M"))}
            if cur:
                rows.append(cur)
            continue
        if not cur:
            continue
        m = re.match(r"^@@ kv (\w+) (\d+)$", line)
        if m:
            cur[m.group(1)] = int(m.group(2))
        m = re.search(r"tsc program_start (\d+)", line)
        if m:
            cur["program_start"] = int(m.group(1))
        m = re.match(r"^(memset_first|memset_again) \d+ MiB (\d+) cycles", line)
        if m:
            cur[m.group(1)] = int(m.group(2))
    return rows


def parse_selfish(role, lines):
    ts, cur = {}, None
    for line in lines:
        m = re.match(r"^Thread (\d+)(?: \(pinned to CPU (\d+)\))?: .*threshold (\d+) cycles", line)
        if m:
            cpu = int(m.group(2)) if m.group(2) else -1
            cur = Thread(role, int(m.group(1)), cpu)
            cur.threshold = int(m.group(3))
            ts[cur.index] = cur
            continue
        m = re.match(r"^  (Begin|End) TSC *: (\d+)", line)
        if m and cur:
            setattr(cur, m.group(1).lower(), int(m.group(2)))
            continue
        m = re.match(r"^  Events *: timer=(\d+) irqs=(\d+) exits=(\S+)", line)
        if m and cur:
            cur.events = (int(m.group(1)), int(m.group(2)), m.group(3))
            continue
        m = re.match(r"^[0-9.]+,[0-9.]+,(\d+),(\d+),(\d+)$", line)
        if m and int(m.group(2)) in ts:
            ts[int(m.group(2))].detours.append((int(m.group(3)), int(m.group(1))))
    for t in ts.values():
        t.detours.sort()
        if t.begin is None or t.end is None:
            sys.exit("analyze: a thread without Begin/End TSC (%s)" % role)
    return list(ts.values())


def progress(t):
    """The intervals in which thread t ran its loop."""
    out, at = [], t.begin
    for s, c in t.detours:
        if s > at:
            out.append((at, s, t))
        at = max(at, s + c)
    if t.end > at:
        out.append((at, t.end, t))
    return out


def attribute(threads):
    """Charges every gap of the merged timeline to the thread after it.

    Returns the window (lo, hi) and the number of switch gaps."""
    meas = [t for t in threads if t.role == "measured"]
    lo = max(t.begin for t in meas)
    hi = min(t.end for t in meas)
    for t in threads:
        if t.role == "probe" and (t.begin > lo or t.end < hi):
            sys.exit("analyze: a probe does not cover the measured window")
    ivs = sorted(iv for t in threads for iv in progress(t))
    thr = min(t.threshold for t in threads)
    at, last = lo, None
    for s, e, t in ivs:
        if e <= lo:
            last = t
            continue
        if s >= hi:
            break
        if s > at and s - at > thr:
            kind = "own" if last is t else "switch"
            t.own.append((at, s - at, kind))
        if e > at:
            at, last = e, t
    for t in threads:
        t.own = [d for d in t.own if d[0] >= lo and d[0] + d[1] <= hi]
    return lo, hi


def stats(lengths, seconds, nthreads):
    """detours/s per thread, median, p99, max, % lost per thread."""
    xs = sorted(lengths)
    n = len(xs)
    if n == 0:
        return [0.0, None, None, None, 0.0]
    return [n / seconds / nthreads, xs[(n - 1) // 2],
            xs[(n * 99 + 99) // 100 - 1], xs[-1],
            100.0 * sum(xs) / (seconds * TSC_HZ * nthreads)]


def fmt(v):
    if v is None:
        return "-"
    if isinstance(v, float):
        return "%.3f" % v if v < 100 else "%.1f" % v
    return str(v)


def table(head, rows, title):
    out = [title]
    w = [max(len(str(r[i])) for r in rows + [head]) for i in range(len(head))]
    for r in [head] + rows:
        out.append("  ".join(str(x).ljust(w[i]) if i < 2 else str(x).rjust(w[i])
                             for i, x in enumerate(r)))
    return "\n".join(out) + "\n"


def write_tsv(path, head, rows):
    with open(path, "w") as f:
        f.write("\t".join(head) + "\n")
        for r in rows:
            f.write("\t".join(str(x) for x in r) + "\n")


def selfish_row(cfg, out, threads, kv):
    meas = [t for t in threads if t.role == "measured"]
    lo, hi = attribute(threads)
    secs = (hi - lo) / TSC_HZ
    raw = [c for t in meas for s, c in t.detours if s >= lo and s + c <= hi]
    net = [c for t in meas for s, c, k in t.own]
    switch = sum(1 for t in meas for d in t.own if d[2] == "switch")
    ev = [t.events for t in meas if t.events]
    timer = sum(e[0] for e in ev) if ev else None
    irqs = sum(e[1] for e in ev) if ev else None
    exits = (sum(int(e[2]) for e in ev)
             if ev and all(e[2] != "n/a" for e in ev) else None)
    r = stats(raw, secs, len(meas))
    s = stats(net, secs, len(meas))
    ctl = [c for t in threads if t.role == "probe" for st, c, k in t.own]
    with open(os.path.join(out, "data", cfg + ".dat"), "w") as f:
        f.write("# time_s length_instructions kind thread cpu\n")
        for t in meas:
            for st, c in t.detours:
                if lo <= st and st + c <= hi:
                    f.write("%.9f %d raw %d %d\n" % ((st - lo) / TSC_HZ, c, t.index, t.cpu))
            for st, c, k in t.own:
                f.write("%.9f %d %s %d %d\n" % ((st - lo) / TSC_HZ, c, k, t.index, t.cpu))
    return ([cfg, kv.get("title", cfg), len(meas), "%.3f" % secs,
             fmt(r[0]), fmt(r[4])] + [fmt(x) for x in s] +
            [switch, sum(net), len(ctl), sum(ctl), max(ctl) if ctl else "-",
             fmt(timer), fmt(irqs), fmt(exits),
             kv.get("guest_timer", "-")])


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__.split("\n\n")[1])
    out = sys.argv[1]
    srows, arows, crows, hrows = [], [], [], []
    os.makedirs(os.path.join(out, "data"), exist_ok=True)
    for cfg in sys.argv[2:]:
        threads, kv, lines = parse_log(os.path.join(out, "raw", cfg + ".log"))
        hz = float(kv.get("tsc_hz", TSC_HZ))
        if any(t.role == "measured" for t in threads):
            srows.append(selfish_row(cfg, out, threads, kv))
        for a in parse_apps(lines, hz):
            arows.append([cfg, a["where"], a["app"],
                          "%.6f" % a["time"] if "time" in a else "-",
                          "%.1f" % a["rate"] if "rate" in a else "-"])
        for h in parse_hotplug(lines):
            if not all(k in h for k in ("offline_start", "offline_done", "online_done")):
                continue
            off = (h["offline_done"] - h["offline_start"]) / hz * 1e3
            on = (h["online_done"] - h["offline_done"]) / hz * 1e3
            hrows.append([cfg, h["mb"], "%.1f" % off, "%.1f" % (off * 1024 / h["mb"]),
                          "%.1f" % on])
        for c in parse_cost(lines):
            def ms(k1, k0):
                if k1 in c and k0 in c:
                    return "%.1f" % ((c[k1] - c[k0]) / hz * 1e3)
                return "-"

            def ratio(k1, k0, ref):
                if k1 in c and k0 in c and c.get(ref):
                    return "%.2f" % ((c[k1] - c[k0]) / c[ref])
                return "-"
            gb = c["mb"] / 1024.0
            per_gb = "-"
            if "create_done" in c and "create_start" in c:
                per_gb = "%.1f" % ((c["create_done"] - c["create_start"]) / hz * 1e3 / gb)
            crows.append([cfg, c["cores"], c["mb"],
                          ms("create_done", "create_start"), per_gb,
                          ms("program_start", "create_start"),
                          ms("destroy_done", "destroy_start"),
                          "%.1f" % (c["memset_first"] / hz * 1e3) if "memset_first" in c else "-",
                          "%.1f" % (c["memset_again"] / hz * 1e3) if "memset_again" in c else "-",
                          ratio("create_done", "create_start", "memset_first"),
                          ratio("destroy_done", "destroy_start", "memset_first")])
    text = ""
    if srows:
        head = ["config", "what", "cpus", "window_s", "raw_det/s",
                "raw_%lost", "det/s", "median", "p99", "max", "%lost",
                "switch", "sum", "ctl_n", "ctl_sum", "ctl_max", "timer_irqs", "irqs",
                "vm_exits", "guest_timer"]
        write_tsv(os.path.join(out, "selfish.tsv"), head, srows)
        text += table(head, srows,
                      "selfish-detour under -icount shift=0 (lengths in instructions = ns of "
                      "virtual time; det/s and %lost per measured CPU;\n"
                      "raw_* as the loop saw them, round-robin artifact included; the rest "
                      "net of it; events summed over the measured CPUs)")
    if arows:
        head = ["config", "where", "app", "time_s", "rate"]
        write_tsv(os.path.join(out, "apps.tsv"), head, arows)
        text += "\n" + table(head, arows,
                             "STREAM (rate: Triad best MB/s, time: its minimum s) and "
                             "HPCCG/phpccg (time: total s, rate: MFLOPS), one thread;\n"
                             "icount configurations in virtual time, tcg in wall-clock time")
    if crows:
        head = ["config", "cores", "MiB", "create_ms", "create_ms/GiB",
                "to_program_ms", "destroy_ms", "memset_ms", "memset2_ms",
                "create/memset", "destroy/memset"]
        write_tsv(os.path.join(out, "cost.tsv"), head, crows)
        text += "\n" + table(head, crows,
                             "VM create (take + zero + load), to the program's first "
                             "instruction, destroy; a Linux process's memset of the same size\n"
                             "(first touch, then again); cost in virtual ms, tcg in wall-clock ms")
    if hrows:
        head = ["config", "MiB", "offline_ms", "offline_ms/GiB", "online_ms"]
        write_tsv(os.path.join(out, "hotplug.tsv"), head, hrows)
        text += "\n" + table(head, hrows,
                             "Linux's own memory hotplug, by hand through sysfs: offlining, "
                             "then onlining again, that much movable memory")
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
