#!/usr/bin/env python3
"""Latency and throughput of `osteoml serve` against batched `osteoml predict` on the same rows (one run, one machine).

usage: bench/serve.py CLI_DLL MODEL_ZIP COHORT_DIR [PORT]
Starts the service on a loopback port, sends every cohort row once sequentially (latency p50/p99, after 20 warm-up
requests), then 8 concurrent clients over all rows (films/s), times `predict --data` on the same CSV (films/s), and
prints a Markdown table. Nothing leaves the machine; the service is stopped on every exit path.
"""
import csv, json, os, statistics, subprocess, sys, threading, time, urllib.request

dll, model, cohort = sys.argv[1:4]
port = int(sys.argv[4]) if len(sys.argv) > 4 else 5097
url = f"http://127.0.0.1:{port}"
rows = list(csv.DictReader(open(os.path.join(cohort, "cohort.csv"))))
bodies = [json.dumps({k: (v if v != "" else None) for k, v in r.items()}).encode() for r in rows]


def post(body):
    req = urllib.request.Request(url + "/predict", body, {"Content-Type": "application/json"})
    start = time.perf_counter()
    with urllib.request.urlopen(req, timeout=60) as response:
        response.read()
    return time.perf_counter() - start


service = subprocess.Popen(["dotnet", dll, "serve", "--model", model, "--images", cohort, "--urls", url],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    for _ in range(120):
        try:
            urllib.request.urlopen(url + "/health", timeout=1).read()
            break
        except OSError:
            time.sleep(0.5)
    for body in bodies[:20]:
        post(body)
    latencies = sorted(post(b) for b in bodies)
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))] * 1000

    queue = list(range(len(bodies)))
    lock = threading.Lock()

    def client():
        while True:
            with lock:
                if not queue:
                    return
                i = queue.pop()
            post(bodies[i])

    start = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(8)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    served = len(bodies) / (time.perf_counter() - start)
finally:
    service.terminate()
    service.wait(timeout=60)

out = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"bench-serve-{os.getpid()}.csv")
start = time.perf_counter()
subprocess.run(["dotnet", dll, "predict", "--model", model, "--data", cohort, "--out", out], check=True,
               stdout=subprocess.DEVNULL)
batched = len(bodies) / (time.perf_counter() - start)
os.remove(out)
print(f"| rows | p50 ms | p99 ms | serve, 8 clients, films/s | predict (batched, incl. start-up) films/s | ratio |")
print(f"|---|---|---|---|---|---|")
print(f"| {len(bodies)} | {p50:.1f} | {p99:.1f} | {served:.1f} | {batched:.1f} | {served / batched:.2f} |")
print(f"service exit code after SIGTERM: {service.returncode}")
