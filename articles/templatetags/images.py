"""Pictures from stored renditions (``articles.images.markup``): no query, no decoded image."""

from django import template

from articles.images import markup

register = template.Library()


@register.simple_tag
def thumbnail_picture(version):
    return markup.thumbnail_picture(version)


@register.simple_tag
def logo_picture(entity):
    return markup.logo_picture(entity)
