"""Sections, tags and entities: names and descriptions per language, entity aliases per language."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from articles.admin.articles import ADMIN_MEDIA_CSS, ADMIN_MEDIA_JS
from articles.models import Entity, EntityAlias, Section, Tag

TRANSLATED_SEARCH = ("slug", "name_en", "name_zh_hans")


class TaxonomyAdmin(TranslationAdmin):
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
    list_display = ("slug", "name_en", "name_zh_hans", "position")
    list_editable = ("position",)
    fields = ("slug", ("name_en", "name_zh_hans"), ("description_en", "description_zh_hans"), "position")


@admin.register(Tag)
class TagAdmin(TaxonomyAdmin):
    list_display = ("slug", "name_en", "name_zh_hans")
    fields = ("slug", ("name_en", "name_zh_hans"), ("description_en", "description_zh_hans"))


class EntityAliasInline(admin.TabularInline):
    model = EntityAlias
    fields = ("language", "alias")
    extra = 1


@admin.register(Entity)
class EntityAdmin(TaxonomyAdmin):
    list_display = ("slug", "kind", "name_en", "name_zh_hans")
    list_filter = ("kind",)
    search_fields = (*TRANSLATED_SEARCH, "aliases__alias")
    fields = ("slug", "kind", ("name_en", "name_zh_hans"), ("description_en", "description_zh_hans"))
    inlines = (EntityAliasInline,)
