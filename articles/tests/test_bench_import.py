"""bench_import's --parts (articles/management/commands/bench_import.py): each part timed, then put back."""

from PIL import Image

from articles.images import png
from articles.management.commands.bench_import import timed_parts


def test_timed_parts_counts_the_calls_of_each_part_and_restores_the_functions_afterwards():
    original = png.rgb_png
    with timed_parts([("articles.images.png", "rgb_png", ())]) as (seconds, calls):
        assert png.rgb_png is not original
        for _ in range(3):
            png.rgb_png(Image.new("RGB", (64, 64)))
    assert calls == {"articles.images.png.rgb_png": 3}
    assert seconds["articles.images.png.rgb_png"] >= 0
    assert png.rgb_png is original


def test_a_part_imported_by_name_elsewhere_is_timed_there_too():
    import articles.search
    import articles.search.receivers as receivers

    original = receivers.index_articles
    with timed_parts([("articles.search", "index_articles", ("articles.search.receivers",))]):
        assert receivers.index_articles is articles.search.index_articles is not original
    assert receivers.index_articles is original is articles.search.index_articles
