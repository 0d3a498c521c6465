"""
A bounded load run with publications against a running Newsroom on 127.0.0.1 (docs/load-test.md).

``--clients`` reader threads GET home pages, article pages (single and bilingual) and search for
``--seconds`` seconds, while this process publishes an update of a live article every
``--publish-every`` seconds through the workflow. At the end it prints the status codes seen and
compares every article's view count in the database with the counted page views it received.
Exits non-zero on any 5xx, connection error or view-count difference. The server must use the
same database as this command (same DATABASE_URL).
"""

import http.client
import random
import threading
import time
from collections import Counter
from urllib.parse import quote

from django.core.management.base import BaseCommand, CommandError

from articles import workflow
from articles.models import Article

HOST = "127.0.0.1"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"


class Command(BaseCommand):
    help = "Load a running server on 127.0.0.1 with readers and publications; check for 5xx and exact view counts."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, required=True)
        parser.add_argument("--clients", type=int, default=50)
        parser.add_argument("--seconds", type=float, default=60)
        parser.add_argument("--publish-every", type=float, default=2.0)
        parser.add_argument("--timeout", type=float, default=30)

    def handle(self, *args, port, clients, seconds, publish_every, timeout, **options):
        articles = list(Article.objects.published().order_by("pk"))
        if not articles:
            raise CommandError("No published article: load content first (manage.py load_demo).")
        before = dict(Article.objects.values_list("slug", "views"))
        paths = ["/en/", "/zh-hans/", "/en/search/?q=ai", f"/zh-hans/search/?q={quote('模型')}"]
        counted = {}
        for article in articles:
            for language in ("en", "zh-hans"):
                for suffix in ("", "bilingual/"):
                    path = f"/{language}/article/{article.slug}/{suffix}"
                    paths.append(path)
                    counted[path] = article.slug
        statuses, views, errors, latencies = Counter(), Counter(), Counter(), []
        lock = threading.Lock()
        deadline = time.monotonic() + seconds

        def reader(seed):
            rng = random.Random(seed)
            while time.monotonic() < deadline:
                path = rng.choice(paths)
                started = time.perf_counter()
                try:
                    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
                    connection.request("GET", path, headers={"User-Agent": BROWSER, "Host": HOST})
                    response = connection.getresponse()
                    response.read()
                    connection.close()
                except Exception as error:  # noqa: BLE001 - counted and reported, never a silent dead thread
                    with lock:
                        errors[type(error).__name__] += 1
                    continue
                with lock:
                    statuses[response.status] += 1
                    latencies.append(time.perf_counter() - started)
                    if response.status == 200 and path in counted:
                        views[counted[path]] += 1

        threads = [threading.Thread(target=reader, args=(n,)) for n in range(clients)]
        for thread in threads:
            thread.start()
        published = 0
        while time.monotonic() < deadline:
            time.sleep(publish_every)
            article = random.choice(articles)
            draft = workflow.article_start_draft(article=article)
            if draft.state == draft.State.DRAFT:
                workflow.version_submit(version=draft)
            workflow.version_publish(version=draft)
            published += 1
        for thread in threads:
            thread.join()
        after = dict(Article.objects.values_list("slug", "views"))
        differences = {
            slug: (after[slug] - before.get(slug, 0), views[slug])
            for slug in after
            if after[slug] - before.get(slug, 0) != views[slug]
        }
        total = sum(statuses.values())
        latencies.sort()
        p50 = latencies[len(latencies) // 2] if latencies else 0
        p99 = latencies[int(len(latencies) * 0.99)] if latencies else 0
        self.stdout.write(
            f"{clients} clients x {seconds:g} s on {HOST}:{port}: {total} responses ({total / seconds:.1f}/s), "
            f"p50 {p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms; {published} publications."
        )
        self.stdout.write("Status codes: " + ", ".join(f"{code}: {n}" for code, n in sorted(statuses.items())))
        self.stdout.write(f"Connection errors: {dict(errors) or 0}")
        fivexx = sum(n for code, n in statuses.items() if code >= 500)
        self.stdout.write(f"5xx: {fivexx}")
        self.stdout.write(
            f"Counted article views: {sum(views.values())}; database views added: "
            f"{sum(after[s] - before.get(s, 0) for s in after)}; articles differing: {len(differences)}"
        )
        if fivexx or errors or differences:
            raise CommandError(f"Load run failed: {fivexx} 5xx, errors {dict(errors)}, view differences {differences}")
