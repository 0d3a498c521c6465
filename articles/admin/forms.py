"""Forms of the editors' admin: the version form (with its edit-conflict check) and the add form."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from articles import plaintext, staleness
from articles.admin.widgets import ImagePreviewWidget
from articles.images import validate_lead_image, validate_logo, validate_pixels
from articles.languages import LANGUAGE_CODES, NATIVE_NAMES, all_names, column
from articles.models import Article, ArticleVersion, Entity, KeyDataRow, SlugRedirect
from articles.models.articles import slug_validator


def normalise_newlines(cleaned):
    """
    Browsers send a text area's line breaks as CRLF; store them as ``\\n`` like imports and copies
    do, so an unchanged analysis does not show up as changed in diffs and checks after a save.
    """
    for name, value in cleaned.items():
        if isinstance(value, str) and "\r" in value:
            cleaned[name] = value.replace("\r\n", "\n").replace("\r", "\n")
    return cleaned


class PlainTextForm(plaintext.PlainTextMixin, forms.ModelForm):
    """The base of every admin model form (``PlainTextMixin``)."""


def name_row_fields(form):
    """
    A table row of an inline has no label per cell (the column heading names it), so each input
    gets its accessible name from its field and row: "Text [en], row 2".
    """
    index = form.prefix.rsplit("-", 1)[-1]
    row = int(index) + 1 if index.isdigit() else None
    for field in form.fields.values():
        label = capfirst(str(field.label or ""))
        name = _("%(field)s, row %(row)s") % {"field": label, "row": row} if row else label
        # The admin's related-object wrapper renders its inner widget, whose attrs it does not share after a copy.
        widget = getattr(field.widget, "widget", field.widget)
        widget.attrs = {**widget.attrs, "aria-label": widget.attrs.get("aria-label", name)}


class RowForm(PlainTextForm):
    """The form of one ordered child row (TL;DR, key data, insight, FAQ entry)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name_row_fields(self)

    def clean(self):
        return normalise_newlines(super().clean())


class CheckedImageField(forms.ImageField):
    """
    Django's image field, with the pixel cap checked from the header before Django has Pillow
    open and verify the whole file (a decompression bomb gets the cap's message, not "not an image").
    """

    def to_python(self, data):
        if isinstance(data, UploadedFile):
            validate_pixels(data)
        return super().to_python(data)


class KeyDataRowForm(RowForm):
    """
    A key-data row names its entity once, for every language (``KeyDataRow.entity_in``): one
    picker, which names each entity in both languages, like its search results, so an editor finds
    it in either interface language. A Chinese override is offered only where the version's data
    already has one; clearing the row's entity, or picking the override's entity, ends it.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in KeyDataRow.ENTITY_COLUMNS:
            field = self.fields.get(name)
            if field is not None:
                field.label_from_instance = all_names

    def clean(self):
        cleaned = super().clean()
        entity = cleaned.get("entity")
        for name in KeyDataRow.ENTITY_OVERRIDES.values():
            if name in self.fields:
                if entity is None or cleaned.get(name) == entity:
                    cleaned[name] = None
            elif entity is None or getattr(self.instance, f"{name}_id") == entity.pk:
                setattr(self.instance, name, None)  # not on the form: the saved row must stay valid
        return cleaned


class ArticleVersionForm(PlainTextForm):
    """
    Edits a working draft. ``base_revision`` carries the draft's revision at the time the form was
    loaded; a save from a form whose revision is no longer the draft's is refused, and
    ``conflict`` then says what happened (the admin shows who saved and a diff).
    """

    base_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    ai_generated_reason = forms.CharField(
        label=_("Reason for changing the AI disclaimer"),
        required=False,
        max_length=500,
        help_text=_("Required when you tick or untick “AI-generated”; kept in the article's history."),
    )
    confirm_translations = forms.MultipleChoiceField(
        label=_("Translations that need an update"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Update the text in that language, or tick it to confirm it is still right; either clears the mark."
        ),
    )

    class Meta:
        model = ArticleVersion
        # The admin's fieldsets choose the fields; these are the ones an editor may ever change.
        fields = (
            "section",
            "title",
            "summary",
            "analysis",
            "hot_score",
            "quality_score",
            "impact_score",
            "ai_generated",
            "tags",
            "entities",
            "image",
            "image_focus_x",
            "image_focus_y",
            "image_alt",
            "image_credit",
        )
        field_classes = {"image": CheckedImageField}
        widgets = {
            "image": ImagePreviewWidget(focus_fields=("image_focus_x", "image_focus_y")),
            "image_focus_x": forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "1"}),
            "image_focus_y": forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "1"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if self.instance.pk:
            self.fields["base_revision"].initial = self.instance.revision
        self.mark_stale_translations()

    def mark_stale_translations(self):
        """Each translation marked stale: a note on its field, and a box to confirm it is still right."""
        stale = staleness.items(self.instance) if self.instance.pk else []
        self.fields["confirm_translations"].choices = [
            (item["key"], _("%(label)s — still right") % {"label": item["label"]}) for item in stale
        ]
        for item in stale:
            field = self.fields.get(item["column"])
            if field is None:
                continue
            note = f"{_('Needs update')}: {item['reason']}"
            field.help_text = f"{note} {field.help_text}" if field.help_text else note
            field.widget.attrs["class"] = (field.widget.attrs.get("class", "") + " needs-update").strip()

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if isinstance(image, UploadedFile):
            validate_lead_image(image)
        return image

    def clean(self):
        cleaned = normalise_newlines(super().clean())
        self._check_image_alt(cleaned)
        if "ai_generated" in self.changed_data and not (cleaned.get("ai_generated_reason") or "").strip():
            self.add_error(
                "ai_generated_reason",
                ValidationError(
                    _("Say why the AI disclaimer changes: it overrides the provenance record."), code="required"
                ),
            )
        if self.instance.pk:
            self._check_revision(cleaned.get("base_revision"))
        return cleaned

    def _check_image_alt(self, cleaned):
        """With an image, every language the article is written in needs a description of it."""
        if not cleaned.get("image"):
            return  # no image, it was just cleared, or the upload was refused (its own error says why)
        for language in LANGUAGE_CODES:
            alt, title = column("image_alt", language), column("title", language)
            if alt in self.fields and (cleaned.get(title) or "").strip() and not (cleaned.get(alt) or "").strip():
                self.add_error(
                    alt,
                    ValidationError(
                        _("Describe the image in %(language)s: the article has a title in that language."),
                        code="required",
                        params={"language": NATIVE_NAMES[language]},
                    ),
                )

    def _check_revision(self, submitted):
        # Locked until the admin's transaction ends: no other save or workflow move can slip in
        # between this check and the save.
        current = (
            ArticleVersion.objects.select_for_update()
            .only("revision", "state", "modified_by", "modified_at")
            .get(pk=self.instance.pk)
        )
        if current.state not in ArticleVersion.EDITABLE_STATES:
            raise ValidationError(
                _("This version is now %(state)s and can no longer be edited. Your text is below: copy what you need."),
                code="not_editable",
                params={"state": current.get_state_display()},
            )
        if submitted is None:
            raise ValidationError(
                _("The form is missing its revision number. Reload the page and make your changes again.")
            )
        if submitted != current.revision:
            self.conflict = {"from_revision": submitted, "to_revision": current.revision, "current": current}
            # The next save from this form is a deliberate overwrite by someone who has seen the diff.
            self.data = self.data.copy()
            self.data[self.add_prefix("base_revision")] = current.revision
            raise ValidationError(
                _(
                    "Someone else saved this draft after you opened it, so your changes were not saved. "
                    "Your text is kept below; what they changed is shown above. Merge the two and save "
                    "again to keep your version."
                ),
                code="stale",
            )
        self.instance.revision = current.revision


class ArticleAddForm(ArticleVersionForm):
    """The form behind "Add article": the article's slug plus everything of its first draft."""

    slug = forms.CharField(
        label=_("Slug"),
        max_length=120,
        validators=[slug_validator],
        help_text=_("The article's address, for example chipmaker-opens-fab. Lowercase letters, digits and hyphens."),
    )

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if Article.objects.filter(slug=slug).exists() or SlugRedirect.objects.filter(old_slug=slug).exists():
            raise ValidationError(_("An article with the address “%(slug)s” already exists."), params={"slug": slug})
        return slug


class OrderedRowFormSet(forms.BaseInlineFormSet):
    """Ordered child rows: a row left blank in every language is not saved (and an emptied one is removed)."""

    text_fields = ()

    def add_fields(self, form, index):
        super().add_fields(form, index)
        name_row_fields(form)  # the formset's own fields too (delete, id)

    def _is_blank(self, form):
        data = getattr(form, "cleaned_data", None) or {}
        names = [
            *self.text_fields,
            *(column(name, language) for name in self.text_fields for language in LANGUAGE_CODES),
        ]
        return not any(data.get(name) not in (None, "") for name in names)

    def _should_delete_form(self, form):
        return super()._should_delete_form(form) or (form.is_valid() and self._is_blank(form))


class EntityForm(PlainTextForm):
    """An entity; its logo must pass the same checks as a lead image (at least 128 pixels wide)."""

    class Meta:
        model = Entity
        fields = ("slug", "kind", "name", "description", "logo")
        field_classes = {"logo": CheckedImageField}
        widgets = {"logo": ImagePreviewWidget(label=_("Current logo"))}

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):
            validate_logo(logo)
        return logo
