"""Sections, tags and entities: names and descriptions per language, entity aliases per language."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from articles.admin.articles import ADMIN_MEDIA_CSS, ADMIN_MEDIA_JS
from articles.admin.forms import EntityForm, PlainTextForm
from articles.images.uploads import uploads_discarded_on_failure
from articles.languages import columns
from articles.models import Entity, EntityAlias, Section, Tag

TRANSLATED_SEARCH = ("slug", *columns("name"))


class TaxonomyAdmin(TranslationAdmin):
    form = PlainTextForm
    search_fields = TRANSLATED_SEARCH
    prepopulated_fields = {"slug": ("name",)}

    class Media:
        js = ADMIN_MEDIA_JS
        css = ADMIN_MEDIA_CSS

    def has_delete_permission(self, request, obj=None):
        # Versions protect their section; tags and entities vanish from old versions when deleted.
        return request.user.is_active and request.user.is_superuser


@admin.register(Section)
class SectionAdmin(TaxonomyAdmin):
    list_display = ("slug", *columns("name"), "position")
    list_editable = ("position",)
    fields = ("slug", columns("name"), columns("description"), "position")


@admin.register(Tag)
class TagAdmin(TaxonomyAdmin):
    list_display = ("slug", *columns("name"))
    fields = ("slug", columns("name"), columns("description"))


class EntityAliasInline(admin.TabularInline):
    model = EntityAlias
    form = PlainTextForm
    fields = ("language", "alias")
    extra = 1


@admin.register(Entity)
class EntityAdmin(TaxonomyAdmin):
    list_display = ("slug", "kind", *columns("name"))
    list_filter = ("kind",)
    search_fields = (*TRANSLATED_SEARCH, "aliases__alias")
    form = EntityForm
    fields = ("slug", "kind", columns("name"), columns("description"), "logo")
    inlines = (EntityAliasInline,)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with uploads_discarded_on_failure():  # a save that fails leaves no uploaded logo behind
            return super().changeform_view(request, object_id, form_url, extra_context)
