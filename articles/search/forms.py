from django import forms
from django.utils.translation import gettext_lazy as _

from articles.search import SearchFilters


class SearchForm(forms.Form):
    """
    The search page's GET form. The query is free text (anything is accepted, see
    ``segmentation.query_terms``); filters that do not parse are reported and left out.
    """

    q = forms.CharField(label=_("Search for"), required=False, strip=True)
    section = forms.SlugField(label=_("Section"), required=False)
    tag = forms.SlugField(label=_("Tag"), required=False)
    entity = forms.SlugField(label=_("Entity"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
            cleaned.pop("date_to", None)
        return cleaned

    def filters(self):
        """The filters that parsed (call after ``is_valid()``; invalid ones are simply not applied)."""
        data = {name: value for name, value in self.cleaned_data.items() if name != "q" and name not in self.errors}
        return SearchFilters(**{name: value for name, value in data.items() if value})
