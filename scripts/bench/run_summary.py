#!/usr/bin/env python3
"""run_summary.py RESULTS --concurrency N --latency-ms MS [--cores N] [--header TEXT] -- scripts/bench/run's table.

RESULTS holds one line per measured run, written by scripts/bench/run:
    PART TOOL ROWS DONE WALL_SECONDS PEAK_RSS_KIB USER_SECONDS SYS_SECONDS [SIM_CPU_SECONDS]
(PART a, b or c; DONE is ROWS except for the C loop, which runs for a fixed time: ROWS is 0,
DONE its count of 200 answers and WALL its own timing; SIM_CPU_SECONDS is the simulator's
user + system CPU over the run, absent in older files)
and free-text lines "NOTE PART text".  Prints medians, ratios and targets.
"""

import argparse
import os
import statistics
from collections import defaultdict

TARGET_A = 0.95      # enrich rows/s >= 0.95 x concurrency / latency
TARGET_AIOHTTP = 3.0  # enrich rows/s >= 3 x the aiohttp peer's
TARGET_C = 0.4       # enrich rows/s >= 0.4 x the C loop's requests/s
TARGET_RSS_MB = 64.0
FLAT = 0.10          # peak RSS at the largest size within 10 % of the smallest's


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("results")
    ap.add_argument("--concurrency", type=int, required=True)
    ap.add_argument("--latency-ms", type=float, required=True)
    ap.add_argument("--header", default="")
    ap.add_argument("--cores", type=int, default=os.cpu_count() or 1)
    a = ap.parse_args()

    runs = defaultdict(list)   # (part, tool, rows) -> [(done, wall, rss_mb, cpu, sim_cpu or None)]
    notes = defaultdict(list)
    order = []
    with open(a.results) as f:
        for line in f:
            p = line.split()
            if not p:
                continue
            if p[0] == "NOTE":
                notes[p[1]].append(" ".join(p[2:]))
                continue
            part, tool, rows, done, wall, rss, user, sys_ = p[0], p[1], int(p[2]), int(p[3]), *map(float, p[4:8])
            sim = float(p[8]) if len(p) > 8 else None
            key = (part, tool, rows)
            if key not in runs:
                order.append(key)
            runs[key].append((done, wall, rss / 1024, user + sys_, sim))

    def med(key):
        r = runs[key]
        sims = [s / d * 1e6 for d, _, _, _, s in r if s is not None]
        return {
            "n": len(r),
            "done": statistics.median(d for d, _, _, _, _ in r),
            "rate": statistics.median(d / w for d, w, _, _, _ in r),
            "wall": statistics.median(w for _, w, _, _, _ in r),
            "rss": statistics.median(m for _, _, m, _, _ in r),
            "rss_max": max(m for _, _, m, _, _ in r),
            "cpu_us": statistics.median(c / d * 1e6 for d, _, _, c, _ in r),
            "cpu": statistics.median(c for _, _, _, c, _ in r),
            "sim_us": statistics.median(sims) if sims else None,
        }

    names = {"enrich": "enrich run", "aiohttp": "aiohttp peer", "c-loop": "C libcurl loop"}
    out = []
    if a.header:
        out.append(a.header)

    def table(part):
        out.append(f"  {'tool':<16} {'rows':>9} {'rows/s':>10} {'wall s':>8} {'peak RSS MB':>12} {'CPU us/row':>11} "
                   f"{'sim CPU us/row':>15}")
        for key in order:
            if key[0] != part:
                continue
            m = med(key)
            rows = f"{key[2]}" if key[2] else f"{m['done']:.0f}*"
            sim = f"{m['sim_us']:.1f}" if m["sim_us"] is not None else "-"
            out.append(f"  {names.get(key[1], key[1]):<16} {rows:>9} {m['rate']:>10.0f} {m['wall']:>8.2f} "
                       f"{m['rss']:>12.1f} {m['cpu_us']:>11.1f} {sim:>15}")

    def find(part, tool):
        return next((k for k in order if k[0] == part and k[1] == tool), None)

    def verdict(ok):
        return "met" if ok else "MISSED"

    def budget(peer, c_loop):
        """What 3x the peer asks of the two processes sharing the machine's cores, next to what
        the bare C loop and the simulator spend per request between them."""
        if c_loop["sim_us"] is None:
            return
        goal = TARGET_AIOHTTP * peer["rate"]
        both_c = c_loop["cpu_us"] + c_loop["sim_us"]
        out.append(f"  3 x the peer = {goal:.0f} rows/s = {goal / c_loop['rate']:.2f} x the C loop's rate; on "
                   f"{a.cores} cores that is at most {a.cores * 1e6 / goal:.0f} us of CPU per row for the contender and "
                   f"the simulator together; the C loop and the simulator spend {both_c:.0f} "
                   f"({c_loop['cpu_us']:.0f} + {c_loop['sim_us']:.0f}) per request   (context)")

    if any(k[0] == "a" for k in order):
        ideal = a.concurrency / (a.latency_ms / 1000)
        out.append("")
        out.append(f"(a) simulator latency {a.latency_ms:g} ms, concurrency {a.concurrency}: "
                   f"ideal {ideal:.0f} rows/s")
        table("a")
        e = find("a", "enrich")
        if e:
            r = med(e)["rate"] / ideal
            out.append(f"  enrich / ideal = {r:.3f}   (target >= {TARGET_A}: {verdict(r >= TARGET_A)})")
        p = find("a", "aiohttp")
        if p:
            out.append(f"  aiohttp peer / ideal = {med(p)['rate'] / ideal:.3f}   (context)")
        out.extend("  " + n for n in notes["a"])

    if any(k[0] == "b" for k in order):
        out.append("")
        out.append(f"(b) simulator latency 0, one-provider Lantern waterfall, concurrency {a.concurrency}")
        table("b")
        e, p, c = find("b", "enrich"), find("b", "aiohttp"), find("b", "c-loop")
        if c:
            out.append("  * the C loop runs for a fixed time with one request body; rows = its 200 answers (median)")
        if e and p:
            r = med(e)["rate"] / med(p)["rate"]
            out.append(f"  enrich / aiohttp = {r:.2f}   (target >= {TARGET_AIOHTTP:g}: {verdict(r >= TARGET_AIOHTTP)})")
        if e and c:
            r = med(e)["rate"] / med(c)["rate"]
            out.append(f"  enrich / C loop  = {r:.2f}   (target >= {TARGET_C}: {verdict(r >= TARGET_C)})")
        if p and c:
            out.append(f"  aiohttp / C loop = {med(p)['rate'] / med(c)['rate']:.2f}   (context)")
            budget(med(p), med(c))
        out.extend("  " + n for n in notes["b"])

    sizes = sorted({k[2] for k in order if k[0] == "c" and k[1] == "enrich"})
    if sizes:
        out.append("")
        out.append("(c) enrich run, simulator latency 0: peak RSS and CPU time per row")
        out.append(f"  {'rows':>9} {'runs':>5} {'median RSS MB':>14} {'max RSS MB':>11} {'CPU s':>8} "
                   f"{'CPU us/row':>11} {'rows/s':>9}")
        for n in sizes:
            m = med(("c", "enrich", n))
            out.append(f"  {n:>9} {m['n']:>5} {m['rss']:>14.1f} {m['rss_max']:>11.1f} {m['cpu']:>8.2f} "
                       f"{m['cpu_us']:>11.1f} {m['rate']:>9.0f}")
        worst = max(med(("c", "enrich", n))["rss_max"] for n in sizes)
        out.append(f"  peak RSS < {TARGET_RSS_MB:.0f} MB at every size: {verdict(worst < TARGET_RSS_MB)} "
                   f"(largest {worst:.1f} MB)")
        if len(sizes) > 1:
            lo, hi = med(("c", "enrich", sizes[0]))["rss"], med(("c", "enrich", sizes[-1]))["rss"]
            growth = (hi - lo) / lo if lo else 0.0
            out.append(f"  flat: {sizes[0]} -> {sizes[-1]} rows: {lo:.1f} -> {hi:.1f} MB ({growth:+.1%}; "
                       f"flat means within {FLAT:.0%}: {verdict(growth <= FLAT)})")
        out.extend("  " + n for n in notes["c"])

    print("\n".join(out))


if __name__ == "__main__":
    main()
