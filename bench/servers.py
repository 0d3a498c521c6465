"""
The processes a run starts: gunicorn (the site, the floor, Wagtail) and nginx (the static file and
the micro-cache). Each is started in its own process group and stopped by its own PID.
"""

import signal
import socket
import subprocess
import time
from pathlib import Path


def wait_for_port(port, *, timeout=60.0, process=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"The server for port {port} exited with {process.returncode} before listening.")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"Nothing listens on 127.0.0.1:{port} after {timeout:.0f} s.")


class Server:
    """A started process: ``stop()`` terminates it (and waits) by its PID."""

    def __init__(self, name, command, *, port, env=None, cwd=None, log_dir):
        self.name, self.port = name, port
        self.log = Path(log_dir) / f"{name}.log"
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                command, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        wait_for_port(port, process=self.process)

    @property
    def pid(self):
        return self.process.pid

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def gunicorn(name, *, python, wsgi, port, env, cwd, log_dir, workers=2, config=None):
    """
    gunicorn with ``workers`` sync workers on 127.0.0.1:``port`` (its master's PID is ``pid``),
    reading ``config`` (a gunicorn config file, e.g. the site's ``deploy/gunicorn.conf.py``) if given.
    """
    command = [
        str(python),
        "-m",
        "gunicorn",
        wsgi,
        *(["--config", str(config)] if config else []),
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "120",
        "--log-level",
        "warning",
    ]
    return Server(name, command, port=port, env=env, cwd=cwd, log_dir=log_dir)


def children(pid):
    """The PIDs of ``pid``'s direct children (gunicorn's workers), from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name is in parentheses and may hold spaces: the parent PID follows it.
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)


def rss_mb(pid):
    """Resident set size of ``pid`` in MB (VmRSS in /proc/<pid>/status); None if it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def pss_mb(pid):
    """
    Proportional set size of ``pid`` in MB (``Pss`` in /proc/<pid>/smaps_rollup): its private pages
    plus its share of the pages it shares with other processes (a preloading master's, copy-on-write).
    """
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def worker_rss(server):
    """RSS in MB of each worker of a gunicorn ``server``."""
    return [rss_mb(pid) for pid in children(server.pid)]


def worker_pss(server):
    """PSS in MB of each worker of a gunicorn ``server``."""
    return [pss_mb(pid) for pid in children(server.pid)]


NGINX_MAIN = """
worker_processes 1;
pid {root}/nginx.pid;
error_log {root}/nginx-error.log warn;
daemon off;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {root}/body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    default_type application/octet-stream;
    types {{ text/html html; }}
    sendfile on;
    keepalive_requests 100000;
    server {{
        listen 127.0.0.1:{static_port};
        root {root}/static;
        location / {{ try_files $uri =404; }}
    }}
    include {root}/microcache.conf;
}}
"""


def microcache_config(source, *, upstream_port, listen_port, cache_dir):
    """deploy/nginx-microcache.conf with the bench's ports and cache directory substituted."""
    text = Path(source).read_text()
    text = text.replace("127.0.0.1:8000", f"127.0.0.1:{upstream_port}")
    text = text.replace("listen 80;", f"listen 127.0.0.1:{listen_port};")
    return text.replace("/var/cache/nginx/newsroom", str(cache_dir))


def nginx(*, root, static_port, microcache_port, upstream_port, source, log_dir, static_files):
    """nginx serving ``static_files`` ({name: bytes}) on ``static_port`` and the micro-cache on ``microcache_port``."""
    root = Path(root)
    for sub in ("static", "body", "proxy", "fastcgi", "uwsgi", "scgi", "microcache"):
        (root / sub).mkdir(parents=True, exist_ok=True)
        # nginx's workers drop to an unprivileged user when started as root: they write here.
        (root / sub).chmod(0o777)
    for name, content in static_files.items():
        (root / "static" / name).write_bytes(content)
    (root / "microcache.conf").write_text(
        microcache_config(
            source, upstream_port=upstream_port, listen_port=microcache_port, cache_dir=root / "microcache"
        )
    )
    (root / "nginx.conf").write_text(NGINX_MAIN.format(root=root, static_port=static_port))
    server = Server(
        "nginx", ["nginx", "-c", str(root / "nginx.conf"), "-p", str(root)], port=static_port, log_dir=log_dir
    )
    wait_for_port(microcache_port, process=server.process)
    return server
