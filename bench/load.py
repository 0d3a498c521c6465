"""
Driving a URL with load from a separate process: ``wrk`` when installed, else a small Python
generator (threads and ``http.client``, keep-alive) that reports the same figures.
"""

import http.client
import math
import re
import shutil
import statistics
import subprocess
import threading
import time
from dataclasses import asdict, dataclass
from urllib.parse import urlsplit

BROWSER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


@dataclass
class Result:
    """One load run: throughput, latency percentiles in milliseconds, and the failures seen."""

    requests: int
    rps: float
    p50_ms: float | None  # None when no request finished within the run
    p99_ms: float | None
    errors: int = 0  # socket errors plus non-2xx/3xx responses
    tool: str = "wrk"

    def as_dict(self):
        return asdict(self)


def duration_ms(text):
    """``'2.91ms'`` → 2.91, ``'1.20s'`` → 1200.0, ``'850.00us'`` → 0.85 (wrk's units)."""
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not match:
        raise ValueError(f"Not a wrk duration: {text!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def parse_wrk(output):
    """The figures of ``wrk --latency`` output; raises ValueError when the summary is missing."""
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    total = re.search(r"^\s*(\d+) requests in ", output, re.MULTILINE)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE)
    if not (rps and total and p50 and p99):
        raise ValueError("wrk printed no summary:\n" + output)
    errors = 0
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if sockets:
        errors += sum(int(n) for n in sockets.groups())
    non_ok = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_ok:
        errors += int(non_ok.group(1))
    requests = int(total.group(1))
    return Result(
        requests=requests,
        rps=float(rps.group(1)),
        p50_ms=duration_ms(p50.group(1)) if requests else None,
        p99_ms=duration_ms(p99.group(1)) if requests else None,
        errors=errors,
    )


def wrk_available():
    return shutil.which("wrk") is not None


def run(url, *, duration, connections=8, threads=2, headers=None):
    """Load ``url`` for ``duration`` seconds; wrk if present, else the Python generator."""
    headers = {"User-Agent": BROWSER_AGENT, **(headers or {})}
    if not wrk_available():
        return python_load(url, duration=duration, connections=connections, headers=headers)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    command.append(url)
    finished = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60, check=False)
    if finished.returncode != 0:
        raise RuntimeError(f"wrk failed ({finished.returncode}): {finished.stderr or finished.stdout}")
    return parse_wrk(finished.stdout)


def percentile(values, fraction):
    """The nearest-rank percentile of ``values`` (``fraction`` in 0–1); 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def python_load(url, *, duration, connections=8, headers=None):
    """A closed-loop load of ``connections`` threads, each with one keep-alive connection."""
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    latencies, errors = [], [0]
    lock = threading.Lock()
    deadline = time.monotonic() + duration

    def worker():
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        mine, failed = [], 0
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                conn.request("GET", target, headers=headers or {})
                response = conn.getresponse()
                response.read()
                if response.status >= 400:
                    failed += 1
            except (OSError, http.client.HTTPException):
                failed += 1
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
                continue
            mine.append((time.perf_counter() - started) * 1000)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    started = time.perf_counter()
    workers = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    elapsed = time.perf_counter() - started
    return Result(
        requests=len(latencies),
        rps=round(len(latencies) / elapsed, 2),
        p50_ms=round(statistics.median(latencies), 2) if latencies else None,
        p99_ms=round(percentile(latencies, 0.99), 2) if latencies else None,
        errors=errors[0],
        tool="python",
    )
