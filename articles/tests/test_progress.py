import io

import time_machine
from django.core.management.base import OutputWrapper

from articles.management.progress import Progress


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_on_a_terminal_shows_count_rate_and_time_left():
    stream = Terminal()
    with time_machine.travel(0, tick=False) as clock:
        progress = Progress(OutputWrapper(stream), label="Import")
        clock.shift(10)
        progress(50, 200)
    assert stream.getvalue() == "\rImport: 50/200 · 5.0/s · 30 s left\x1b[K"


def test_progress_is_quiet_off_a_terminal_and_with_no_progress():
    plain = io.StringIO()
    Progress(OutputWrapper(plain), label="Import")(1, 2)
    assert plain.getvalue() == ""
    terminal = Terminal()
    Progress(OutputWrapper(terminal), label="Import", enabled=False)(1, 2)
    assert terminal.getvalue() == ""
