"""
Related articles and section neighbours, computed when what is published changes and read with
one indexed query (``article_links``).

Related articles share the most entities (counted twice) and tags; ties go to the newer article.
Neighbours are the nearest articles before and after in the same section by publication time.
Both are computed over *live* articles (published or scheduled) readable in the language, and a
few more than a page shows are stored; the read filters the targets through the public rule, so
a scheduled article shows up in its neighbours' links when its time comes, with nothing to run.

When article X is published, scheduled, unpublished or unscheduled (``refresh_article_links``,
run on commit):

- X's own links are recomputed;
- every article whose stored links name X is recomputed (X may have left, or scored lower);
- every other article sharing a tag or an entity with X gets X inserted into its related list if
  X now ranks in its top ``STORED_RELATED`` (the score is symmetric, so one query finds them all);
- the articles within ``STORED_NEIGHBOURS`` of X in its section are recomputed (X may now be
  among their nearest).

``rebuild_links`` recomputes everything in memory (``manage.py rebuild_reader_links``); it gives
the same rows as the incremental path.
"""

from collections import Counter, defaultdict, namedtuple

from django.db import transaction
from django.db.models import Count, Q

from articles.languages import LANGUAGE_CODES, column, columns
from articles.models import Article, ArticleLink, ArticleVersion
from articles.models.addresses import slug_url
from articles.prepared import PreparedQuery
from articles.querysets import public_q
from articles.workflow.after_commit import defer

RELATED_COUNT = 4
# Stored beyond what a page shows, so scheduled articles filtered out at read time leave enough.
STORED_RELATED = RELATED_COUNT + 2
STORED_NEIGHBOURS = 3
ENTITY_WEIGHT = 2
# A batch of at least 1/REBUILD_SHARE of the live articles is refreshed by a full rebuild.
REBUILD_SHARE = 4

Kind = ArticleLink.Kind
# What a related or neighbour link prints: the target's address, time, title and section name.
LINK_COLUMNS = (
    "kind",
    "position",
    "target__slug",
    "target__published_at",
    "target__live_version_id",
    *(f"target__live_version__{name}" for name in columns("title")),
    "target__live_version__section__slug",
    *(f"target__live_version__section__{name}" for name in columns("name")),
)


def article_links(*, article, language, related_count=RELATED_COUNT):
    """
    ``(related, previous, following)`` for ``article``'s page in ``language``: public articles
    only, with their live version and section loaded. One query, whatever the archive size.

    Only the columns a link shows are read (``LINK_COLUMNS``): a version's analyses in every
    language would be most of the bytes otherwise. Anything else a caller reads from these
    articles costs a query.
    """
    rows = links_of(article.pk, variant=language)
    related, previous, following = [], None, None
    for row in rows:
        if row.kind == Kind.RELATED and len(related) < related_count:
            related.append(row.target)
        elif row.kind == Kind.PREVIOUS and previous is None:
            previous = row.target
        elif row.kind == Kind.NEXT and following is None:
            following = row.target
    return related, previous, following


def _links_query(article_id, language):
    return (
        ArticleLink.objects.filter(public_q(language, prefix="target__"), article_id=article_id, language=language)
        .select_related("target", "target__live_version", "target__live_version__section")
        .only(*LINK_COLUMNS)
        .order_by("kind", "position")
    )


# The links of one article in one language; the SQL is built once per process and language.
links_of = PreparedQuery(ArticleLink, _links_query, kind=int)


# What the article page prints of a link (``templates/articles/includes/article_links.html``).
PageLink = namedtuple("PageLink", "pk url title published_at section_name")


def _link_rows_query(article_id, language):
    return (
        ArticleLink.objects.filter(public_q(language, prefix="target__"), article_id=article_id, language=language)
        .order_by("kind", "position")
        .values_list(
            "kind",
            "target_id",
            "target__slug",
            "target__published_at",
            f"target__live_version__{column('title', language)}",
            "target__live_version__section__slug",
            f"target__live_version__section__{column('name', language)}",
        )
    )


# The link rows of one article in one language: plain tuples, the SQL built once per process.
link_rows_of = PreparedQuery(ArticleLink, _link_rows_query, kind=int, rows=True)


def page_links(*, article_id, language, related_count=RELATED_COUNT):
    """
    ``(related, previous, following)`` as ``PageLink`` values for the article page in
    ``language`` (the active one: URLs are in it): what ``article_links`` gives, read as rows
    (no model instances). One query, whatever the archive size.
    """
    related, previous, following = [], None, None
    for kind, pk, slug, published_at, title, section_slug, section_name in link_rows_of(article_id, variant=language):
        link = PageLink(pk, slug_url("articles:detail", slug), title, published_at, section_name or section_slug or "")
        if kind == Kind.RELATED and len(related) < related_count:
            related.append(link)
        elif kind == Kind.PREVIOUS and previous is None:
            previous = link
        elif kind == Kind.NEXT and following is None:
            following = link
    return related, previous, following


# Incremental refresh --------------------------------------------------------------------------


def refresh_links_on_publication(sender, article, **kwargs):
    # At once for a single move; once for all the articles of a coalesced batch (an import run).
    defer("reader links", refresh_articles_links, [article.pk])


def refresh_links_on_schedule(sender, version, action, **kwargs):
    # Scheduling a first publication moves the live pointer without a publish signal.
    if action in ("schedule", "unschedule"):
        defer("reader links", refresh_articles_links, [version.article_id])


def refresh_article_links(article_id):
    """Bring every stored link that article ``article_id``'s publication state can change up to date."""
    refresh_articles_links([article_id])


def refresh_articles_links(article_ids):
    """
    ``refresh_article_links`` for several articles (an import run), one page-cache purge at the
    end. When they are a large part of what is live (at least ``1 / REBUILD_SHARE``), every link
    is recomputed in memory at once (``rebuild_links``: the same rows, at a cost that grows with
    the archive rather than with queries per article); else article by article, one transaction
    per language for all of them.
    """
    from articles.reader import page_cache

    ids = sorted(article_ids)
    if len(ids) > 1 and len(ids) * REBUILD_SHARE >= Article.objects.live().count():
        rebuild_links()
    else:
        for language in LANGUAGE_CODES:
            with transaction.atomic():
                for article_id in ids:
                    _refresh_language(article_id, language)
    # The move bumped the generation when it committed; a page cached since then shows the old
    # links, so bump it again now that they are written.
    page_cache.purge()


def _refresh_language(article_id, language):
    holders = defaultdict(set)
    for holder, kind in ArticleLink.objects.filter(target_id=article_id, language=language).values_list(
        "article_id", "kind"
    ):
        holders[Kind.RELATED if kind == Kind.RELATED else "neighbours"].add(holder)
    facts = _live_facts([article_id], language).get(article_id)
    scored = _scored_candidates(facts, article_id, language) if facts else []
    _write(language, Kind.RELATED, {article_id: scored[:STORED_RELATED]})
    own_neighbours = _neighbour_rows(article_id, facts, language) if facts else {Kind.PREVIOUS: [], Kind.NEXT: []}
    _write_neighbours(language, {article_id: own_neighbours})

    near = {target for rows in own_neighbours.values() for target, _ in rows}
    recompute = (holders["neighbours"] | near) - {article_id}
    if recompute:
        facts_by_id = _live_facts(recompute, language)
        _write_neighbours(language, {pk: _neighbour_rows(pk, facts_by_id.get(pk), language) for pk in recompute})

    stale = holders[Kind.RELATED] - {article_id}
    if stale:
        facts_by_id = _live_facts(stale, language)
        _write(
            language,
            Kind.RELATED,
            {
                pk: _scored_candidates(facts_by_id[pk], pk, language)[:STORED_RELATED] if pk in facts_by_id else []
                for pk in stale
            },
        )
    if facts:
        _insert_into_related_lists(article_id, facts, [(pk, s) for pk, s in scored if pk not in stale], language)


def _insert_into_related_lists(article_id, facts, scored, language):
    """Put ``article_id`` into the related list of each ``(article, score)`` where it now ranks."""
    if not scored:
        return
    score_of = dict(scored)
    current = defaultdict(list)
    for holder, target, score, published_at in ArticleLink.objects.filter(
        article_id__in=score_of, language=language, kind=Kind.RELATED
    ).values_list("article_id", "target_id", "score", "target__published_at"):
        current[holder].append((target, score, published_at))
    changed = {}
    for holder, score in score_of.items():
        rows = current[holder]
        mine = (article_id, score, facts["published_at"])
        ranked = sorted([*rows, mine], key=_rank_key)[:STORED_RELATED]
        if mine in ranked:
            changed[holder] = [(target, s) for target, s, _ in ranked]
    _write(language, Kind.RELATED, changed)


def _rank_key(row):
    target, score, published_at = row
    return (-score, -published_at.timestamp(), -target)


def _live_facts(article_ids, language):
    """For the live articles among ``article_ids`` readable in ``language``: section, time, tags, entities."""
    facts = {
        pk: {"version": version, "section": section, "published_at": at, "tags": set(), "entities": set()}
        for pk, version, section, at in Article.objects.live()
        .in_language(language)
        .filter(pk__in=list(article_ids))
        .values_list("pk", "live_version_id", "live_version__section_id", "published_at")
    }
    by_version = {f["version"]: f for f in facts.values()}
    for version, tag in ArticleVersion.tags.through.objects.filter(articleversion_id__in=by_version).values_list(
        "articleversion_id", "tag_id"
    ):
        by_version[version]["tags"].add(tag)
    for version, entity in ArticleVersion.entities.through.objects.filter(articleversion_id__in=by_version).values_list(
        "articleversion_id", "entity_id"
    ):
        by_version[version]["entities"].add(entity)
    return facts


def _scored_candidates(facts, article_id, language):
    """Every live article sharing a tag or an entity with ``facts``, best first, as ``(pk, score)``."""
    tags, entities = facts["tags"], facts["entities"]
    if not tags and not entities:
        return []
    # Only non-empty parts: an aggregate filtered by an empty ``__in`` turns the whole sum into 0.
    parts = []
    if tags:
        parts.append(Count("live_version__tags", filter=Q(live_version__tags__in=tags), distinct=True))
    if entities:
        parts.append(
            ENTITY_WEIGHT
            * Count("live_version__entities", filter=Q(live_version__entities__in=entities), distinct=True)
        )
    shared = parts[0] if len(parts) == 1 else parts[0] + parts[1]
    return list(
        Article.objects.live()
        .in_language(language)
        .exclude(pk=article_id)
        .filter(Q(live_version__tags__in=tags) | Q(live_version__entities__in=entities))
        .annotate(shared=shared)
        .order_by("-shared", "-published_at", "-pk")
        .values_list("pk", "shared")
    )


def _neighbour_rows(article_id, facts, language):
    if not facts:
        return {Kind.PREVIOUS: [], Kind.NEXT: []}
    siblings = (
        Article.objects.live()
        .in_language(language)
        .filter(live_version__section_id=facts["section"])
        .exclude(pk=article_id)
    )
    at = facts["published_at"]
    before = siblings.filter(Q(published_at__lt=at) | Q(published_at=at, pk__lt=article_id)).order_by(
        "-published_at", "-pk"
    )
    after = siblings.filter(Q(published_at__gt=at) | Q(published_at=at, pk__gt=article_id)).order_by(
        "published_at", "pk"
    )
    return {
        Kind.PREVIOUS: [(pk, 0) for pk in before.values_list("pk", flat=True)[:STORED_NEIGHBOURS]],
        Kind.NEXT: [(pk, 0) for pk in after.values_list("pk", flat=True)[:STORED_NEIGHBOURS]],
    }


def _write(language, kind, rows_by_article):
    """Replace the ``kind`` links of each article in ``rows_by_article`` with its ``(target, score)`` rows."""
    if not rows_by_article:
        return
    ArticleLink.objects.filter(article_id__in=list(rows_by_article), language=language, kind=kind).delete()
    ArticleLink.objects.bulk_create(
        ArticleLink(article_id=pk, language=language, kind=kind, position=position, target_id=target, score=score)
        for pk, rows in rows_by_article.items()
        for position, (target, score) in enumerate(rows)
    )


def _write_neighbours(language, rows_by_article):
    for kind in (Kind.PREVIOUS, Kind.NEXT):
        _write(language, kind, {pk: rows[kind] for pk, rows in rows_by_article.items()})


# Full rebuild ---------------------------------------------------------------------------------


def rebuild_links(*, progress=None):
    """Recompute every stored link from scratch, in memory; return the number of rows written."""
    written = 0
    for language in LANGUAGE_CODES:
        with transaction.atomic():
            ArticleLink.objects.filter(language=language).delete()
            rows = list(_all_rows(language, progress))
            ArticleLink.objects.bulk_create(rows, batch_size=1000)
            written += len(rows)
    return written


def _all_rows(language, progress):
    live = list(
        Article.objects.live()
        .in_language(language)
        .values_list("pk", "live_version_id", "live_version__section_id", "published_at")
    )
    article_of = {version: pk for pk, version, _, _ in live}
    published = {pk: at for pk, _, _, at in live}
    postings = defaultdict(list)  # ("t", tag) / ("e", entity) → article ids
    features = defaultdict(list)
    through = [
        ("t", 1, ArticleVersion.tags.through.objects.values_list("articleversion_id", "tag_id")),
        ("e", ENTITY_WEIGHT, ArticleVersion.entities.through.objects.values_list("articleversion_id", "entity_id")),
    ]
    for prefix, weight, pairs in through:
        for version, key in pairs.filter(articleversion__live_for__isnull=False).iterator(chunk_size=5000):
            pk = article_of.get(version)
            if pk is not None:
                postings[(prefix, key)].append(pk)
                features[pk].append(((prefix, key), weight))
    by_section = defaultdict(list)
    for pk, _, section, at in live:
        by_section[section].append((at, pk))
    for done, (pk, _, _, _) in enumerate(live, 1):
        scores = Counter()
        for key, weight in features[pk]:
            for other in postings[key]:
                scores[other] += weight
        scores.pop(pk, None)
        best = sorted(scores.items(), key=lambda item: (-item[1], -published[item[0]].timestamp(), -item[0]))
        for position, (target, score) in enumerate(best[:STORED_RELATED]):
            yield ArticleLink(
                article_id=pk, language=language, kind=Kind.RELATED, position=position, target_id=target, score=score
            )
        if progress:
            progress(done, len(live))
    for siblings in by_section.values():
        siblings.sort()
        for index, (_, pk) in enumerate(siblings):
            before = [p for _, p in reversed(siblings[max(0, index - STORED_NEIGHBOURS) : index])]
            after = [p for _, p in siblings[index + 1 : index + 1 + STORED_NEIGHBOURS]]
            for kind, targets in ((Kind.PREVIOUS, before), (Kind.NEXT, after)):
                for position, target in enumerate(targets):
                    yield ArticleLink(
                        article_id=pk, language=language, kind=kind, position=position, target_id=target, score=0
                    )
