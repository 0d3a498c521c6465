"""
Share-link tokens. A token is the link's id signed with the project's secret and its own salt;
whether the link still works (not expired, not revoked) is decided by its ``ShareLink`` row, so
revoking or shortening a link takes effect at once.
"""

from django.core import signing
from django.utils import timezone

from articles.models import ShareLink

SALT = "articles.share-link"


def share_link_token(link):
    return signing.dumps({"link": link.pk}, salt=SALT, compress=False)


def share_link_for_token(token, *, now=None):
    """The active link a token stands for, with its version and article loaded; ``None`` otherwise."""
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    link_id = payload.get("link") if isinstance(payload, dict) else None
    if not isinstance(link_id, int):
        return None
    link = ShareLink.objects.select_related("version", "version__article").filter(pk=link_id).first()
    if link is None or not link.is_active(now or timezone.now()):
        return None
    return link
