"""
The desk: what the admin home shows a moderator and an editor, as named selectors.

Each panel is one selector with a fixed number of queries, however many articles it lists
(``articles/tests/test_review_desk.py`` pins them). Moderators (who may publish) see the
moderation panels first; everyone sees their own work.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from articles.models import Article, ArticleVersion
from articles.review import queue
from articles.workflow.moves import PUBLISH_PERMISSION

State = ArticleVersion.State
VIEW_PERMISSION = "articles.view_articleversion"
PANEL_SIZE = 8


@dataclass
class Desk:
    moderator: bool
    waiting: list = field(default_factory=list)  # queue.ReviewItem, oldest first
    waiting_count: int = 0
    scheduled: list = field(default_factory=list)
    published: list = field(default_factory=list)  # Article with its live version
    my_drafts: list = field(default_factory=list)
    returned: list = field(default_factory=list)  # changes requested, with the moderator's note
    my_in_review: list = field(default_factory=list)


def review_queue_count():
    """How many versions wait for a moderator (the sidebar's count): one query."""
    return ArticleVersion.objects.filter(state=State.IN_REVIEW).count()


def recently_published(limit=PANEL_SIZE):
    """Articles live now, the last published first, with their live version: one query."""
    return list(
        Article.objects.filter(live_version__isnull=False, published_at__lte=timezone.now())
        .select_related("live_version", "live_version__approved_by")
        .order_by("-live_version__go_live_at", "-pk")[:limit]
    )


def _mine(user):
    return Q(created_by=user) | Q(modified_by=user) | Q(submitted_by=user)


def my_versions(user, states, limit=PANEL_SIZE):
    """The working drafts in ``states`` that ``user`` wrote, edited or submitted, latest change first."""
    return list(
        ArticleVersion.objects.filter(_mine(user), state__in=states, draft_for__isnull=False)
        .select_related("article", "modified_by", "submitted_by")
        .order_by("-modified_at", "-pk")[:limit]
    )


def desk_for(user):
    """The panels of ``user``'s desk."""
    moderator = user.has_perm(PUBLISH_PERMISSION)
    desk = Desk(moderator=moderator)
    if moderator:
        desk.waiting = queue.review_queue()
        desk.waiting_count = len(desk.waiting)
        desk.waiting = desk.waiting[:PANEL_SIZE]
        desk.scheduled = queue.scheduled_versions()[:PANEL_SIZE]
        desk.published = recently_published()
    desk.returned = my_versions(user, [State.CHANGES_REQUESTED])
    desk.my_drafts = my_versions(user, [State.DRAFT])
    desk.my_in_review = my_versions(user, [State.IN_REVIEW])
    return desk
