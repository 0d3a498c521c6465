"""GET endpoints of the read-only content API: parse the query, call ``articles.api.reading``, answer."""

from datetime import datetime

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from articles.api import reading, schemas

router = Router(tags=["content"])

NOT_FOUND = {404: schemas.ErrorOut, 400: schemas.ErrorOut}


class ListQuery(Schema):
    language: schemas.Language = "en"
    section: str | None = Field(None, max_length=80, description="Section slug.")
    tag: str | None = Field(None, max_length=80, description="Tag slug.")
    entity: str | None = Field(None, max_length=80, description="Entity slug: articles that list or mention it.")
    since: datetime | None = Field(None, description="Published or updated at or after this time (ISO 8601).")
    sort: schemas.Sort = "latest"
    cursor: str | None = Field(None, max_length=500, description="next_cursor of the previous page.")
    limit: int = Field(20, ge=1, le=100)


@router.get("/articles/", response={200: schemas.ArticlePage, 400: schemas.ErrorOut}, summary="List articles")
def article_list(request, query: Query[ListQuery]):
    """Published articles readable in ``language``, filtered and sorted, a page at a time."""
    try:
        items, next_cursor = reading.articles_page(
            language=query.language,
            section=query.section,
            tag=query.tag,
            entity=query.entity,
            since=query.since,
            sort=query.sort,
            cursor=query.cursor,
            limit=query.limit,
        )
    except reading.BadCursor:
        return Status(
            400,
            {
                "detail": _("Unknown cursor: start again from the first page."),
                "errors": [{"path": "cursor", "message": _("unknown cursor")}],
            },
        )
    return Status(
        200,
        {
            "items": [reading.article_item(request, article, query.language) for article in items],
            "next_cursor": next_cursor,
        },
    )


class DetailQuery(Schema):
    language: schemas.Language | None = Field(None, description="One language; every language it has when left out.")


@router.get("/articles/{slug}/", response={200: schemas.ArticleDetail, **NOT_FOUND}, summary="One article")
def article_detail(request, slug: str, query: Query[DetailQuery]):
    found = reading.article_detail(request, slug, query.language)
    if found is None:
        return Status(404, {"detail": _("No published article with this address in this language.")})
    return Status(200, found)


@router.get("/sections/", response=list[schemas.SectionOut], summary="Sections")
def section_list(request):
    return reading.sections()


@router.get("/tags/", response=list[schemas.TagOut], summary="Tags of published articles")
def tag_list(request):
    return reading.tags()


@router.get("/entities/{slug}/", response={200: schemas.EntityOut, **NOT_FOUND}, summary="One entity")
def entity_detail(request, slug: str):
    found = reading.entity_detail(slug)
    if found is None:
        return Status(404, {"detail": _("No entity with this slug in published articles.")})
    return Status(200, found)
