"""``Authorization: Bearer <token>`` against the hashed ``ApiToken`` rows."""

from django.utils import timezone
from ninja.security import HttpBearer

from articles.models import ApiToken

# last_used_at is written at most this often per token, so a busy client costs one UPDATE a minute.
LAST_USED_RESOLUTION_SECONDS = 60


class TokenAuth(HttpBearer):
    """Authenticates an active token with the given scope; anything else is a 401."""

    def __init__(self, scope=ApiToken.Scope.SUBMIT_DRAFTS):
        self.scope = scope
        super().__init__()

    def authenticate(self, request, token):
        found = ApiToken.authenticate(token)
        if found is None or found.scope != self.scope:
            return None
        now = timezone.now()
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() >= LAST_USED_RESOLUTION_SECONDS:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
            found.last_used_at = now
        return found
