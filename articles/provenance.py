"""
Where a version's content came from, and what people changed afterwards.

``ArticleVersion.provenance`` says how the content arrived: ``{"origin": "api", "client": …,
"declaration": {…}, "ingested_at": …}`` for a draft an API client submitted, ``"import"`` for a
file imported by ``import_articles``, ``"newsroom"`` (or an empty record, for versions older than
this record) for text written in the admin. ``declaration`` is the pipeline's own statement,
carried by the exchange format as ``provenance``: ``generator`` (name, version), ``sources``
(URLs) and ``generated_at``.

``ArticleVersion.field_edits`` maps each field a person changed in the admin to ``{"by", "at"}``.
Copies of a version (new drafts, restores) keep both, since they describe the content; only an
ingestion replaces them. The reader's disclaimer is derived from both, never typed.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

ORIGIN_API = "api"
ORIGIN_IMPORT = "import"
ORIGIN_NEWSROOM = "newsroom"
MACHINE_ORIGINS = (ORIGIN_API, ORIGIN_IMPORT)
DECLARATION_KEYS = ("generator", "sources", "generated_at")
GENERATOR_KEYS = ("name", "version")

# Disclaimer kinds, for templates, JSON-LD and the API.
AI_EDITED = "ai_edited"
AI_REVIEWED = "ai_reviewed"
NEWSROOM = "newsroom"


def ingestion_record(*, origin, declaration, client="", now=None):
    """The provenance of content that has just come in from a machine (API or file)."""
    record = {"origin": origin}
    if client:
        record["client"] = client
    if declaration:
        record["declaration"] = declaration
    record["ingested_at"] = _iso(now or timezone.now())
    return record


def newsroom_record():
    return {"origin": ORIGIN_NEWSROOM}


def canonical(found):
    """
    A declaration with its keys in the documented order. PostgreSQL's ``jsonb`` does not keep key
    order, so exports rebuild it: a file written in this order round-trips byte for byte.
    """
    if not found:
        return None
    result = {}
    if "generator" in found:
        generator = found["generator"]
        result["generator"] = {key: generator[key] for key in GENERATOR_KEYS if key in generator}
    for key in DECLARATION_KEYS[1:]:
        if key in found:
            result[key] = found[key]
    return result


def declaration(version):
    """The pipeline's declaration as the exchange format carries it (documented key order), or None."""
    return canonical((version.provenance or {}).get("declaration"))


def generator_label(version):
    """``"name version"`` of the declared generator, or ``""``."""
    generator = (declaration(version) or {}).get("generator") or {}
    return " ".join(part for part in (generator.get("name", ""), generator.get("version", "")) if part)


def edits_since_ingestion(version):
    """
    ``{field: {"by", "at"}}`` for the fields people changed after this content came in. For a copy
    (a new draft started from another version), edits made before the copy was made belong to
    the older version and are left out.
    """
    record = version.provenance or {}
    baseline = version.created_at
    ingested = _parse(record.get("ingested_at"))
    if ingested and ingested > baseline:
        baseline = ingested
    return {
        name: edit
        for name, edit in (version.field_edits or {}).items()
        if (_parse(edit.get("at")) or baseline) >= baseline
    }


def record_edits(*, version, fields, by, now=None):
    """Note that ``by`` changed ``fields`` of ``version`` now (the caller saves ``field_edits``)."""
    if not fields:
        return
    at = _iso(now or timezone.now())
    edits = dict(version.field_edits or {})
    for name in fields:
        edits[name] = {"by": by.get_username() if by is not None else "", "at": at}
    version.field_edits = edits


def disclaimer(version):
    """
    What readers are told about how the article was made, in the active language:
    ``{"kind", "text", "generator"}``. Machine-drafted content says so, naming the declared
    generator, and says whether people changed it since; the editors' ``ai_generated`` override
    can add an AI disclaimer to newsroom text, never remove a declared one.
    """
    generator = generator_label(version)
    if not (declaration(version) or version.ai_generated):
        return {"kind": NEWSROOM, "text": _("Written by the newsroom"), "generator": ""}
    machine = (version.provenance or {}).get("origin") in MACHINE_ORIGINS
    # Text a person wrote with AI help (the override) counts as edited by the newsroom.
    if not machine or _all_edits_after_ingestion(version):
        kind = AI_EDITED
        text = (
            _("Drafted with AI (%(generator)s) and edited by the newsroom") % {"generator": generator}
            if generator
            else _("Drafted with AI and edited by the newsroom")
        )
    else:
        kind = AI_REVIEWED
        text = (
            _("Drafted with AI (%(generator)s) and reviewed by the newsroom") % {"generator": generator}
            if generator
            else _("Drafted with AI and reviewed by the newsroom")
        )
    return {"kind": kind, "text": text, "generator": generator}


def _all_edits_after_ingestion(version):
    """Edits after the content came in, whichever version of the article they were made on."""
    ingested = _parse((version.provenance or {}).get("ingested_at"))
    if ingested is None:
        return version.field_edits or {}
    return {
        name: edit
        for name, edit in (version.field_edits or {}).items()
        if (_parse(edit.get("at")) or ingested) >= ingested
    }


def summary(version):
    """The record as the admin and the API show it."""
    record = version.provenance or {}
    found = declaration(version) or {}
    return {
        "origin": record.get("origin") or ORIGIN_NEWSROOM,
        "client": record.get("client", ""),
        "generator": generator_label(version),
        "sources": list(found.get("sources", [])),
        "generated_at": found.get("generated_at", ""),
        "ingested_at": record.get("ingested_at", ""),
        "edits": [
            {"field": name, "by": edit.get("by", ""), "at": edit.get("at", "")}
            for name, edit in sorted((version.field_edits or {}).items())
        ],
        "ai_override": version.ai_generated,
    }


# Row lists recorded as one field each (the admin's inlines).
ROW_FIELDS = {"tldr_items": "tldr", "key_data_rows": "key_data", "insights": "insights", "faq_items": "faq"}


def field_label(name):
    """``title_zh_hans`` → "title [zh-hans]", with the model's translated field name."""
    from articles.languages import LANGUAGE_CODES, column
    from articles.models import ArticleVersion

    labels = {"tldr": _("TL;DR"), "key_data": _("key data"), "insights": _("industry insights"), "faq": _("FAQ")}
    if name in labels:
        return str(labels[name])
    for language in LANGUAGE_CODES:
        for field in ("title", "summary", "analysis", "image_alt", "image_credit"):
            if name == column(field, language):
                return f"{ArticleVersion._meta.get_field(field).verbose_name} [{language}]"
    try:
        return str(ArticleVersion._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - a field recorded by an older version of the code
        return name


def admin_context(version):
    """``summary`` plus the disclaimer text and field labels, for the admin's provenance panel."""
    record = summary(version)
    record["disclaimer"] = disclaimer(version)["text"]
    for edit in record["edits"]:
        edit["label"] = field_label(edit["field"])
    return record


def _iso(value):
    return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


def _parse(value):
    if not value:
        return None
    try:
        return datetime.datetime.fromisoformat(value)
    except ValueError:
        return None
