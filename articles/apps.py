from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        # Receivers: the page-cache purge on article_published / article_unpublished, the search
        # index, the entity payload's invalidation and the mention index.
        from articles import cache, content, mention_index  # noqa: F401
        from articles.search import receivers  # noqa: F401
