import datetime
import re
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from articles.exchange.importing import (
    ImportFailed,
    parse_articles,
    parse_taxonomy,
    read_json,
    save_articles,
    save_taxonomy,
)
from articles.models import Article

DEMO_CONTENT = Path(__file__).resolve().parents[2] / "demo_content"
# The newest demo article is this old after the first load.
NEWEST_AGE = datetime.timedelta(hours=1)
DEMO_ACCOUNTS = (
    # username, group, superuser
    ("editor", "Editors", False),
    ("moderator", "Moderators", False),
    ("admin", None, True),
)

# runserver's address: a host name, IPv4 address or [IPv6] address, then a port.
ADDRESS = re.compile(r"(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}")


def read_states(path, slugs):
    """``{"draft": […], "in_review": […]}``: slugs that exist in the demo content, each listed once."""
    try:
        data = read_json(path)
    except ImportFailed as error:
        raise CommandError(" ".join(error.errors)) from error
    if not isinstance(data, dict) or set(data) - {"draft", "in_review"}:
        raise CommandError(f'{path}: expected an object with the keys "draft" and "in_review" (lists of slugs).')
    states, seen = {}, set()
    for state in ("draft", "in_review"):
        listed = data.get(state, [])
        if not isinstance(listed, list) or not all(isinstance(slug, str) for slug in listed):
            raise CommandError(f"{path}: {state}: expected a list of article slugs.")
        missing = [slug for slug in listed if slug not in slugs]
        if missing:
            raise CommandError(f"{path}: {state}: no demo article has the slug {', '.join(missing)}.")
        twice = [slug for slug in listed if slug in seen]
        if twice:
            raise CommandError(f"{path}: {state}: {', '.join(twice)} listed more than once.")
        seen.update(listed)
        states[state] = set(listed)
    return states


def demo_offset(articles, *, now):
    """
    How far to move the demo's fixed times so the newest published article is about an hour old.

    Computed once, at the first load, rounded to the minute. Later loads read the same offset back
    from a demo article already published, so the demo is never shifted again.
    """
    for parsed in sorted(articles, key=lambda a: a.slug):
        if parsed.published_at is None:
            continue
        loaded = (
            Article.objects.filter(slug=parsed.slug, published_at__isnull=False)
            .values_list("published_at", flat=True)
            .first()
        )
        if loaded is not None:
            return loaded - parsed.published_at
    times = [t for parsed in articles for t in (parsed.published_at, parsed.updated_at) if t is not None]
    if not times:
        return datetime.timedelta(0)
    offset = now - NEWEST_AGE - max(times)
    return datetime.timedelta(minutes=round(offset.total_seconds() / 60))


def demo_accounts():
    """Create or update the demo accounts, each with a new random password; return (username, password, role)."""
    accounts = []
    for username, group, superuser in DEMO_ACCOUNTS:
        user, _created = get_user_model().objects.get_or_create(username=username)
        password = secrets.token_urlsafe(12)
        user.set_password(password)
        user.is_staff = True
        user.is_active = True
        user.is_superuser = superuser
        user.save()
        if group:
            user.groups.add(Group.objects.get(name=group))
        accounts.append((username, password, group or "superuser"))
    return accounts


class Command(BaseCommand):
    help = (
        "Load the demo content (articles/demo_content): taxonomy, then the articles, most published, "
        "those listed in states.json left as drafts or in review. Loading twice changes nothing. With "
        "NEWSROOM_DEMO=1 it also creates the demo accounts editor, moderator and admin with new passwords."
    )

    def add_arguments(self, parser):
        parser.add_argument("--content", default=str(DEMO_CONTENT), metavar="DIR", help="The demo content directory.")
        parser.add_argument(
            "--address",
            metavar="HOST:PORT",
            help="Where the site is served (as given to runserver), for the sign-in address printed "
            "with the demo accounts. Default: SITE_URL.",
        )

    def handle(self, *args, content, address=None, **options):
        if address is not None and not ADDRESS.fullmatch(address):
            raise CommandError(f"--address: expected HOST:PORT, for example 127.0.0.1:8000, not {address!r}.")
        directory = Path(content)
        errors = []
        try:
            taxonomy = parse_taxonomy(read_json(directory / "taxonomy.json"), source=str(directory / "taxonomy.json"))
        except ImportFailed as error:
            errors.extend(error.errors)
        articles = []
        for path in sorted((directory / "articles").glob("*.json")):
            try:
                articles.extend(parse_articles(read_json(path), source=str(path)))
            except ImportFailed as error:
                errors.extend(error.errors)
        if errors:
            for line in errors:
                self.stderr.write(line)
            raise CommandError("The demo content is not valid; nothing loaded.")
        slugs = [parsed.slug for parsed in articles]
        twice = sorted({slug for slug in slugs if slugs.count(slug) > 1})
        if twice:
            raise CommandError(f"More than one demo file holds the article {', '.join(twice)}.")
        states = read_states(directory / "states.json", set(slugs))

        groups = {
            "published": [a for a in articles if a.slug not in states["draft"] | states["in_review"]],
            "in_review": [a for a in articles if a.slug in states["in_review"]],
            "draft": [a for a in articles if a.slug in states["draft"]],
        }
        now = timezone.now()
        offset = demo_offset(groups["published"], now=now)
        for parsed in articles:
            parsed.published_at = parsed.published_at and parsed.published_at + offset
            parsed.updated_at = parsed.updated_at and parsed.updated_at + offset
        try:
            with transaction.atomic():
                save_taxonomy(taxonomy)
                results = {
                    "published": save_articles(groups["published"], source=str(directory), publish=True, now=now),
                    "in_review": save_articles(groups["in_review"], source=str(directory), submit=True, now=now),
                    "draft": save_articles(groups["draft"], source=str(directory), now=now),
                }
        except ImportFailed as error:
            for line in error.errors:
                self.stderr.write(line)
            raise CommandError("The demo content could not be loaded; nothing saved.") from error

        changed = sum(len(r.created) + len(r.updated) for r in results.values())
        self.stdout.write(
            f"Demo content: {len(articles)} articles ({len(groups['published'])} published, "
            f"{len(groups['in_review'])} in review, {len(groups['draft'])} drafts); "
            + (f"{changed} created or updated." if changed else "already loaded, nothing changed.")
        )
        if not settings.DEMO_MODE:
            self.stdout.write("Demo mode is off (set NEWSROOM_DEMO=1 to enable it): no demo accounts created.")
            return
        base = f"http://{address}" if address else settings.SITE_URL
        admin_url = base + reverse("admin:index")
        self.stdout.write(f"Demo accounts (new passwords on every run), sign in at {admin_url}")
        for username, password, role in demo_accounts():
            self.stdout.write(f"  {username:<10} {password}   ({role})")
