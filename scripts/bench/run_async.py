#!/usr/bin/env python3
"""run_async.py ENRICH ROWS -- `enrich run` with asynchronous providers, polling vs webhooks.

For issue 7's benchmark ("the run benchmark with Apollo in the waterfall, reported beside the
polling providers'"): one email waterfall of one provider at a time, against `enrich sim`
with LATENCY on every endpoint and jobs that take JOB seconds, CONCURRENCY rows in flight:

  waterfall.contact, polling the finder (poll_interval 1s, the page suggests 2s)
  waterfall.contact, by webhook (--webhook-listen 127.0.0.1:0)
  apollo, polling webhook_result (bulk_match)
  apollo, by webhook (bulk_match)

Prints rows/s, the ratio to the ideal CONCURRENCY / (JOB + launch) and the HTTP requests per
row each needed (from the run's JSON summary); medians of ROUNDS. Every process it starts is
stopped, its folder removed.
"""

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

enrich, rows = sys.argv[1], int(sys.argv[2])
rounds = int(os.environ.get("ROUNDS", "3"))
conc = int(os.environ.get("CONCURRENCY", "64"))
latency_ms = int(os.environ.get("LATENCY_MS", "50"))
job_s = float(os.environ.get("JOB_SECONDS", "2"))
here = os.path.dirname(os.path.abspath(__file__))
work = tempfile.mkdtemp(prefix="enrich-bench-async.")
sim = None


def start_sim():
    global sim
    with open(f"{work}/sim.yml", "w") as f:
        f.write(f"latency: {{ default: {latency_ms}ms }}\njob_duration: {job_s}s\n"
                "apollo: { per_minute: 1000000, per_hour: 10000000, per_day: 100000000 }\n"
                "pronto: { daily_credits: 100000000 }\n")
    sim = subprocess.Popen([enrich, "sim", "--port", "0", "--config", f"{work}/sim.yml"],
                           stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    line = ""
    while "listening on " not in line:
        line = sim.stderr.readline()
        if not line:
            sys.exit("error: the simulator did not start")
    return line.split("listening on ")[1].split()[0]


def mapping(base, provider):
    kinds = {
        "waterfall_contact": f'{{ kind: waterfall.contact, api_key: sim-waterfall-key, base_url: "{base}", '
                             f'concurrency: {conc}, poll_interval: 1s, poll_max_interval: 4s }}',
        "apollo": f'{{ kind: apollo, api_key: sim-apollo-key, base_url: "{base}/api/v1", concurrency: {conc}, '
                  f'poll_interval: 1s, poll_max_interval: 4s }}',
    }
    path = f"{work}/{provider}.yml"
    with open(path, "w") as f:
        f.write(f"""version: 1
input: {{ id: "Record ID" }}
fields: {{ first_name: "First Name", last_name: "Last Name", company: Company, email: Email,
          linkedin: {{ column: "LinkedIn URL", transform: linkedin_slug }} }}
enrich:
  email: {{ providers: [{provider}], columns: {{ "Work Email (found)": email }} }}
providers:
  {provider}: {kinds[provider]}
""")
    return path


def run(base, provider, webhook, source):
    args = [enrich, "run", source, "--mapping", mapping(base, provider), "--output", f"{work}/out.csv",
            "--concurrency", str(conc), "--fresh", "--log-format", "json"]
    if webhook:
        args += ["--webhook-listen", "127.0.0.1:0"]
    started = time.monotonic()
    done = subprocess.run(args, capture_output=True, text=True)
    elapsed = time.monotonic() - started
    if done.returncode != 0:
        sys.exit(f"error: {' '.join(args)} exited {done.returncode}:\n{done.stderr[-2000:]}")
    summary = json.loads([l for l in done.stderr.splitlines() if "run.summary" in l][-1])
    return rows / elapsed, sum(summary["requests"].values()) / rows


try:
    source = f"{work}/people.csv"
    subprocess.run([sys.executable, f"{here}/gen_people_csv.py", str(rows), source], check=True)
    base = start_sim()
    cases = [("waterfall_contact", False), ("waterfall_contact", True), ("apollo", False), ("apollo", True)]
    results = {case: [] for case in cases}
    for _ in range(rounds):
        for case in cases:
            results[case].append(run(base, *case, source))
    ideal = conc / (job_s + latency_ms / 1000 * 2)
    lines = [f"async providers: {rows} rows, {conc} in flight, latency {latency_ms} ms, jobs {job_s:g} s; "
             f"ideal {ideal:.0f} rows/s (concurrency / (job + launch + result)); medians of {rounds}",
             "| provider | results by | rows/s | of ideal | requests per row |", "|---|---|---:|---:|---:|"]
    for (provider, webhook), values in results.items():
        rate = statistics.median(v[0] for v in values)
        per_row = statistics.median(v[1] for v in values)
        lines.append(f"| {provider} | {'webhook' if webhook else 'polling'} | {rate:.0f} | {rate / ideal:.2f} | {per_row:.2f} |")
    text = "\n".join(lines)
    print(text)
    os.makedirs(f"{here}/out", exist_ok=True)
    with open(f"{here}/out/run-async-summary.txt", "w") as f:
        f.write(text + "\n")
finally:
    if sim:
        sim.terminate()
        try:
            sim.wait(5)
        except subprocess.TimeoutExpired:
            sim.kill()
    shutil.rmtree(work, ignore_errors=True)
