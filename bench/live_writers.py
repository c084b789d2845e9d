#!/usr/bin/env python3
"""The live-load benchmark's writers: WRITERS threads, each appending one checkpoint to its own run
every PERIOD seconds for DURATION seconds over a kept-alive connection, 127.0.0.1 only.

Usage: live_writers.py PORT FAMILY WRITERS PERIOD DURATION
Prints the appends made, the errors, and the append latency median and p99 in ms.
"""
import http.client
import os
import json
import random
import sys
import threading
import time

port, family = int(sys.argv[1]), sys.argv[2]
writers, period, duration = int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
latencies, errors = [], []
lock = threading.Lock()


def write(k):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    run = f"writer-{k}"
    rng = random.Random(k)
    tokens = 2_000_000_000
    start = time.monotonic()
    tick = start
    while time.monotonic() - start < duration:
        tokens += 10_000_000
        # the depth family's true law for a 3.2B model pruned 25 %, plus a little noise
        d = tokens / 1e9
        loss = 2.12 + 4 * (1 / 3.21) ** 0.3 * (0.3 / 3.21 ** 0.2 + 0.15 / d ** 0.35 + 0.5) + 0.004 * rng.gauss(0, 1)
        body = json.dumps({"checkpoints": [{"tokens": tokens, "loss": round(loss, 6)}]})
        sent = time.monotonic()
        try:
            connection.request("POST", f"/api/v1/families/{family}/runs/{run}/checkpoints", body,
                               {"Content-Type": "application/json", "Accept": "application/json",
                                "Authorization": "Bearer " + os.environ["P2LAW_API_KEY"]})
            response = connection.getresponse()
            response.read()
            ok = response.status // 100 == 2
        except Exception as e:  # noqa: BLE001 - every failure counts as an error of the run
            ok = False
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        with lock:
            latencies.append(time.monotonic() - sent)
            if not ok:
                errors.append(run)
        tick += period
        time.sleep(max(0.0, tick - time.monotonic()))


threads = [threading.Thread(target=write, args=(k,)) for k in range(writers)]
for t in threads:
    t.start()
for t in threads:
    t.join()
latencies.sort()
n = len(latencies)
print(f"appends {n} errors {len(errors)} median_ms {1000 * latencies[n // 2]:.1f} "
      f"p99_ms {1000 * latencies[min(n - 1, int(0.99 * n))]:.1f}")
