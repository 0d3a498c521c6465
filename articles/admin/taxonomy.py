"""
Sections, tags and entities: names and descriptions per language, entity aliases per language.

An editor's change of a text readers see is saved as a proposal (``articles.review.taxonomy``)
that a moderator approves or rejects (the actions of each list, the box on each form); a
moderator's own edits go live directly.
"""

from django.contrib import admin, messages
from django.db import transaction
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from articles.admin.articles import ADMIN_MEDIA_CSS, ADMIN_MEDIA_JS
from articles.admin.forms import EntityForm, PlainTextForm
from articles.images.uploads import uploads_discarded_on_failure
from articles.languages import columns
from articles.models import Entity, EntityAlias, Section, Tag
from articles.reader import page_cache
from articles.review.taxonomy import (
    ProposalError,
    can_approve,
    reviewed_fields,
    taxonomy_approve,
    taxonomy_propose,
    taxonomy_reject,
)

TRANSLATED_SEARCH = ("slug", *columns("name"))


class ProposalFilter(admin.SimpleListFilter):
    title = _("review")
    parameter_name = "proposal"

    def lookups(self, request, model_admin):
        return [("waiting", _("Changes waiting for review"))]

    def queryset(self, request, queryset):
        return queryset.exclude(proposal={}) if self.value() == "waiting" else queryset


class TaxonomyAdmin(TranslationAdmin):
    form = PlainTextForm
    search_fields = TRANSLATED_SEARCH
    prepopulated_fields = {"slug": ("name",)}
    list_filter = (ProposalFilter,)
    actions = ["approve_proposals", "reject_proposals"]

    class Media:
        js = ADMIN_MEDIA_JS
        css = ADMIN_MEDIA_CSS

    def has_delete_permission(self, request, obj=None):
        # Versions protect their section; tags and entities vanish from old versions when deleted.
        return request.user.is_active and request.user.is_superuser

    def has_approve_permission(self, request):
        return can_approve(request.user)

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return [*fields, "proposal_shown"] if obj is not None and obj.proposal else fields

    def get_readonly_fields(self, request, obj=None):
        readonly = ["proposal_shown"]
        if obj is not None and not can_approve(request.user):
            readonly.append("slug")  # addresses are public; editors propose texts only
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None and not can_approve(request.user) else self.prepopulated_fields

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and request.method == "GET" and not can_approve(request.user):
            # An editor edits their proposal: the form starts from the proposed texts.
            for name, value in obj.proposal.get("fields", {}).items():
                setattr(obj, name, value)
            if "logo" in obj.proposal:
                obj.logo = obj.proposal["logo"]
        return obj

    @admin.display(description=_("waiting for review"))
    def pending(self, obj):
        return _("yes (%(editor)s)") % {"editor": obj.proposal.get("by", "?")} if obj.proposal else ""

    @admin.display(description=_("proposed changes"))
    def proposal_shown(self, obj):
        live = type(obj).objects.get(pk=obj.pk)
        rows = [
            (self.model._meta.get_field(name).verbose_name, name, getattr(live, name), value)
            for name, value in obj.proposal.get("fields", {}).items()
        ]
        if "aliases" in obj.proposal:
            rows.append(
                (
                    _("aliases"),
                    "",
                    "; ".join(f"{a.language}: {a.alias}" for a in live.aliases.all()),
                    "; ".join(f"{lang}: {alias}" for lang, alias in obj.proposal["aliases"]),
                )
            )
        if "logo" in obj.proposal:
            rows.append((_("logo"), "logo", live.logo.name or _("none"), obj.proposal["logo"] or _("none")))
        body = format_html_join("", "<tr><th>{} <code>{}</code></th><td>{}</td><td>{}</td></tr>", rows)
        return format_html(
            '<p>{}</p><table class="taxonomy-proposal"><thead><tr><th></th><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>',
            _("Proposed by %(editor)s at %(at)s. Readers see the live text until a moderator approves.")
            % {"editor": obj.proposal.get("by", "?"), "at": obj.proposal.get("at", "?")},
            _("live"),
            _("proposed"),
            body,
        )

    def save_model(self, request, obj, form, change):
        if can_approve(request.user):
            transaction.on_commit(page_cache.purge)  # a moderator's edit is live at once
            return super().save_model(request, obj, form, change)
        if not change:
            # A new object is created without its reader-facing texts; they wait for review.
            for name in reviewed_fields(self.model):
                setattr(obj, name, self.model._meta.get_field(name).get_default())
            if isinstance(obj, Entity):
                obj.logo = ""  # an uploaded logo waits for review too (save_related proposes it)
            obj.save()

    def save_related(self, request, form, formsets, change):
        if can_approve(request.user):
            return super().save_related(request, form, formsets, change)
        aliases = None
        for formset in formsets:
            if formset.model is EntityAlias:
                aliases = self._proposed_aliases(form.instance, formset)
        values = {name: form.cleaned_data[name] for name in reviewed_fields(self.model) if name in form.cleaned_data}
        extra = {}
        if "logo" in form.changed_data:
            extra["logo"] = form.cleaned_data["logo"] or False  # a new file, or the logo removed
        proposed = taxonomy_propose(obj=form.instance, values=values, aliases=aliases, by=request.user, **extra)
        if proposed:
            self.message_user(
                request,
                _("Your changes are waiting for a moderator's approval; readers see them once approved."),
                messages.WARNING,
            )

    @staticmethod
    def _proposed_aliases(entity, formset):
        """
        The alias list the editor's form shows after their edit: every row not marked for deletion,
        as changed or as shown. The rows shown are the live aliases, or the editor's pending
        proposal (``EntityAdmin.get_formset_kwargs``), so a second edit builds on the first.
        """
        formset.save(commit=False)  # writes nothing; the admin's change message reads what it records
        deleted = set(formset.deleted_forms)
        result = []
        for form in formset.forms:
            if form in deleted:
                continue
            values = form.cleaned_data if form.has_changed() else form.initial
            if values.get("language") and values.get("alias"):
                result.append([values["language"], values["alias"]])
        return result

    def _review(self, request, queryset, function, done):
        count = 0
        for obj in queryset:
            try:
                function(obj=obj, by=request.user)
            except ProposalError as error:
                self.message_user(request, str(error), messages.WARNING)
            else:
                count += 1
        if count:
            self.message_user(request, done(count), messages.SUCCESS)

    @admin.action(description=_("Approve the proposed changes"), permissions=["approve"])
    def approve_proposals(self, request, queryset):
        self._review(
            request,
            queryset,
            taxonomy_approve,
            lambda n: (
                ngettext("Approved the changes of %(count)d item.", "Approved the changes of %(count)d items.", n)
                % {"count": n}
            ),
        )

    @admin.action(description=_("Reject the proposed changes"), permissions=["approve"])
    def reject_proposals(self, request, queryset):
        self._review(
            request,
            queryset,
            taxonomy_reject,
            lambda n: (
                ngettext("Rejected the changes of %(count)d item.", "Rejected the changes of %(count)d items.", n)
                % {"count": n}
            ),
        )


@admin.register(Section)
class SectionAdmin(TaxonomyAdmin):
    list_display = ("slug", *columns("name"), "position", "pending")
    list_editable = ("position",)
    fields = ("slug", columns("name"), columns("description"), "position")


@admin.register(Tag)
class TagAdmin(TaxonomyAdmin):
    list_display = ("slug", *columns("name"), "pending")
    fields = ("slug", columns("name"), columns("description"))


def pending_aliases(request, obj):
    """An editor's proposed alias list for ``obj`` (the rows their form starts from), or None."""
    if obj is None or can_approve(request.user) or "aliases" not in (obj.proposal or {}):
        return None
    return obj.proposal["aliases"]


class EntityAliasInline(admin.TabularInline):
    model = EntityAlias
    form = PlainTextForm
    fields = ("language", "alias")
    extra = 1

    def get_extra(self, request, obj=None, **kwargs):
        pending = pending_aliases(request, obj)
        return self.extra if pending is None else len(pending) + self.extra


@admin.register(Entity)
class EntityAdmin(TaxonomyAdmin):
    list_display = ("slug", "kind", *columns("name"), "pending")
    list_filter = ("kind", ProposalFilter)
    search_fields = (*TRANSLATED_SEARCH, "aliases__alias")
    form = EntityForm
    fields = ("slug", "kind", columns("name"), columns("description"), "logo")
    inlines = (EntityAliasInline,)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        pending = pending_aliases(request, obj) if isinstance(inline, EntityAliasInline) else None
        if pending is not None:
            # The editor's form shows their pending alias list, not the live rows.
            kwargs["queryset"] = EntityAlias.objects.none()
            kwargs["initial"] = [{"language": language, "alias": alias} for language, alias in pending]
        return kwargs

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with uploads_discarded_on_failure():  # a save that fails leaves no uploaded logo behind
            return super().changeform_view(request, object_id, form_url, extra_context)
