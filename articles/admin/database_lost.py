"""
Admin and moderation POSTs run in one transaction, and a database connection lost on the way
(the server restarted, the connection was terminated) answers a 503 page saying that nothing was
saved, instead of a bare 500.

The one transaction makes "nothing was saved" true: every write of the request (an admin save,
a workflow move and its audit row, the durable after-commit record) commits together at the end
or not at all. A failure after that commit (an after-commit receiver) is not this page's case:
the request then fails as before, and the durable record retries the work
(``articles.workflow.after_commit``).
"""

from django.db import InterfaceError, OperationalError, connection, transaction
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse

LOST = (OperationalError, InterfaceError)


class DatabaseLostMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = reverse("admin:index")

    def _applies(self, request):
        return request.method == "POST" and request.path_info.startswith(self.prefix)

    def __call__(self, request):
        if not self._applies(request):
            return self.get_response(request)
        # CONN_HEALTH_CHECKS replaces a dead persistent connection at the request's first query,
        # but not inside a transaction: check it before opening the request's one.
        connection.close_if_health_check_failed()
        committed = []
        try:
            with transaction.atomic():
                transaction.on_commit(lambda: committed.append(True))
                response = self.get_response(request)
                if getattr(request, "database_lost", False):
                    transaction.set_rollback(True)
        except LOST:
            if committed:
                raise  # the request's work was saved; what failed came after
            return database_lost_response()
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, LOST) and self._applies(request):
            request.database_lost = True
            return database_lost_response()
        return None


def database_lost_response():
    """The 503 page, rendered without touching the database (the connection is gone)."""
    response = HttpResponse(render_to_string("admin/database_lost.html"), status=503)
    response["Retry-After"] = "5"
    response["Cache-Control"] = "no-store"
    return response
