"""Widgets of the editors' admin."""

from django.contrib.admin.widgets import AdminFileWidget
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext


class ImagePreviewWidget(AdminFileWidget):
    """The admin's file input with a thumbnail of the current image above it."""

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        if not self.is_initial(value):
            return html
        instance = getattr(value, "instance", None)
        width, height = getattr(instance, "image_width", None), getattr(instance, "image_height", None)
        size = format_html(' width="{}" height="{}"', width, height) if width and height else ""
        preview = format_html(
            '<figure class="image-preview"><a href="{url}"><img class="image-preview__thumbnail" src="{url}" alt="{alt}"{size}></a></figure>',
            url=value.url,
            alt=gettext("Current lead image"),
            size=size,
        )
        return mark_safe(preview + html)  # noqa: S308 - both parts escaped by format_html / the widget template
