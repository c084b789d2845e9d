#!/usr/bin/env python3
"""Probes for bench/faults.sh (RELIABILITY.md). 127.0.0.1 only; every loop is bounded by a deadline.

  faults.py slow   PORT FAMILY CLIENTS SECONDS      slow clients (1 byte/s bodies) while health and predictions are timed
  faults.py watch  PORT FAMILY SECONDS OUT.json     every 0.5 s: a read, a prediction, readiness, liveness
  faults.py revoke PORT_A PORT_B ADMIN_KEY TRIALS   revoke a key on A, time until B refuses it
"""
import http.client
import json
import socket
import sys
import threading
import time

PREDICTION = json.dumps({"paramsBefore": 3210000000, "pruningRate": 0.25, "lossBefore": 2.12,
                         "tokens": [1e8, 1e9, 1e10]})


def request(port, method, path, body=None, headers=None, timeout=60):
    """(status, seconds, headers, body text); status 0 when the connection failed."""
    start = time.monotonic()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        all_headers = {"Content-Type": "application/json"} if body is not None else {}
        all_headers.update(headers or {})
        connection.request(method, path, body=body, headers=all_headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        connection.close()
        return response.status, time.monotonic() - start, dict(response.getheaders()), text
    except (OSError, http.client.HTTPException) as failure:
        return 0, time.monotonic() - start, {}, str(failure)


def percentile(values, p):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100.0 * (len(ordered) - 1))))]


def slow(port, family, clients, seconds):
    deadline = time.monotonic() + seconds
    cut_off = [0]
    lock = threading.Lock()

    def trickle():
        while time.monotonic() < deadline:
            try:
                s = socket.create_connection(("127.0.0.1", port), timeout=5)
                s.sendall(("POST /api/v1/families/%s/predictions HTTP/1.1\r\nHost: localhost\r\n"
                           "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n" % family).encode())
                s.settimeout(0.01)
                while time.monotonic() < deadline:
                    s.sendall(b" ")
                    try:
                        if s.recv(4096):
                            with lock:
                                cut_off[0] += 1
                            break
                    except socket.timeout:
                        pass
                    time.sleep(1)
                s.close()
            except OSError:
                with lock:
                    cut_off[0] += 1
                time.sleep(0.2)

    threads = [threading.Thread(target=trickle, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(2)
    health, predictions, failures = [], [], 0
    next_prediction = time.monotonic()
    while time.monotonic() < deadline:
        status, took, _, _ = request(port, "GET", "/actuator/health", timeout=30)
        health.append(took)
        failures += status != 200
        if time.monotonic() >= next_prediction:
            status, took, _, _ = request(port, "POST", "/api/v1/families/%s/predictions" % family, PREDICTION, timeout=30)
            predictions.append(took)
            failures += status != 200
            next_prediction += 1
        time.sleep(0.2)
    for thread in threads:
        thread.join(timeout=3)
    result = {"clients": clients, "seconds": seconds, "health_requests": len(health),
              "health_p50_ms": round(percentile(health, 50) * 1000, 1),
              "health_p99_ms": round(percentile(health, 99) * 1000, 1),
              "health_max_ms": round(max(health) * 1000, 1),
              "predictions": len(predictions),
              "prediction_p50_ms": round(percentile(predictions, 50) * 1000, 1),
              "prediction_max_ms": round(max(predictions) * 1000, 1),
              "failed_requests": failures, "slow_connections_cut_off": cut_off[0]}
    print(json.dumps(result))


def watch(port, family, seconds, out):
    deadline = time.monotonic() + seconds
    start = time.monotonic()
    samples = []
    while time.monotonic() < deadline:
        t = round(time.monotonic() - start, 1)
        read = request(port, "GET", "/api/v1/families/" + family, timeout=60)
        prediction = request(port, "POST", "/api/v1/families/%s/predictions" % family, PREDICTION, timeout=60)
        ready = request(port, "GET", "/actuator/health/readiness", timeout=60)
        live = request(port, "GET", "/actuator/health/liveness", timeout=60)
        samples.append({
            "t": t,
            "read": read[0], "read_ms": round(read[1] * 1000), "retry_after": read[2].get("Retry-After"),
            "read_type": read[2].get("Content-Type"),
            "prediction": prediction[0], "prediction_ms": round(prediction[1] * 1000),
            "prediction_stale": "may be stale" in prediction[3],
            "ready": ready[0], "ready_ms": round(ready[1] * 1000), "live": live[0], "live_ms": round(live[1] * 1000)})
        time.sleep(0.5)
    with open(out, "w") as f:
        json.dump(samples, f)


def revoke(port_a, port_b, admin_key, trials):
    admin = {"Authorization": "Bearer " + admin_key}
    times = []
    for trial in range(trials):
        status, _, _, body = request(port_a, "POST", "/api/v1/keys",
                                     json.dumps({"name": "fault-%d" % trial, "scopes": ["read"]}), admin)
        assert status == 201, body
        created = json.loads(body)
        key = {"Authorization": "Bearer " + created["key"]}
        status, _, _, _ = request(port_b, "GET", "/api/v1/families", headers=key)
        assert status == 200, "B does not accept the new key: %d" % status
        status, _, _, _ = request(port_a, "DELETE", "/api/v1/keys/" + created["id"], headers=admin)
        assert status == 204
        revoked = time.monotonic()
        while True:
            status, _, _, _ = request(port_b, "GET", "/api/v1/families", headers=key)
            if status == 401:
                times.append(time.monotonic() - revoked)
                break
            if time.monotonic() - revoked > 10:
                times.append(float("inf"))
                break
            time.sleep(0.01)
        time.sleep(0.3)
    print(json.dumps({"trials": trials, "refused_after_ms": [round(t * 1000) for t in times],
                      "max_ms": round(max(times) * 1000)}))


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "slow":
        slow(int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
    elif command == "watch":
        watch(int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5])
    elif command == "revoke":
        revoke(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5]))
    else:
        sys.exit(__doc__)
