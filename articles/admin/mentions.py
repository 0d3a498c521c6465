"""
The consistency report and the detected entity mentions on a version's admin page, and the
"Add to this article's entities" action.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles import workflow
from articles.consistency.engine import check_content
from articles.consistency.reports import current_override, finding_rows
from articles.entities.suggestions import mention_groups, unknown_names
from articles.entities.vocabulary import entities_payload, version_content, with_content
from articles.models import ArticleVersion, Entity


def report_context(version, *, content=None, entities=None, findings=None):
    """``{"rows", "blocking", "override", "version"}`` for the report include. ``findings`` are
    the engine's findings when the caller already has them (the engine runs once per request)."""
    content = version_content(version) if content is None else content
    if findings is None:
        entities = entities_payload() if entities is None else entities
        findings = check_content(content=content, entities=entities)
    blocking = [f for f in findings if f.severity == "high"]
    return {
        "rows": finding_rows(findings, content, version_pk=version.pk),
        "blocking": len(blocking),
        "override": current_override(version) if blocking else None,
        "version": version,
    }


def override_form(version, user):
    """The "override with reason" form for a version in review, if ``user`` may approve it."""
    if version.state != ArticleVersion.State.IN_REVIEW or not user.has_perm(workflow.PUBLISH_PERMISSION):
        return None
    from articles.review.views import OverrideForm  # local: the review screen's own form, one definition

    return OverrideForm()


def panel_context(version):
    """The report plus mentions and suggestions, for the version's admin page."""
    version = with_content().prefetch_related("entities").get(pk=version.pk)
    entities = entities_payload()
    content = version_content(version)
    listed = {entity.slug for entity in version.entities.all()}
    groups = mention_groups(content=content, entities=entities, listed_slugs=listed)
    return {
        "consistency": report_context(version, content=content, entities=entities),
        "mention_groups": groups,
        "unlisted_mentions": [group for group in groups if not group.listed],
        "name_suggestions": unknown_names(content=content, entities=entities),
    }


def add_entities_view(model_admin, request, object_id):
    """POST: add the ticked mentioned entities to the version's entities (an edit: revision + 1)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    version = get_object_or_404(ArticleVersion.objects.select_related("article"), pk=object_id)
    if not model_admin.has_change_permission(request, version):
        raise PermissionDenied
    slugs = set(request.POST.getlist("entity"))
    loaded = with_content().get(pk=version.pk)
    mentioned = {
        g.slug for g in mention_groups(content=version_content(loaded), entities=entities_payload(), listed_slugs=set())
    }
    wanted = list(Entity.objects.filter(slug__in=slugs & mentioned))
    if not slugs or len(wanted) != len(slugs):
        messages.error(request, _("Choose entities mentioned in the text."))
        return redirect("admin:articles_articleversion_change", version.pk)
    try:
        with transaction.atomic():
            version = ArticleVersion.objects.select_for_update().get(pk=version.pk)
            version.entities.add(*wanted)
            workflow.version_saved(version=version, by=request.user)
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            ngettext(
                "Added %(names)s to this article's entities.",
                "Added %(names)s to this article's entities.",
                len(wanted),
            )
            % {"names": ", ".join(str(entity) for entity in wanted)},
        )
    return redirect("admin:articles_articleversion_change", version.pk)
