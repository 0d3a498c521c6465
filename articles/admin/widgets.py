"""Widgets of the editors' admin."""

from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AdminFileWidget
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from articles.languages import all_names
from articles.models import KeyDataRow


class ImagePreviewWidget(AdminFileWidget):
    """
    The admin's file input with a thumbnail of the current image above it. With ``focus_fields``
    (the names of the focal point's two inputs) clicking on the thumbnail sets the focal point
    (``static/js/admin-focal-point.js``; no inline script or style).
    """

    def __init__(self, attrs=None, *, focus_fields=None, label=None):
        super().__init__(attrs)
        self.focus_fields = focus_fields
        self.label = label

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        if not self.is_initial(value):
            return html
        instance, field = getattr(value, "instance", None), getattr(value, "field", None)
        width = getattr(instance, getattr(field, "width_field", "") or "", None)
        height = getattr(instance, getattr(field, "height_field", "") or "", None)
        size = format_html(' width="{}" height="{}"', width, height) if width and height else ""
        alt = self.label or gettext("Current lead image")
        if self.focus_fields:
            preview = format_html(
                '<figure class="image-preview image-preview--focal" data-focus-x="id_{x}" data-focus-y="id_{y}">'
                '<span class="image-preview__frame"><img class="image-preview__thumbnail" src="{url}" alt="{alt}"{size}>'
                '<span class="image-preview__marker" hidden></span></span>'
                '<figcaption class="image-preview__help">{help}</figcaption></figure>',
                x=self.focus_fields[0],
                y=self.focus_fields[1],
                url=value.url,
                alt=alt,
                size=size,
                help=gettext("Click on the picture to set its focal point: every crop keeps it in view."),
            )
        else:
            preview = format_html(
                '<figure class="image-preview"><a href="{url}"><img class="image-preview__thumbnail" src="{url}" alt="{alt}"{size}></a></figure>',
                url=value.url,
                alt=alt,
                size=size,
            )
        return mark_safe(preview + html)  # noqa: S308 - both parts escaped by format_html / the widget template


class NamedAutocompleteJsonView(AutocompleteJsonView):
    """
    The admin's autocomplete answers (``/admin/autocomplete/``). A key-data row's entity picker
    lists each entity by its names in both languages ("OpenAI · 开放人工智能", as the picker shows
    the one picked), so an editor finds it whatever the interface language.
    """

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        if self.source_field.model is KeyDataRow:
            result["text"] = all_names(obj)
        return result
