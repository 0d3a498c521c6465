from articles.models.api import ApiSubmission, ApiToken
from articles.models.articles import Article, ArticleState, SlugRedirect
from articles.models.audit import AuditEvent
from articles.models.images import Rendition
from articles.models.links import ArticleLink, PageSnapshot
from articles.models.mentions import EntityMention
from articles.models.reliability import AfterCommitJob, PublicationGeneration
from articles.models.revisions import VersionRevision
from articles.models.sharing import ShareLink
from articles.models.taxonomy import Entity, EntityAlias, Section, Tag
from articles.models.versions import (
    SCORE_FIELDS,
    ArticleVersion,
    FaqItem,
    Insight,
    KeyDataRow,
    TldrItem,
)

__all__ = [
    "AfterCommitJob",
    "PublicationGeneration",
    "ApiSubmission",
    "ApiToken",
    "SCORE_FIELDS",
    "Article",
    "ArticleLink",
    "ArticleState",
    "ArticleVersion",
    "AuditEvent",
    "Entity",
    "EntityAlias",
    "EntityMention",
    "FaqItem",
    "Insight",
    "KeyDataRow",
    "PageSnapshot",
    "Section",
    "Rendition",
    "ShareLink",
    "SlugRedirect",
    "Tag",
    "TldrItem",
    "VersionRevision",
]
