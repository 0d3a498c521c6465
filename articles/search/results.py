"""
The page of results a search shows, ready to print: only the page's 10 articles are loaded,
highlighted and linked, whatever the number of matches.

Three queries: the articles with their live version and section (the long texts left out,
``for_cards``), the names of their tags (plain values, not model instances), and the snippet
texts from the index. Each article gets, besides its model fields:

- ``title_html``: the title in the page language, matches in ``<mark>``;
- ``snippet``: the passage around the first match (``highlight.snippet``, on a bounded piece of
  the text);
- ``url``, ``section_url``, ``section_label`` and ``tag_links`` (``[(url, label), …]`` in tag
  order): what the result's links need, built here once so the template only prints strings.
"""

from django.db import connection

from articles.languages import column, translated
from articles.models import Article, ArticleVersion, Tag
from articles.models.addresses import slug_url
from articles.search.backends import get_backend
from articles.search.highlight import highlight, snippet, terms_pattern


def page_results(article_ids, terms, language):
    """The articles of ``article_ids`` (in that order, missing ones left out), ready to list."""
    if not article_ids:
        return []
    by_id = {article.pk: article for article in Article.objects.filter(pk__in=article_ids).for_search_results()}
    articles = [by_id[pk] for pk in article_ids if pk in by_id]
    tags = _tag_links([article.live_version_id for article in articles], language)
    plain = get_backend().plain_texts([article.pk for article in articles], language)
    pattern = terms_pattern(terms)
    for article in articles:
        version = article.live_version
        section = version.section
        article.url = article.get_absolute_url()
        article.section_url = section.get_absolute_url()
        article.section_label = translated(section, "name", language) or section.slug
        article.tag_links = tags.get(version.pk, [])
        article.title_html = highlight(translated(version, "title", language), pattern)
        article.snippet = snippet(plain.get(article.pk) or translated(version, "summary", language), pattern, language)
    return articles


def _tag_links(version_ids, language):
    """
    ``{version id: [(url, label), …]}``, tags by slug (their order everywhere), the label their
    name in ``language``, else their slug. One query, read as plain rows.
    """
    if not version_ids:
        return {}
    through = ArticleVersion.tags.through._meta
    tag = Tag._meta
    version_column = through.get_field("articleversion").column
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT l.{version_column}, t.slug, t.{tag.get_field(column('name', language)).column} "
            f"FROM {through.db_table} l JOIN {tag.db_table} t ON t.{tag.pk.column} = l.{through.get_field('tag').column} "
            f"WHERE l.{version_column} IN ({', '.join(['%s'] * len(version_ids))}) ORDER BY t.slug",
            list(version_ids),
        )
        rows = cursor.fetchall()
    links = {}
    for version_id, slug, name in rows:
        links.setdefault(version_id, []).append((slug_url("articles:tag", slug), name or slug))
    return links
