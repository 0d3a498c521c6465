from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save, pre_delete
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        """Connect every receiver here, in one list (in this order): side effects of moves and of edits."""
        from django.conf import settings
        from django.db.models.signals import pre_save
        from PIL import Image

        from articles import signals
        from articles.entities import mention_index, vocabulary
        from articles.images import receivers as images
        from articles.images import uploads
        from articles.models import Article, ArticleVersion, Entity, EntityAlias, Section, Tag
        from articles.reader import context_processors, links, snapshots
        from articles.search import receivers as search

        # Pillow's decompression-bomb guard follows the upload cap (it refuses twice this many pixels).
        Image.MAX_IMAGE_PIXELS = settings.IMAGES_MAX_PIXELS

        connections = [
            # Image renditions and social cards.
            (signals.version_changed, images.version_changed, None, "images_version_changed"),
            (signals.article_published, images.article_published, None, "images_article_published"),
            (post_save, images.entity_saved, Entity, "images_entity_saved"),
            (post_delete, images.owner_deleted, ArticleVersion, "images_version_deleted"),
            (post_delete, images.owner_deleted, Entity, "images_entity_deleted"),
            (post_delete, images.article_deleted, Article, "images_article_deleted"),
            (pre_save, uploads.note_upload, ArticleVersion, "images_upload_version"),
            (pre_save, uploads.note_upload, Entity, "images_upload_entity"),
            # Reader links (related, previous/next) and page snapshots, refreshed after commit.
            (signals.article_published, links.refresh_links_on_publication, None, "reader_links_on_publish"),
            (signals.article_unpublished, links.refresh_links_on_publication, None, "reader_links_on_unpublish"),
            (signals.version_changed, links.refresh_links_on_schedule, None, "reader_links_schedule_changed"),
            (post_save, context_processors.sections_changed, Section, "reader_sections_saved"),
            (post_delete, context_processors.sections_changed, Section, "reader_sections_deleted"),
            (signals.article_published, snapshots.store_on_publication, None, "reader_snapshot_on_publish"),
            (signals.version_changed, snapshots.store_on_schedule, None, "reader_snapshot_on_schedule"),
            (post_save, snapshots.section_changed, Section, "reader_snapshot_section_saved"),
            (post_save, snapshots.tag_or_entity_changed, Tag, "reader_snapshot_tag_saved"),
            (pre_delete, snapshots.tag_or_entity_changed, Tag, "reader_snapshot_tag_deleted"),
            (post_save, snapshots.tag_or_entity_changed, Entity, "reader_snapshot_entity_saved"),
            (pre_delete, snapshots.tag_or_entity_changed, Entity, "reader_snapshot_entity_deleted"),
            # (The reader's page cache needs no receiver: moves bump its generation in their transaction.)
            # The entity vocabulary the checks and the mention index read.
            (post_save, vocabulary._entities_changed, Entity, "entities_vocabulary_entity_saved"),
            (post_delete, vocabulary._entities_changed, Entity, "entities_vocabulary_entity_deleted"),
            (post_save, vocabulary._entities_changed, EntityAlias, "entities_vocabulary_alias_saved"),
            (post_delete, vocabulary._entities_changed, EntityAlias, "entities_vocabulary_alias_deleted"),
            # The stored mentions of working versions.
            (signals.version_changed, mention_index._version_changed, None, "entities_mention_index_version_changed"),
            (signals.article_published, mention_index._article_published, None, "entities_mention_index_published"),
            # The search index.
            (signals.article_published, search.reindex_on_publication, None, "search_article_published"),
            (signals.article_unpublished, search.reindex_on_publication, None, "search_article_unpublished"),
            (signals.version_changed, search.reindex_on_schedule, None, "search_version_changed"),
            (post_delete, search.remove_deleted, Article, "search_article_deleted"),
            (post_save, search.entity_changed, Entity, "search_entity_saved"),
            (post_delete, search.entity_changed, Entity, "search_entity_deleted"),
            (post_save, search.alias_changed, EntityAlias, "search_alias_saved"),
            (post_delete, search.alias_changed, EntityAlias, "search_alias_deleted"),
            (post_save, search.tag_changed, Tag, "search_tag_saved"),
        ]
        from articles import roles

        # The Editors and Moderators groups, after every migrate and flush.
        post_migrate.connect(roles.ensure_groups, sender=self, dispatch_uid="articles_roles_ensure_groups")
        for signal, receiver, sender, uid in connections:
            signal.connect(receiver, sender=sender, dispatch_uid=uid)
