"""
The "Change address" screen: give an article a new slug. The move itself is
``workflow.article_change_slug`` (old addresses keep working as 301 redirects); this module is
only its form and view.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles import workflow
from articles.models import ArticleVersion, SlugRedirect
from articles.workflow.moves import PUBLISH_PERMISSION


class ChangeAddressForm(forms.Form):
    slug = forms.SlugField(label=_("New address (slug)"), max_length=200)
    note = forms.CharField(
        label=_("Note for the history"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
    )


def change_address_view(model_admin, request, object_id):
    """GET: the form with the current address and its old ones. POST: change it through the workflow."""
    version = get_object_or_404(ArticleVersion.objects.select_related("article"), pk=object_id)
    if not model_admin.has_view_permission(request, version) or not request.user.has_perm(PUBLISH_PERMISSION):
        raise PermissionDenied
    article = version.article
    form = ChangeAddressForm(request.POST or None, initial={"slug": article.slug})
    if request.method == "POST" and form.is_valid():
        try:
            workflow.article_change_slug(
                article=article, slug=form.cleaned_data["slug"], by=request.user, note=form.cleaned_data["note"]
            )
        except workflow.WorkflowError as error:
            form.add_error("slug", str(error))
        else:
            messages.success(
                request,
                gettext("The article’s address is now “%(slug)s”; the old address redirects to it.")
                % {"slug": form.cleaned_data["slug"]},
            )
            return redirect("admin:articles_articleversion_change", version.pk)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": gettext("Change the article’s address"),
        "opts": model_admin.model._meta,
        "original": version,
        "article": article,
        "form": form,
        "old_slugs": SlugRedirect.objects.filter(article=article).order_by("old_slug"),
    }
    return TemplateResponse(request, "admin/articles/articleversion/change_address.html", context)
