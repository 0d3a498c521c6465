"""
The Articles screen.

The changelist has one row per ``Article``. Opening an article opens the version editors work
on (its working draft, else its live version, read-only, with a button to start a new draft);
"Add article" creates the article and its first draft through ``workflow.article_create``.
Every state change, here or in a bulk action, is a call into ``articles.workflow``.
"""

from datetime import datetime
from functools import partial

from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import BooleanField, CharField, Exists, ExpressionWrapper, OuterRef, Q, Value
from django.db.models.expressions import Case, When
from django.db.models.functions import Coalesce, Now
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from articles import parts, plaintext, provenance, staleness, timefmt, workflow
from articles.admin import conflicts, mentions, slugs
from articles.admin.forms import ArticleAddForm, ArticleVersionForm
from articles.admin.inlines import VERSION_INLINES
from articles.images.uploads import uploads_discarded_on_failure
from articles.languages import LANGUAGE_CODES, NATIVE_NAMES, column, columns, translated
from articles.models import (
    Article,
    ArticleState,
    ArticleVersion,
    AuditEvent,
    Section,
    Tag,
)
from articles.workflow.moves import MOVES, history_label

State = ArticleVersion.State
ADMIN_MEDIA_JS = ("js/admin-language.js",)
VERSION_MEDIA_JS = (*ADMIN_MEDIA_JS, "js/admin-focal-point.js")
ADMIN_MEDIA_CSS = {"all": ("css/admin.css",)}

# The parts counted by the translation-completeness column: three texts and four row lists.
TEXT_PARTS = tuple((part.name, part.label) for part in parts.TEXT_PARTS)
# (key, row model, the field whose text counts, label): a row list counts when that field has text.
ROW_PARTS = tuple((part.name, part.model, part.text_fields[0], part.label) for part in parts.LIST_PARTS)


# Query building blocks -------------------------------------------------------------------------
# An article's "current" version is the one editors see: its working draft, else its live version.


def on_current(**lookups):
    """A filter on the article's current version: ``on_current(section_id=3)``."""
    on_draft = Q(draft__isnull=False, **{f"draft__{key}": value for key, value in lookups.items()})
    on_live = Q(draft__isnull=True, **{f"live_version__{key}": value for key, value in lookups.items()})
    return on_draft | on_live


def blank_on_current(field):
    """The current version's ``field`` is NULL or empty (translation columns are nullable)."""
    return (Q(draft__isnull=False) & (Q(**{f"draft__{field}__isnull": True}) | Q(**{f"draft__{field}": ""}))) | (
        Q(draft__isnull=True) & (Q(**{f"live_version__{field}__isnull": True}) | Q(**{f"live_version__{field}": ""}))
    )


def state_expression():
    """``Article.state`` as SQL, so the state filter is a database filter. Keep the two in step."""
    live = Q(live_version__isnull=False)
    return Case(
        When(live & Q(published_at__gt=Now()), then=Value(ArticleState.SCHEDULED.value)),
        When(live & Q(draft__state=State.IN_REVIEW), then=Value(ArticleState.LIVE_IN_REVIEW.value)),
        When(live & Q(draft__state=State.APPROVED), then=Value(ArticleState.LIVE_SCHEDULED_UPDATE.value)),
        When(
            live & Q(draft__state__in=[State.DRAFT, State.CHANGES_REQUESTED]), then=Value(ArticleState.LIVE_DRAFT.value)
        ),
        When(live, then=Value(ArticleState.LIVE.value)),
        When(draft__state=State.IN_REVIEW, then=Value(ArticleState.IN_REVIEW.value)),
        When(draft__state=State.CHANGES_REQUESTED, then=Value(ArticleState.CHANGES_REQUESTED.value)),
        When(published_at__isnull=False, then=Value(ArticleState.UNPUBLISHED.value)),
        default=Value(ArticleState.DRAFT.value),
        output_field=CharField(),
    )


# Text parts the changelist does not load (long): their presence is an annotation instead.
LONG_TEXT_PARTS = ("analysis",)


def text_annotations():
    """Per long text part and language: does the current version have it? (``has_analysis_en``…)"""
    annotations = {}
    for name in LONG_TEXT_PARTS:
        for language in LANGUAGE_CODES:
            field = column(name, language)
            annotations[f"has_{name}_{column('', language)[1:]}"] = Case(
                When(draft__isnull=False, then=ExpressionWrapper(Q(**{f"draft__{field}__gt": ""}), BooleanField())),
                default=ExpressionWrapper(Q(**{f"live_version__{field}__gt": ""}), BooleanField()),
                output_field=BooleanField(),
            )
    return annotations


def part_annotations():
    """One EXISTS per row list and language: does the current version have a non-blank row?"""
    annotations = {}
    for key, model, field, _label in ROW_PARTS:
        for language in LANGUAGE_CODES:
            rows = model.objects.filter(
                version_id=OuterRef("current_version_id"), **{f"{column(field, language)}__gt": ""}
            )
            annotations[f"has_{key}_{column('', language)[1:]}"] = Exists(rows)
    return annotations


class WindowPaginator(Paginator):
    """
    The changelist's pages read by ``ArticleQuerySet.window``: the ordering over every article
    reads only the covering index of the versions, and the columns (with their EXISTS and CASE
    annotations) are computed for the page's rows only.
    """

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self.object_list.window(bottom, top), number, self)


class ArticleChangeList(ChangeList):
    def get_queryset(self, request, exclude_parameters=None):
        # Not in the admin's get_queryset: actions and the change view may read the long texts.
        return super().get_queryset(request, exclude_parameters).for_admin_rows()


# Filters ---------------------------------------------------------------------------------------


class StateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return ArticleState.choices

    def queryset(self, request, queryset):
        if self.value() in ArticleState.values:
            return queryset.filter(state_code=self.value())
        return queryset


class SectionFilter(admin.SimpleListFilter):
    title = _("section")
    parameter_name = "section"

    def lookups(self, request, model_admin):
        return [(section.slug, str(section)) for section in Section.objects.all()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(on_current(section__slug=self.value()))
        return queryset


class TagFilter(admin.SimpleListFilter):
    title = _("tag")
    parameter_name = "tag"

    def lookups(self, request, model_admin):
        return [(tag.slug, str(tag)) for tag in Tag.objects.all()]

    def queryset(self, request, queryset):
        if self.value():
            tagged = ArticleVersion.tags.through.objects.filter(
                articleversion_id=OuterRef("current_version_id"), tag__slug=self.value()
            )
            return queryset.filter(Exists(tagged))
        return queryset


class AIGeneratedFilter(admin.SimpleListFilter):
    title = _("AI-generated")
    parameter_name = "ai"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(on_current(ai_generated=self.value() == "yes"))
        return queryset


class MissingLanguageFilter(admin.SimpleListFilter):
    title = _("missing language")
    parameter_name = "missing"

    def lookups(self, request, model_admin):
        return [(code, NATIVE_NAMES[code]) for code in LANGUAGE_CODES]

    def queryset(self, request, queryset):
        if self.value() in LANGUAGE_CODES:
            return queryset.filter(blank_on_current(column("title", self.value())))
        return queryset


class StaleTranslationFilter(admin.SimpleListFilter):
    title = _("translation needs update")
    parameter_name = "stale"

    def lookups(self, request, model_admin):
        return [("any", _("In any language")), *((code, NATIVE_NAMES[code]) for code in LANGUAGE_CODES)]

    def queryset(self, request, queryset):
        languages = (
            LANGUAGE_CODES if self.value() == "any" else [self.value()] if self.value() in LANGUAGE_CODES else []
        )
        if not languages:
            return queryset
        condition = Q()
        for part in parts.PARTS:
            for language in languages:
                condition |= on_current(stale_translations__has_key=staleness.key(part.name, language))
        return queryset.filter(condition)


# Articles --------------------------------------------------------------------------------------


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    # Compact columns (scores in one, date over time, one language a line) leave the title room
    # beside the navigation and filter sidebars at 1280 px.
    list_display = ("state_label", "section_name", "title_marked", "scores", "modified", "completeness")
    list_display_links = ("title_marked",)
    list_filter = (
        StateFilter,
        SectionFilter,
        TagFilter,
        AIGeneratedFilter,
        MissingLanguageFilter,
        StaleTranslationFilter,
    )
    search_fields = (
        "slug",
        *[
            f"{version}__{column(name, language)}"
            for version in ("draft", "live_version")
            for name in ("title", "summary")
            for language in LANGUAGE_CODES
        ],
    )
    actions = ("submit_selected", "withdraw_selected", "publish_selected", "unpublish_selected")
    list_per_page = 50
    paginator = WindowPaginator

    def get_changelist(self, request, **kwargs):
        return ArticleChangeList

    class Media:
        css = ADMIN_MEDIA_CSS

    def get_queryset(self, request):
        return (
            Article.objects.for_admin()
            .annotate(
                current_version_id=Coalesce("draft_id", "live_version_id"),
                state_code=state_expression(),
                modified_at=Coalesce("draft__modified_at", "live_version__modified_at", "created_at"),
            )
            .annotate(**part_annotations(), **text_annotations())
        )

    def get_ordering(self, request):
        return ("-modified_at", "-pk")  # an annotation, hence not the ``ordering`` option

    # Columns ---------------------------------------------------------------------------------

    @staticmethod
    def current(article):
        return article.draft or article.live_version

    @admin.display(description=_("state"), ordering="state_code")
    def state_label(self, article):
        label = ArticleState(article.state_code).label
        if article.draft_id is None:
            return label
        # The revision of the draft this row shows: a bulk approval approves that revision only
        # (the form around the list posts it with the action; docs/workflow.md).
        return format_html(
            '{}<input type="hidden" name="seen-{}" value="{}:{}">',
            label,
            article.pk,
            article.draft_id,
            article.draft.revision,
        )

    @admin.display(description=_("section"))
    def section_name(self, article):
        version = self.current(article)
        return str(version.section) if version else "–"

    @admin.display(description=_("title"))
    def title_marked(self, article):
        version = self.current(article)
        titles = {code: (translated(version, "title", code) or "") if version else "" for code in LANGUAGE_CODES}
        preferred = [get_language()] + [code for code in LANGUAGE_CODES if code != get_language()]
        title = next((titles[code] for code in preferred if titles.get(code)), article.slug)
        missing = [code for code in LANGUAGE_CODES if not titles[code]]
        markers = format_html_join(
            "",
            ' <span class="missing-language" title="{}">{}</span>',
            (
                (
                    gettext("No title in %(language)s") % {"language": NATIVE_NAMES[code]},
                    gettext("no %(language)s") % {"language": NATIVE_NAMES[code]},
                )
                for code in missing
            ),
        )
        stale = staleness.items(version) if version else []
        stale_marker = (
            format_html(
                ' <span class="needs-update" title="{}">{}</span>',
                "; ".join(str(item["label"]) for item in stale),
                gettext("needs update"),
            )
            if stale
            else ""
        )
        return format_html("{}{}{}", title, markers, stale_marker)

    def _score(self, article, name):
        version = self.current(article)
        return getattr(version, name) if version else None

    @admin.display(description=_("scores"), ordering=Coalesce("draft__hot_score", "live_version__hot_score"))
    def scores(self, article):
        version = self.current(article)
        if version is None:
            return "–"
        return format_html_join(
            "",
            '<span class="score-line">{} <b>{}</b></span>',
            (
                (label, getattr(version, name))
                for name, label in (
                    ("hot_score", gettext("hot")),
                    ("quality_score", gettext("quality")),
                    ("impact_score", gettext("impact")),
                )
            ),
        )

    @admin.display(description=_("updated"), ordering="modified_at")
    def modified(self, article):
        local = timezone.localtime(article.modified_at)
        return format_html(
            '<time datetime="{}" title="{}">{}<br>{}</time>',
            local.isoformat(),
            timefmt.absolute_time(local),
            date_format(local, "DATE_FORMAT"),
            time_format(local, "TIME_FORMAT"),
        )

    @admin.display(description=_("translation"))
    def completeness(self, article):
        version = self.current(article)
        cells = []
        for language in LANGUAGE_CODES:
            suffix = column("", language)[1:]
            missing = [
                str(label)
                for name, label in TEXT_PARTS
                if not (
                    getattr(article, f"has_{name}_{suffix}")
                    if name in LONG_TEXT_PARTS
                    else version and translated(version, name, language)
                )
            ]
            missing += [
                str(label) for key, _model, _field, label in ROW_PARTS if not getattr(article, f"has_{key}_{suffix}")
            ]
            total = len(TEXT_PARTS) + len(ROW_PARTS)
            hint = gettext("Missing: %(parts)s") % {"parts": ", ".join(missing)} if missing else gettext("Complete")
            cells.append(
                (
                    ("complete" if not missing else "incomplete"),
                    hint,
                    NATIVE_NAMES[language],
                    total - len(missing),
                    total,
                )
            )
        return format_html_join(mark_safe("<br>"), '<span class="translation-{}" title="{}">{} {}/{}</span>', cells)

    # Opening and adding ----------------------------------------------------------------------

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        return redirect("admin:articles_articleversion_add")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = get_object_or_404(Article.objects.select_related("draft", "live_version"), pk=object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        version = self.current(article) or article.versions.order_by("-number").first()
        return redirect("admin:articles_articleversion_change", version.pk)

    def history_view(self, request, object_id, extra_context=None):
        """One history: an article's is its version history (versions, diffs, restore, audit trail)."""
        return redirect("moderation:history", get_object_or_404(Article, pk=object_id).pk)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_publish_permission(self, request):
        return request.user.has_perm(workflow.PUBLISH_PERMISSION)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            actions.pop("delete_selected", None)
        return actions

    # Bulk actions: each article is one workflow call with the workflow's own checks. -----------

    def _bulk(self, request, queryset, move, done_message):
        done, failed = 0, []
        for article in queryset:
            try:
                move(article)
            except (workflow.WorkflowError, PermissionDenied) as error:
                failed.append(f"{article.slug}: {error or gettext('You do not have permission to do this.')}")
            else:
                done += 1
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)
        for line in failed:
            self.message_user(request, line, messages.ERROR)

    @staticmethod
    def _live(article):
        if article.live_version_id is None:
            raise workflow.TransitionNotAllowed(gettext("This article is not published."))
        return article.live_version

    @staticmethod
    def _draft(article):
        if article.draft_id is None:
            raise workflow.WorkflowError(gettext("There is no working draft."))
        return article.draft

    @admin.action(description=_("Submit selected for review"), permissions=["change"])
    def submit_selected(self, request, queryset):
        self._bulk(
            request,
            queryset,
            lambda article: workflow.perform("submit", version=self._draft(article), by=request.user),
            lambda n: (
                ngettext("%(count)d article submitted for review.", "%(count)d articles submitted for review.", n)
                % {"count": n}
            ),
        )

    @admin.action(description=_("Withdraw selected from review"), permissions=["change"])
    def withdraw_selected(self, request, queryset):
        self._bulk(
            request,
            queryset,
            lambda article: workflow.perform("withdraw", version=self._draft(article), by=request.user),
            lambda n: (
                ngettext("%(count)d article withdrawn from review.", "%(count)d articles withdrawn from review.", n)
                % {"count": n}
            ),
        )

    @admin.action(description=_("Publish selected now"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._bulk(
            request,
            queryset,
            lambda article: workflow.perform(
                "publish", version=self._draft(article), by=request.user, seen=request.POST.get(f"seen-{article.pk}")
            ),
            lambda n: ngettext("%(count)d article published.", "%(count)d articles published.", n) % {"count": n},
        )

    @admin.action(description=_("Unpublish selected"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        self._bulk(
            request,
            queryset,
            lambda article: workflow.perform("unpublish", version=self._live(article), by=request.user),
            lambda n: ngettext("%(count)d article unpublished.", "%(count)d articles unpublished.", n) % {"count": n},
        )


# Versions: the edit form behind every article --------------------------------------------------


def offered_moves(version, user, *, editable):
    """
    The moves the buttons above the form offer, in the moves table's order, with its labels.
    Starting a draft is offered only when there is no working draft to open instead, restoring
    only on a version that is not being edited.
    """
    article = version.article
    hidden = set()
    if article.draft_id and article.draft_id != version.pk:
        hidden.add("start_draft")
    if editable:
        hidden.add("restore")
    return [MOVES[name] for name in workflow.allowed_moves(version=version, user=user) if name not in hidden]


def _state_label(value):
    return State(value).label if value in State.values else value


def presence_text(others):
    if not others:
        return ""
    people = ", ".join(
        gettext("%(name)s (%(since)s)") % {"name": name, "since": timefmt.time_since(at)} for name, at in others
    )
    return gettext("Also editing: %(people)s") % {"people": people}


@admin.register(ArticleVersion)
class ArticleVersionAdmin(TranslationAdmin):
    form = ArticleVersionForm
    add_form = ArticleAddForm
    inlines = VERSION_INLINES
    autocomplete_fields = ("section", "tags", "entities")
    readonly_fields = ("version_summary", "article_views")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "section",
                    columns("title"),
                    columns("summary"),
                    columns("analysis"),
                )
            },
        ),
        (
            _("Lead image"),
            {
                "fields": (
                    "image",
                    ("image_focus_x", "image_focus_y"),
                    columns("image_alt"),
                    columns("image_credit"),
                )
            },
        ),
        (
            _("Scores and flags"),
            {"fields": (("hot_score", "quality_score", "impact_score"), ("ai_generated", "ai_generated_reason"))},
        ),
        (_("Tags and entities"), {"fields": ("tags", "entities")}),
    )
    save_as = False

    class Media:
        js = VERSION_MEDIA_JS
        css = ADMIN_MEDIA_CSS

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article", "section", "modified_by")

    def get_fieldsets(self, request, obj=None):
        fieldsets = [(name, dict(options)) for name, options in super().get_fieldsets(request, obj)]
        first = fieldsets[0][1]
        if obj is None:
            first["fields"] = ("slug", *first["fields"])
        else:
            first["fields"] = (("version_summary", "article_views"), *first["fields"], "base_revision")
            if obj.stale_translations and self.has_change_permission(request, obj):
                fieldsets.insert(1, (_("Translations to check"), {"fields": ("confirm_translations",)}))
        return fieldsets

    def get_form(self, request, obj=None, **kwargs):
        kwargs["form"] = self.add_form if obj is None else self.form
        return super().get_form(request, obj, **kwargs)

    @admin.display(description=_("version"))
    def version_summary(self, version):
        return gettext("%(slug)s · version %(number)s · %(state)s") % {
            "slug": version.article.slug,
            "number": version.number,
            "state": version.get_state_display(),
        }

    @admin.display(description=_("views"))
    def article_views(self, version):
        return version.article.views

    # Permissions: approved and older versions are history, shown read-only. -------------------

    def get_model_perms(self, request):
        return {}  # reached through the Articles screen, not listed on its own

    def has_add_permission(self, request):
        return super().has_add_permission(request) and request.user.has_perm("articles.add_article")

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.is_editable)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        return {}

    def changelist_view(self, request, extra_context=None):
        return redirect("admin:articles_article_changelist")

    # Views -------------------------------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/move/", view(self.move_view), name="articles_articleversion_move"),
            path("<path:object_id>/presence/", view(self.presence_view), name="articles_articleversion_presence"),
            path(
                "<path:object_id>/add-entities/",
                view(partial(mentions.add_entities_view, self)),
                name="articles_articleversion_add_entities",
            ),
            path(
                "<path:object_id>/address/",
                view(partial(slugs.change_address_view, self)),
                name="articles_articleversion_change_address",
            ),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        return super().add_view(request, form_url, {"title": gettext("Add article"), **(extra_context or {})})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        version = self.get_object(request, object_id)
        if version is not None and "title" not in (extra_context or {}):
            title = (
                gettext("Edit article")
                if self.has_change_permission(request, version)
                else gettext("View article (version %(number)s)") % {"number": version.number}
            )
            extra_context = {"title": title, **(extra_context or {})}
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        """
        The object-history button opens the article's version history. Django's own log would be a
        second, contradictory history: its change messages name every language column a
        translated field has, changed or not.
        """
        version = get_object_or_404(ArticleVersion, pk=object_id)
        if not self.has_view_or_change_permission(request, version):
            raise PermissionDenied
        return redirect("moderation:history", version.article_id)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and "_saveasnew" in request.POST:
            raise PermissionDenied  # copies go through the workflow (start a draft, restore)
        with uploads_discarded_on_failure():  # a save that fails leaves no uploaded file behind
            return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(self.editing_context(request, obj, context["adminform"].form))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def editing_context(self, request, version, form):
        editable = self.has_change_permission(request, version)
        if editable:
            conflicts.presence_touch(version_pk=version.pk, user=request.user)  # the cache, not the database
        article = version.article
        moves = workflow.allowed_moves(version=version, user=request.user)
        context = {
            "workflow_moves": offered_moves(version, request.user, editable=editable),
            # The form shows the whole version: its buttons approve exactly this revision.
            "review_stamp": workflow.review_stamp(version) if set(moves) & set(workflow.APPROVALS) else "",
            "article_state": article.state,
            "audit_events": [
                {
                    "at": event.created_at,
                    "actor": event.actor,
                    "version": event.version.number if event.version else "",
                    "action": history_label(event.action),
                    "from": _state_label(event.from_state),
                    "to": _state_label(event.to_state),
                    "note": event.note,
                }
                for event in AuditEvent.objects.filter(article=article).select_related("actor", "version")[:10]
            ],
            "presence": presence_text(conflicts.presence_others(version_pk=version.pk, user=request.user))
            if editable
            else "",
            "live_version_id": article.live_version_id if article.live_version_id != version.pk else None,
            "draft_version_id": article.draft_id if article.draft_id != version.pk else None,
            "is_editable": editable,
            **mentions.panel_context(version),
            "consistency_override_form": mentions.override_form(version, request.user),
            "can_add_entity": request.user.has_perm("articles.add_entity"),
            "can_change_address": request.user.has_perm(workflow.PUBLISH_PERMISSION),
            "provenance": provenance.admin_context(version),
            "stale_translations": staleness.items(version),
        }
        if form.conflict:
            current = ArticleVersion.objects.select_related("modified_by").get(pk=version.pk)
            before = conflicts.revision_content(version=version, revision=form.conflict["from_revision"])
            context["edit_conflict"] = {
                "by": current.modified_by,
                "at": current.modified_at,
                "changes": conflicts.content_diff(before, conflicts.version_content(current))
                if before is not None
                else None,
            }
        return context

    def save_model(self, request, obj, form, change):
        content = [f.name for f in ArticleVersion._meta.concrete_fields if f.name in form.cleaned_data]
        if "image" in content:
            content += ["image_width", "image_height"]  # set from the file by the model field, not by the form
        if not change:
            draft = workflow.article_create(slug=form.cleaned_data["slug"], section=obj.section, by=request.user)
            obj.pk, obj.article = draft.pk, draft.article
            obj._state.adding = False
        if change:
            # Keep the content the form was loaded from before it changes (a GET writes nothing,
            # so the snapshot of that revision is taken here, from the database, at the first save).
            conflicts.revision_ensure(version=obj)
        # Only the form's fields: state and bookkeeping belong to the workflow.
        obj.save(update_fields=content)
        if not change:
            obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self.record_provenance(request, form, formsets, change)
        workflow.version_saved(version=form.instance, by=request.user)
        conflicts.revision_record(version=form.instance, by=request.user)

    def record_provenance(self, request, form, formsets, change):
        """Which fields this person changed (the provenance record), and the AI override's reason (audited)."""
        version = form.instance
        if not change:
            version.provenance = provenance.newsroom_record()
        changed = [
            name
            for name in form.changed_data
            if name not in ("base_revision", "ai_generated_reason", "slug", "confirm_translations")
        ]
        changed += [
            provenance.ROW_FIELDS[formset.prefix]
            for formset in formsets
            if formset.prefix in provenance.ROW_FIELDS and formset.has_changed()
        ]
        provenance.record_edits(version=version, fields=changed, by=request.user)
        staleness.confirm(version=version, keys=form.cleaned_data.get("confirm_translations") or ())
        staleness.record_changes(
            version=version, changed=staleness.changed_in_form(form.changed_data, formsets), by=request.user
        )
        ArticleVersion.objects.filter(pk=version.pk).update(
            provenance=version.provenance,
            field_edits=version.field_edits,
            stale_translations=version.stale_translations,
        )
        if "ai_generated" in form.changed_data:
            workflow.version_ai_override(
                version=version,
                by=request.user,
                value=form.cleaned_data["ai_generated"],
                reason=form.cleaned_data["ai_generated_reason"],
            )

    def response_post_save_add(self, request, obj):
        return redirect("admin:articles_article_changelist")

    def response_post_save_change(self, request, obj):
        return redirect("admin:articles_article_changelist")

    def move_view(self, request, object_id):
        """Make one workflow move on a version (the buttons above the form)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        version = get_object_or_404(ArticleVersion.objects.select_related("article"), pk=object_id)
        if not self.has_view_permission(request, version):
            raise PermissionDenied
        move = request.POST.get("move", "")
        try:
            target = self.make_move(request, version, move)
        except workflow.ReviewedRevisionChanged as error:
            fields = ", ".join(change["field"] for change in error.changes or ())
            message = f"{error} {gettext('Changed: %(fields)s.') % {'fields': fields}}" if fields else str(error)
            self.message_user(request, message, messages.ERROR)
            target = version
        except workflow.WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
            target = version
        else:
            self.message_user(request, MOVES[move].done, messages.SUCCESS)
        return redirect("admin:articles_articleversion_change", target.pk)

    def make_move(self, request, version, move):
        """Make ``move`` through the workflow's one dispatcher; return the version to show next."""
        at = self._parse_time(request.POST.get("at", "")) if move in MOVES and MOVES[move].go_live_time else None
        note = request.POST.get("note", "")
        if problem := plaintext.problem(note):
            raise workflow.WorkflowError(f"{gettext('Note')}: {problem}.")
        return workflow.perform(
            move, version=version, by=request.user, note=note, at=at, seen=request.POST.get("seen", "")
        )

    @staticmethod
    def _parse_time(value):
        try:
            at = datetime.fromisoformat(value.strip())
        except ValueError:
            raise workflow.WorkflowError(
                gettext("Give the date and time to publish at, for example 2026-12-01 08:00.")
            ) from None
        return timezone.make_aware(at) if timezone.is_naive(at) else at

    def presence_view(self, request, object_id):
        """The form's heartbeat: record that this person still has the draft open; say who else has."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        version = get_object_or_404(ArticleVersion, pk=object_id)
        if not self.has_change_permission(request, version):
            raise PermissionDenied
        conflicts.presence_touch(version_pk=version.pk, user=request.user)
        return JsonResponse(
            {"text": presence_text(conflicts.presence_others(version_pk=version.pk, user=request.user))}
        )
