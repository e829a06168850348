#!/usr/bin/env python3
"""measure.py -- run the CSV pass-through tools alternately and report.

Called by scripts/bench/csv-passthrough; usable alone:

    measure.py --input IN.csv --outdir DIR [--rounds 5] [--enrich BIN]
               [--mapping passthrough.yml] [--csvcopy BIN] [--mlr BIN]

Each round runs every available tool once, in the order enrich, C, mlr.
Wall time is taken around the child; peak RSS is GNU time's %M for that
one child (see run_once).  MB/s = input bytes / 1e6 /
wall seconds.  Exit status 1 if a tool exits non-zero or dies on a signal,
0 otherwise (missed targets are reported, not fatal).
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

TIME = "/usr/bin/time"

TARGET_SPEED_RATIO = 0.66   # enrich MB/s >= 0.66 x C MB/s
TARGET_RSS_MB = 64.0        # enrich peak RSS < 64 MB


def run_once(argv, stdout_path=None):
    """Run argv under GNU time; return (exit status, wall seconds, peak RSS bytes).

    Peak RSS comes from `/usr/bin/time -f %M` rather than os.wait4 on a child
    of this process: a child forked from Python starts with Python's ~15 MB
    resident and ru_maxrss keeps that high-water mark across exec.  GNU time
    is a small C program, so its child starts at ~1 MB.
    """
    out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
    rss_file = os.path.join(tempfile.gettempdir(), f"csv-passthrough-rss.{os.getpid()}")
    try:
        t0 = time.perf_counter()
        rc = subprocess.call([TIME, "-q", "-f", "%M", "-o", rss_file] + argv,
                             stdin=subprocess.DEVNULL, stdout=out)
        wall = time.perf_counter() - t0
    finally:
        if stdout_path:
            out.close()
    try:
        with open(rss_file) as f:
            rss_kib = int(f.read().split()[-1])
        os.unlink(rss_file)
    except (OSError, ValueError, IndexError):
        rss_kib = 0
    return rc, wall, rss_kib * 1024


def first_difference(a, b, block=1 << 20):
    """Offset of the first differing byte, or None if the files are identical."""
    with open(a, "rb") as fa, open(b, "rb") as fb:
        offset = 0
        while True:
            x, y = fa.read(block), fb.read(block)
            if x == y:
                if not x:
                    return None
                offset += len(x)
                continue
            for i in range(min(len(x), len(y))):
                if x[i] != y[i]:
                    return offset + i
            return offset + min(len(x), len(y))  # one file is a prefix of the other


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--input", required=True)
    ap.add_argument("--outdir", required=True)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--enrich")
    ap.add_argument("--mapping")
    ap.add_argument("--csvcopy")
    ap.add_argument("--mlr")
    a = ap.parse_args()

    size = os.path.getsize(a.input)
    stem = os.path.splitext(os.path.basename(a.input))[0]
    tools = []  # (name, argv, stdout file or None, output file)
    if a.enrich:
        o = os.path.join(a.outdir, f"{stem}.enrich.csv")
        tools.append(("enrich", [a.enrich, "run", a.input, "--mapping", a.mapping,
                                 "--output", o, "--fresh", "--quiet"], None, o))
    if a.csvcopy:
        o = os.path.join(a.outdir, f"{stem}.c.csv")
        tools.append(("C (libcsv)", [a.csvcopy, a.input, o], None, o))
    if a.mlr:
        o = os.path.join(a.outdir, f"{stem}.mlr.csv")
        tools.append(("mlr", [a.mlr, "--icsv", "--ocsv", "cat", a.input], o, o))

    results = {name: [] for name, *_ in tools}
    failed = {}
    print(f"input {a.input}: {size} bytes ({size / 1e6:.1f} MB), {a.rounds} rounds, "
          f"order {', '.join(n for n, *_ in tools)}", flush=True)
    for rnd in range(1, a.rounds + 1):
        line = [f"  round {rnd}:"]
        for name, argv, stdout_path, outfile in tools:
            if name in failed:
                continue
            if os.path.exists(outfile):
                os.unlink(outfile)  # keep truncation of the old output out of the timing
            rc, wall, rss = run_once(argv, stdout_path)
            if rc != 0:
                failed[name] = rc
                print(f"    {name} FAILED: exit status {rc} ({' '.join(argv)})",
                      file=sys.stderr, flush=True)
                continue
            results[name].append((wall, rss))
            line.append(f"{name} {wall:.2f}s {rss / 1e6:.0f}MB")
        print("  ".join(line), flush=True)

    med = {}
    for name, runs in results.items():
        if runs:
            med[name] = (size / 1e6 / statistics.median(w for w, _ in runs),
                         statistics.median(r for _, r in runs) / 1e6,
                         statistics.median(w for w, _ in runs))

    print()
    print(f"  {'tool':<12} {'median MB/s':>12} {'median wall s':>14} {'median peak RSS MB':>19}")
    for name, *_ in tools:
        if name in med:
            mbps, rss, wall = med[name]
            print(f"  {name:<12} {mbps:>12.1f} {wall:>14.2f} {rss:>19.1f}")
        else:
            print(f"  {name:<12} {'failed (exit ' + str(failed.get(name)) + ')':>12}")

    if "enrich" in med:
        e_mbps, e_rss, _ = med["enrich"]
        if "C (libcsv)" in med:
            ratio = e_mbps / med["C (libcsv)"][0]
            verdict = "met" if ratio >= TARGET_SPEED_RATIO else "MISSED"
            print(f"  enrich/C   MB/s ratio {ratio:.2f}  (target >= {TARGET_SPEED_RATIO}: {verdict})")
        if "mlr" in med:
            print(f"  enrich/mlr MB/s ratio {e_mbps / med['mlr'][0]:.2f}")
        verdict = "met" if e_rss < TARGET_RSS_MB else "MISSED"
        print(f"  enrich peak RSS {e_rss:.1f} MB  (target < {TARGET_RSS_MB:.0f} MB: {verdict})")
        if "C (libcsv)" in med:
            d = first_difference(tools[0][3], next(t[3] for t in tools if t[0] == "C (libcsv)"))
            if d is None:
                print("  enrich output vs C output: IDENTICAL")
            else:
                print(f"  enrich output vs C output: DIFFERENT (first difference at byte offset {d})")
    else:
        print("  enrich: not measured (see above)")
    if "C (libcsv)" in med:
        d = first_difference(a.input, tools[[t[0] for t in tools].index("C (libcsv)")][3])
        print("  C output vs input: " + ("IDENTICAL" if d is None else f"DIFFERENT at byte {d}"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
