"""
Progress of a long command on a terminal: count, rate and time left, redrawn on one line.

Quiet when the output is not a terminal (cron, CI, a pipe) or the command ran with
``--no-progress``: then ``Progress`` does nothing at all.
"""

import time


def add_progress_argument(parser):
    parser.add_argument(
        "--no-progress", action="store_true", help="Do not show progress (it is only shown on a terminal anyway)."
    )


class Progress:
    """Call with ``(done, total)``; redraws at most ``every`` seconds and once at the end."""

    def __init__(self, stream, *, label, enabled=True, every=0.5):
        self.stream = stream
        self.label = label
        self.enabled = enabled and _is_terminal(stream)
        self.every = every
        self.started = time.time()
        self.shown = 0.0

    @classmethod
    def for_command(cls, command, options, *, label):
        return cls(command.stdout, label=label, enabled=not options.get("no_progress"))

    def __call__(self, done, total=None):
        if not self.enabled:
            return
        now = time.time()
        if now - self.shown < self.every and done != total:
            return
        self.shown = now
        elapsed = max(now - self.started, 1e-6)
        rate = done / elapsed
        line = f"{self.label}: {done}" + (f"/{total}" if total else "") + f" · {rate:.1f}/s"
        if total and rate > 0:
            line += f" · {max(total - done, 0) / rate:.0f} s left"
        self.stream.write(f"\r{line}\033[K", ending="")
        self.stream.flush()

    def finish(self):
        if self.enabled:
            self.stream.write("")


def _is_terminal(stream):
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
