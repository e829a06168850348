#!/usr/bin/env python3
"""aiohttp_enrich.py -- the Python peer of `enrich run` for scripts/bench/run.

    aiohttp_enrich.py IN.csv OUT.csv --base-url http://127.0.0.1:PORT [--key K] [--concurrency 64]

What a competent Python developer would write for the same job as `enrich run` with a
one-provider Lantern waterfall: stream the input CSV (csv module), one
`POST /v1/enrich/phone` per row (Bearer auth, JSON body with Lantern's strategy order:
first + last name + company, else the LinkedIn slug, else the e-mail; `record_id` is the
row's Record ID), at most N requests in flight (asyncio.Semaphore, N keep-alive
connections), HTTP 429 honoured (Retry-After header or the body's retry_after, as a pause
for every request, then retry), 5xx and connection errors retried with backoff, and the
output CSV written in input order with "Mobile Phone" appended.  Rows that finish early
wait in a bounded reorder window (WINDOW_FACTOR x N rows) until the rows before them are
written, so memory does not grow with the input.

Prints one line on stderr: rows=… seconds=… rows_per_s=… found=… http_429=… failed=….
Exit status 1 if any row failed after its retries.
"""

import argparse
import asyncio
import csv
import json
import re
import sys
import time

import aiohttp

WINDOW_FACTOR = 16
MAX_ATTEMPTS = 6
SLUG = re.compile(r"linkedin\.com/(?:in|pub)/([^/?#]+)", re.IGNORECASE)


def payload(row, col):
    """Lantern's request body for a row, in Lantern's priority order; None if unusable."""
    def get(name):
        i = col.get(name)
        return row[i].strip() if i is not None and i < len(row) else ""

    first, last, company = get("First Name"), get("Last Name"), get("Company")
    body = {"record_id": get("Record ID")}
    if first and last and company:
        body.update(first_name=first, last_name=last, company=company)
        return body
    linkedin = get("LinkedIn URL")
    if linkedin:
        m = SLUG.search(linkedin)
        slug = m.group(1) if m else ("" if "/" in linkedin else linkedin)
        if slug:
            body["linkedin_id"] = slug
            return body
    email = get("Email")
    if "@" in email:
        body["email"] = email.lower()
        return body
    return None


class Peer:
    def __init__(self, session, url, headers):
        self.session = session
        self.url = url
        self.headers = headers
        self.paused_until = 0.0   # a 429 pauses every request, not just the one that got it
        self.found = 0
        self.failed = 0
        self.http_429 = 0

    async def lookup(self, body):
        """The phone for one row, "" when Lantern has none; raises after MAX_ATTEMPTS."""
        data = json.dumps(body).encode()
        loop = asyncio.get_running_loop()
        for attempt in range(MAX_ATTEMPTS):
            wait = self.paused_until - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            try:
                async with self.session.post(self.url, data=data, headers=self.headers) as resp:
                    raw = await resp.read()
                    if resp.status == 200:
                        phone = json.loads(raw).get("phone") or ""
                        if phone:
                            self.found += 1
                        return phone
                    if resp.status == 429:
                        self.http_429 += 1
                        self.pause(resp.headers.get("Retry-After"), raw, loop)
                        continue
                    if resp.status < 500:
                        raise RuntimeError(f"HTTP {resp.status}: {raw[:200]!r}")
            except (aiohttp.ClientError, asyncio.TimeoutError):
                pass
            await asyncio.sleep(min(0.1 * 2 ** attempt, 5.0))
        raise RuntimeError(f"gave up after {MAX_ATTEMPTS} attempts")

    def pause(self, header, raw, loop):
        seconds = None
        if header:
            try:
                seconds = float(header)
            except ValueError:
                seconds = None
        if seconds is None:
            try:
                seconds = float(json.loads(raw).get("retry_after"))
            except (ValueError, TypeError, AttributeError):
                seconds = 1.0
        self.paused_until = max(self.paused_until, loop.time() + seconds)


async def run(args):
    headers = {"Authorization": f"Bearer {args.key}", "Content-Type": "application/json",
               "Accept": "application/json"}
    url = args.base_url.rstrip("/") + "/v1/enrich/phone"
    connector = aiohttp.TCPConnector(limit=args.concurrency)
    timeout = aiohttp.ClientTimeout(total=60)
    sem = asyncio.Semaphore(args.concurrency)
    window = WINDOW_FACTOR * args.concurrency
    done = {}            # row index -> output row, waiting for the rows before it
    next_out = 0
    room = asyncio.Event()
    room.set()
    tasks = set()
    rows = 0

    with open(args.input, newline="", encoding="utf-8") as fin, \
            open(args.output, "w", newline="", encoding="utf-8") as fout:
        reader = csv.reader(fin)
        writer = csv.writer(fout, lineterminator="\r\n")
        header = next(reader)
        col = {name: i for i, name in enumerate(header)}
        writer.writerow(header + ["Mobile Phone"])

        async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
            peer = Peer(session, url, headers)

            async def one(i, row):
                nonlocal next_out
                try:
                    body = payload(row, col)
                    phone = await peer.lookup(body) if body else ""
                except Exception as e:  # one failed row must not stop the run
                    peer.failed += 1
                    print(f"row {i + 1}: {e}", file=sys.stderr)
                    phone = ""
                finally:
                    sem.release()
                done[i] = row + [phone]
                if i == next_out:
                    while next_out in done:
                        writer.writerow(done.pop(next_out))
                        next_out += 1
                    room.set()

            start = time.perf_counter()
            for i, row in enumerate(reader):
                while i - next_out >= window:
                    room.clear()
                    await room.wait()
                await sem.acquire()
                t = asyncio.create_task(one(i, row))
                tasks.add(t)
                t.add_done_callback(tasks.discard)
                rows += 1
            if tasks:
                await asyncio.gather(*tasks)
            seconds = time.perf_counter() - start

    print(f"rows={rows} seconds={seconds:.3f} rows_per_s={rows / seconds:.1f} found={peer.found} "
          f"http_429={peer.http_429} failed={peer.failed}", file=sys.stderr)
    return 1 if peer.failed else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--base-url", required=True)
    ap.add_argument("--key", default="sim-lantern-key")
    ap.add_argument("--concurrency", type=int, default=64)
    sys.exit(asyncio.run(run(ap.parse_args())))


if __name__ == "__main__":
    main()
