"""
``manage.py bench_images``: what renditions save on a listing page, and what they cost to make.

Run it only against a throwaway database and media directory (see docs/benchmarks.md)::

    SQLITE_PATH=/tmp/bench-images.sqlite3 MEDIA_ROOT=/tmp/bench-media .venv/bin/python manage.py migrate
    SQLITE_PATH=/tmp/bench-images.sqlite3 MEDIA_ROOT=/tmp/bench-media .venv/bin/python manage.py bench_images

It publishes 20 articles (slugs ``bench-img-…``) each with a photo-like JPEG upload, fetches the
home page (a listing of 20) and sums the bytes of the page and of the images it makes a browser
download: the originals before renditions exist, then the 3:2 thumbnail crop in each format
after. Then it times making every rendition of one upload, several times. It refuses a database
holding any article it did not create.
"""

import io
import re
import statistics
import time
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from django.test.utils import override_settings
from PIL import Image, ImageDraw, ImageFilter

from articles import workflow
from articles.images import renditions
from articles.models import Article, ArticleVersion, Rendition, Section
from articles.reader import page_cache

PREFIX = "bench-img-"
PAGE = 20
THUMB = re.compile(r'<img class="item__thumbnail"[^>]*>')


def photo_bytes(width, height, seed):
    """A JPEG that compresses like a photo (gradients, shapes, grain), not like a flat colour."""
    image = Image.effect_noise((width, height), 40 + seed % 20).convert("RGB")
    draw = ImageDraw.Draw(image, "RGBA")
    for i in range(12):
        x, y = (seed * 97 + i * 211) % width, (seed * 53 + i * 149) % height
        draw.ellipse((x - 300, y - 200, x + 300, y + 200), fill=((i * 40) % 255, (seed * 30) % 255, 140, 120))
    image = image.filter(ImageFilter.GaussianBlur(1.2))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


class Command(BaseCommand):
    help = "Bytes per listing page of 20 articles with images, before and after renditions; time to make one upload's renditions."

    def add_arguments(self, parser):
        parser.add_argument("--width", type=int, default=2400)
        parser.add_argument("--height", type=int, default=1600)
        parser.add_argument("--repeat", type=int, default=3, help="Times the renditions of one upload are made.")
        parser.add_argument(
            "--articles", type=int, default=PAGE, help=f"Articles on the listing page (default {PAGE})."
        )

    def handle(self, *args, width, height, repeat, articles, **options):
        if Article.objects.exclude(slug__startswith=PREFIX).exists():
            raise CommandError("This database holds articles the benchmark did not create: use a throwaway database.")
        articles = self.seed(width, height, count=articles)
        client = Client()
        live = ArticleVersion.objects.filter(pk__in=[article.live_version_id for article in articles])
        with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]):
            # Before: the pages as they were without renditions (the records cleared, so they print the originals).
            live.update(image_renditions={})
            before = self.listing(client, len(articles))
            for article in articles:  # made at publication already: this only writes the records back
                renditions.version_renditions_make(version=article.live_version)
            after = self.listing(client, len(articles))
        self.stdout.write(f"Listing page of {len(articles)} articles, {width}x{height} JPEG uploads (bytes)")
        self.stdout.write(f"{'':34}{'page HTML':>12}{'images':>14}{'total':>14}")
        for label, (html, images) in [("before (originals)", before["original"]), *after.items()]:
            self.stdout.write(f"{label:34}{html:>12,}{images:>14,}{html + images:>14,}")
        self.time_one_upload(width, height, repeat)

    def seed(self, width, height, count=PAGE):
        section, _ = Section.objects.get_or_create(
            slug=f"{PREFIX}photos", defaults={"name_en": "Photos", "name_zh_hans": "图片"}
        )
        articles = []
        for n in range(count):
            slug = f"{PREFIX}{n}"
            article = Article.objects.filter(slug=slug).select_related("live_version").first()
            if article is None:
                version = workflow.article_create(slug=slug, section=section)
                version.title_en, version.title_zh_hans = f"Benchmark photo story {n}", f"基准图片报道{n}"
                version.summary_en, version.summary_zh_hans = "A story with a photo.", "一篇带图片的报道。"
                version.image = SimpleUploadedFile(f"bench-{n}.jpg", photo_bytes(width, height, n))
                version.image_alt_en, version.image_alt_zh_hans = "A photo", "一张图片"
                version.save()
                workflow.version_submit(version=version)
                workflow.version_publish(version=version)
                article = Article.objects.select_related("live_version").get(slug=slug)
            articles.append(article)
        return articles

    def listing(self, client, count):
        """Bytes of the home page and of the thumbnails it makes a browser fetch, per format offered."""
        page_cache.purge()
        html = client.get("/en/").content.decode()
        tags = THUMB.findall(html)
        if len(tags) != count:
            raise CommandError(f"Expected {count} thumbnails on the home page, found {len(tags)}.")
        names = [re.search(r'src="/media/([^"]+)"', tag).group(1) for tag in tags]
        storage = Rendition._meta.get_field("file").storage
        if not any(name.startswith("renditions/") for name in names):
            return {"original": (len(html), sum(storage.size(name) for name in names))}
        results = {}
        versions = ArticleVersion.objects.filter(article__slug__startswith=PREFIX, article__live_version__isnull=False)
        for version in versions.filter(pk__in=Article.objects.values("live_version_id")):
            for image_format, entries in version.image_renditions["thumb"]:
                for entry, density in zip(entries, ("1x", "2x"), strict=False):
                    label = f"after: thumbnail {image_format} {density} ({entry['width']}px)"
                    page, images = results.get(label, (len(html), 0))
                    results[label] = (page, images + storage.size(entry["name"]))
        return results

    def time_one_upload(self, width, height, repeat):
        """Every rendition of one upload made from scratch ``repeat`` times (its rows and files deleted in between)."""
        data = photo_bytes(width, height, 99)
        storage = Rendition._meta.get_field("file").storage
        upload = SimpleNamespace(name=storage.save(f"{PREFIX}timing.jpg", ContentFile(data)), storage=storage)
        timings, cpu = [], []
        for _ in range(repeat):
            for row in Rendition.objects.filter(source=upload.name):
                storage.delete(row.file.name)
                row.delete()
            started, started_cpu = time.perf_counter(), time.process_time()
            renditions.make(upload, profile=renditions.LEAD)
            timings.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        rows = Rendition.objects.filter(source=upload.name)
        count, total = rows.count(), sum(rows.values_list("size", flat=True))
        self.stdout.write(
            f"Making every rendition of one {width}x{height} upload ({len(data):,} bytes): {count} files, "
            f"{total:,} bytes; median {statistics.median(timings):.2f} s wall clock "
            f"({statistics.median(cpu):.2f} s CPU in this process), runs "
            + ", ".join(f"{t:.2f}" for t in timings)
            + f" (AVIF {'on' if renditions.avif_supported() else 'off'})"
        )
