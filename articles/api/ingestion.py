"""
Drafts submitted by API clients: validated by the importer's checks, saved through the importer
(so through ``articles.workflow``), submitted to review, never published.

``draft_submit`` returns ``(status, body)``; the view only turns that into a response.
"""

import hashlib
import json
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from articles import plaintext, provenance
from articles.exchange import importing
from articles.exchange.exporting import version_payload
from articles.models import ApiSubmission, Article, ArticleVersion
from articles.review import queue as review

IDEMPOTENCY_KEY_LIMIT = 200


@dataclass(frozen=True)
class Outcome:
    status: int
    body: dict


def payload_hash(body):
    return hashlib.sha256(body).hexdigest()


def decode(body):
    """The decoded JSON body, or a 400 outcome with the importer's messages for a bad file."""
    try:
        return json.loads(body.decode("utf-8")), None
    except UnicodeDecodeError:
        message = _("not UTF-8 text")
    except ValueError as error:
        message = importing.json_problem(error)
    except RecursionError:
        message = _("not valid JSON: nested too deeply")
    return None, bad_request([("", message)])


def bad_request(problems):
    return Outcome(
        400,
        {
            "detail": _("The article is not valid: nothing was saved."),
            "errors": [
                {"path": plaintext.printable(path), "message": plaintext.printable(message)}
                for path, message in problems
            ],
        },
    )


def differences(old, new, path=""):
    """JSON paths where two exchange payloads differ (objects compared key by key, lists whole)."""
    if isinstance(old, dict) and isinstance(new, dict):
        found = []
        for key in list(old) + [k for k in new if k not in old]:
            found += differences(old.get(key), new.get(key), f"{path}.{key}" if path else key)
        return found
    return [] if old == new else [path]


def content_digest(version):
    """A digest of everything the exchange format carries of ``version`` (its ``version_payload``)."""
    text = json.dumps(version_payload(version), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def changed_since_ingestion(draft):
    """
    Whether the working draft changed after its content came in through the API, by any path:
    the admin form and its row inlines, an import from a file, the entities panel, a restore. The
    digest of the content as ingested is kept in the provenance record; per-field edits recorded
    by the admin form count too (they also say who changed what).
    """
    if provenance.edits_since_ingestion(draft):
        return True
    stored = (draft.provenance or {}).get("content_digest")
    return bool(stored) and stored != content_digest(draft)


def remember_ingested_content(version):
    """Keep the digest of ``version``'s content as the API left it (see ``changed_since_ingestion``)."""
    record = dict(version.provenance or {})
    record["content_digest"] = content_digest(version)
    ArticleVersion.objects.filter(pk=version.pk).update(provenance=record)
    version.provenance = record


def conflict(article, parsed, admin_url):
    """
    A 409 outcome when the article's working draft holds changes a person made since its content
    came in and the submission would overwrite them; else None.
    """
    draft = article.draft if article is not None else None
    if draft is None or not changed_since_ingestion(draft):
        return None
    edits = provenance.edits_since_ingestion(draft)
    fields = differences(version_payload(draft), parsed.payload)
    if not fields:
        return None
    return Outcome(
        409,
        {
            "detail": _(
                "A person has changed the working draft since it was last ingested; nothing was overwritten. "
                "Ask the newsroom to merge the changes."
            ),
            "fields": fields,
            "edits": [{"field": name, "by": edit["by"], "at": edit["at"]} for name, edit in sorted(edits.items())],
            "admin_url": admin_url(draft),
        },
    )


def consistency_report(version):
    version = review.versions_for_review().get(pk=version.pk)
    item = review.review_item(version)
    return {
        "errors": len(item.errors),
        "warnings": len(item.warnings),
        "findings": [
            {
                "kind": f.kind,
                "severity": f.severity,
                "language": f.language,
                "part": str(f.part),
                "message": str(f.message),
            }
            for f in item.findings
        ],
        "completeness": [
            {"language": c.language, "filled": [str(p) for p in c.filled], "missing": [str(p) for p in c.missing]}
            for c in item.completeness
        ],
    }


def draft_submit(*, token, body, idempotency_key, admin_url):
    """
    Save one exchange-format article sent by ``token``'s client as a draft in review.

    201 created / 200 new draft of an existing article (or nothing to change); 400 with every
    problem's JSON path; 409 when a person's changes would be overwritten (or its draft is
    scheduled); 422 when the ``Idempotency-Key`` was used before with another body. A retry with
    the same key gets the first answer again and changes nothing.
    """
    digest = payload_hash(body)
    if len(idempotency_key) > IDEMPOTENCY_KEY_LIMIT:
        return bad_request(
            [
                (
                    "",
                    _("The Idempotency-Key header is longer than %(limit)d characters.")
                    % {"limit": IDEMPOTENCY_KEY_LIMIT},
                )
            ]
        )
    if idempotency_key:
        earlier = ApiSubmission.objects.filter(token=token, idempotency_key=idempotency_key).first()
        if earlier is not None:
            return _replay(earlier, digest)
    data, failure = decode(body)
    if failure:
        return failure
    parsed, problems = importing.check_article(data)
    if isinstance(data, dict) and "views" in data:
        problems.append(("views", _("counted by the site; API clients cannot set it")))
    if problems:
        return bad_request(problems)
    try:
        with transaction.atomic():
            outcome = _save(token, parsed, admin_url)
            if idempotency_key and outcome.status < 400:
                ApiSubmission.objects.create(
                    token=token,
                    idempotency_key=idempotency_key,
                    payload_hash=digest,
                    article=Article.objects.filter(slug=parsed.slug).first(),
                    status_code=outcome.status,
                    response=outcome.body,
                )
    except IntegrityError:
        # Another request with the same key won the race: answer what it answered.
        earlier = ApiSubmission.objects.filter(token=token, idempotency_key=idempotency_key).first()
        if earlier is None:
            raise
        return _replay(earlier, digest)
    return outcome


def _replay(earlier, digest):
    if earlier.payload_hash != digest:
        return Outcome(
            422,
            {
                "detail": _("This Idempotency-Key was already used with a different body; nothing was saved."),
                "errors": [],
            },
        )
    return Outcome(earlier.status_code, earlier.response)


def _save(token, parsed, admin_url):
    article = Article.objects.select_for_update(of=("self",)).filter(slug=parsed.slug).select_related("draft").first()
    refused = conflict(article, parsed, admin_url)
    if refused:
        return refused
    note = _("Submitted by the API client %(client)s.") % {"client": token.client_name}
    try:
        result = importing.save_articles([parsed], source="api", submit=True, client=token.client_name, note=note)
    except importing.ImportFailed as error:
        draft = Article.objects.select_related("draft").get(slug=parsed.slug).draft
        return Outcome(
            409,
            {
                "detail": str(error).removeprefix(f"api: {parsed.slug}: "),
                "fields": [],
                "edits": [],
                "admin_url": admin_url(draft) if draft else "",
            },
        )
    version = result.versions[parsed.slug]
    version.refresh_from_db()
    if (version.provenance or {}).get("origin") == "api":
        remember_ingested_content(version)
    outcome = "created" if result.created else "updated" if result.updated else "unchanged"
    return Outcome(
        201 if outcome == "created" else 200,
        {
            "slug": parsed.slug,
            "outcome": outcome,
            "version": version.number,
            "state": version.state,
            "admin_url": admin_url(version),
            "consistency": consistency_report(version),
        },
    )
