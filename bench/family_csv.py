#!/usr/bin/env python3
"""Writes a synthetic P2 family as upload CSV to stdout (for the benchmarks, not the tests).

Usage: family_csv.py SLUG CHECKPOINTS [SEED] [RUNS]
The depth family's true law (shared/data/p2-synthetic-truth.json) over 3 model sizes x 3 pruning
rates, checkpoints log-spaced from 20M to 10B tokens, Gaussian noise of 0.004 nats.
"""
import math
import random
import sys

slug = sys.argv[1]
points = int(sys.argv[2])
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
runs = int(sys.argv[4]) if len(sys.argv) > 4 else max(9, 9 * (points // 9 // 2000))
gamma, delta, alpha, beta, nc, dc, e = -1.0, 0.3, 0.2, 0.35, 0.3, 0.15, 0.5
models = [("llama-3.2-1b", 1.24e9, 2.35), ("llama-3.2-3b", 3.21e9, 2.12), ("llama-3.1-8b", 8.03e9, 1.95)]
rates = [0.15, 0.25, 0.35]
out = sys.stdout
out.write("family,run_id,base_model,pruning_method,params_before,params_after,pruning_rate,loss_before,tokens,loss\n")
per_run = points // runs
for r in range(runs):
    name, n0, loss_before = models[r % 3]
    rate = rates[(r // 3) % 3]
    n = points - per_run * (runs - 1) if r == runs - 1 else per_run
    after = int(n0 * (1 - rate))
    prefix = f"{slug},run-{r},{name},depth,{int(n0)},{after},{rate:.2f},{loss_before:.2f},"
    scale = (1 / rate) ** gamma * (1e9 / n0) ** delta
    lines = []
    last = -1
    for j in range(n):
        tokens = int(2e7 * 500 ** (j / max(1, n - 1)))
        tokens = max(tokens, last + 1)
        last = tokens
        d = tokens / 1e9
        loss = loss_before + scale * (nc / (n0 / 1e9) ** alpha + dc / d ** beta + e) + 0.004 * rng.gauss(0, 1)
        lines.append(f"{prefix}{tokens},{loss:.6f}\n")
    out.write("".join(lines))
