"""The ordered child rows of a version (TL;DR, key data, insights, FAQ) as admin inlines."""

from django.db.models import Q
from modeltranslation.admin import TranslationStackedInline, TranslationTabularInline

from articles.admin.forms import KeyDataRowForm, OrderedRowFormSet, RowForm
from articles.languages import columns
from articles.models import FaqItem, Insight, KeyDataRow, TldrItem
from articles.parts import LIST_PARTS


class VersionRowInlineMixin:
    """Rows follow their version: editable while the version is, read-only once it is approved."""

    extra = 1
    form = RowForm
    text_fields = ()

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.text_fields = self.text_fields
        return formset

    def _version_editable(self, obj):
        return obj is None or obj.is_editable

    def has_add_permission(self, request, obj=None):
        return self._version_editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._version_editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._version_editable(obj) and super().has_delete_permission(request, obj)


class TldrItemInline(VersionRowInlineMixin, TranslationTabularInline):
    model = TldrItem
    formset = OrderedRowFormSet
    fields = ("position", "text")
    text_fields = ("text",)


class KeyDataRowInline(VersionRowInlineMixin, TranslationTabularInline):
    model = KeyDataRow
    form = KeyDataRowForm
    formset = OrderedRowFormSet
    fields = ("position", "entity", "info", "metric")
    autocomplete_fields = KeyDataRow.ENTITY_COLUMNS
    text_fields = ("entity", "info", "metric")

    def get_fields(self, request, obj=None):
        """One entity picker per row; the Chinese override column only when a row of ``obj`` has one."""
        fields = list(super().get_fields(request, obj))
        if obj is not None and _has_entity_overrides(obj):
            at = fields.index("entity") + 1
            fields[at:at] = [name for name in KeyDataRow.ENTITY_OVERRIDES.values() if name not in fields]
        return fields


def _has_entity_overrides(version):
    """Whether a key-data row of ``version`` names a different entity in some language (asked once per form)."""
    if not hasattr(version, "_key_data_overrides"):
        differ = Q()
        for name in KeyDataRow.ENTITY_OVERRIDES.values():
            differ |= Q(**{f"{name}__isnull": False})
        version._key_data_overrides = KeyDataRow.objects.filter(differ, version=version).exists()
    return version._key_data_overrides


class InsightInline(VersionRowInlineMixin, TranslationStackedInline):
    model = Insight
    formset = OrderedRowFormSet
    fields = ("position", columns("text"))
    text_fields = ("text",)


class FaqItemInline(VersionRowInlineMixin, TranslationStackedInline):
    model = FaqItem
    formset = OrderedRowFormSet
    fields = ("position", columns("question"), columns("answer"))
    text_fields = ("question", "answer")


# One inline per list part (``articles.parts``), shown in page order.
INLINES_BY_PART = {
    "tldr": TldrItemInline,
    "key_data": KeyDataRowInline,
    "insights": InsightInline,
    "faq": FaqItemInline,
}
VERSION_INLINES = [INLINES_BY_PART[part.name] for part in LIST_PARTS]
