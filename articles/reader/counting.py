"""
View counting. A reader's view of an article page adds one to ``Article.views`` with a single
``UPDATE … SET views = views + 1`` (atomic in the database, so concurrent views are never
lost). It runs in the view before the page cache answers, so cached pages count too. Staff
and obvious bots are not counted.
"""

import re

from django.db.models import F
from django.db.models.functions import Now

from articles.models import Article

BOT_PATTERN = re.compile(
    r"bot|crawl|spider|slurp|preview|headless|lighthouse|pingdom|monitor|curl|wget|python-requests|httpclient"
    r"|facebookexternalhit|embedly|quora link|whatsapp|telegram",
    re.IGNORECASE,
)


def is_countable(request):
    """A GET by a reader: not staff, not a bot, not a prefetch."""
    if request.method != "GET":
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_staff:
        return False
    agent = request.headers.get("User-Agent", "")
    if not agent or BOT_PATTERN.search(agent):
        return False
    purpose = request.headers.get("Sec-Purpose", "") or request.headers.get("Purpose", "")
    return "prefetch" not in purpose.lower()


def article_view_count(*, request, slug):
    """Count one view of the published article ``slug`` if ``request`` is a reader's; return rows updated."""
    if not is_countable(request):
        return 0
    # The published() rule on the article row only (no join), so the UPDATE touches one table.
    return Article.objects.filter(
        slug=slug, live_version__isnull=False, published_at__isnull=False, published_at__lte=Now()
    ).update(views=F("views") + 1)
