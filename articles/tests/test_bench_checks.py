"""manage.py bench_checks: runs on the demo content and prints its three timings."""

from io import StringIO

from django.core.management import call_command


def test_the_benchmark_builds_a_2000_word_article_and_prints_three_timings():
    out = StringIO()
    call_command("bench_checks", runs=1, stdout=out)
    text = out.getvalue()
    words = int(text.split("Article: ")[1].split(" English words")[0])
    assert words >= 2000
    for line in ("first run in the process", "warm, text not seen before", "warm, same text again"):
        assert line in text
