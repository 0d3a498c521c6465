"""
Moderation screens in the admin: the review queue, the review screen of one version, an
article's history with the diff of any two versions, and the workflow moves they POST to.

Buttons are only shown for moves ``workflow.allowed_moves`` offers, but nothing relies on that:
every POST goes through the workflow function, which checks the transition and the user's
permission on the server. A refused permission is a 403; a move that cannot be made (wrong state,
missing note, a time in the past) re-renders the form with the reason and a 400. Either way
nothing is saved.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext_lazy, override
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from articles import plaintext, provenance, timefmt, workflow
from articles.admin.mentions import report_context as consistency_report
from articles.consistency.engine import check_content
from articles.consistency.reports import KIND_LABELS
from articles.entities.vocabulary import entities_payload, version_content
from articles.languages import LANGUAGE_CODES, NATIVE_NAMES, translated
from articles.models import Article, ArticleVersion, AuditEvent, ShareLink
from articles.review import queue
from articles.review.diffing import version_diff, versions_for_diff
from articles.review.sharing import share_link_token

VIEW_PERMISSION = "articles.view_articleversion"


def _share(*, version, by, note, hours):
    return workflow.share_link_create(version=version, by=by, note=note, hours=hours)


# The moves offered here, in button order; labels, form fields and guards come from the moves
# table (``articles.workflow.moves``), and every one is made by ``workflow.perform``.
REVIEW_MOVES = (
    "submit",
    "withdraw",
    "revise",
    "publish",
    "schedule",
    "request_changes",
    "unschedule",
    "unpublish",
    "restore",
)
SHARE = "share"


def _label(move):
    return gettext_lazy("Create a share link") if move == SHARE else workflow.MOVES[move].button


def _extra_fields(move):
    if move == SHARE:
        return ("hours",)
    fields = ("at",) if workflow.MOVES[move].go_live_time else ()
    return (*fields, "seen") if move in workflow.APPROVALS else fields


def _make(move, *, version, by, note, at=None, hours=None, seen=None):
    if move == SHARE:
        return _share(version=version, by=by, note=note, hours=hours)
    return workflow.perform(move, version=version, by=by, note=note, at=at, seen=seen)


# Audit actions that are not buttons here.
OTHER_ACTIONS = {
    "create": gettext_lazy("Created"),
    "start_draft": gettext_lazy("Draft started"),
    "discard": gettext_lazy("Set aside"),
    "publish_scheduled": gettext_lazy("Published as scheduled"),
    "share_link_create": gettext_lazy("Share link created"),
    "share_link_revoke": gettext_lazy("Share link revoked"),
    "checks_override": gettext_lazy("Consistency checks overridden"),
    "ai_override": gettext_lazy("AI disclaimer changed"),
    "change_slug": gettext_lazy("Address changed"),
}
STATE_LABELS = dict(ArticleVersion.State.choices)


def version_status(version, article, now=None):
    """
    What a version is to its article, for the history screen: "Live", "Scheduled for <time>", or
    its state ("Superseded", "Draft"…). Reads only the article's pointers and times, no query.
    """
    now = now or timezone.now()
    if version.pk == article.live_version_id:
        if article.published_at and article.published_at > now:
            return _("Scheduled for %(when)s") % {"when": timefmt.absolute_time(article.published_at)}
        return _("Live")
    if version.state == ArticleVersion.State.APPROVED and version.go_live_at:
        return _("Scheduled for %(when)s") % {"when": timefmt.absolute_time(version.go_live_at)}
    return version.get_state_display()


def action_label(action):
    if action in OTHER_ACTIONS:
        return OTHER_ACTIONS[action]
    if action in REVIEW_MOVES:
        return _label(action)
    return action


class MoveForm(plaintext.PlainTextMixin, forms.Form):
    """The note every move may carry, plus the time of a schedule and the lifetime of a share link."""

    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    at = forms.DateTimeField(
        label=gettext_lazy("Go live at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    hours = forms.IntegerField(
        label=gettext_lazy("Valid for (hours)"),
        min_value=1,
        max_value=workflow.SHARE_LINK_MAX_HOURS,
        initial=workflow.SHARE_LINK_HOURS,
    )
    # The revision the moderator reviewed (``workflow.review_stamp``): an approval approves that.
    seen = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)

    def __init__(self, *args, move, **kwargs):
        kwargs.setdefault("auto_id", f"id_{move}_%s")  # several move forms share one page
        super().__init__(*args, **kwargs)
        for name in ("at", "hours", "seen"):
            if name not in _extra_fields(move):
                del self.fields[name]
        if "at" in self.fields:
            self.fields["at"].help_text = _(
                "Time zone: %(zone)s. You may also give an offset, e.g. 2026-05-01T09:00+08:00."
            ) % {"zone": timezone.get_current_timezone_name()}
        if move != SHARE and workflow.MOVES[move].note_required:
            self.fields["note"].required = True
            self.fields["note"].label = _("What should the editor change?")
            self.fields["note"].help_text = _("Required. The editor sees this note on the draft.")

    def clean_at(self):
        at = self.cleaned_data["at"]
        if at is not None and at <= timezone.now():
            raise forms.ValidationError(_("Choose a time in the future."))
        return at


def move_forms(version, user):
    """The forms of the moves ``user`` may make on ``version`` now, for the review and history screens."""
    allowed = workflow.allowed_moves(version=version, user=user)
    if user.has_perm(workflow.PUBLISH_PERMISSION):
        allowed.append("share")
    # The review screen shows this revision: its approval forms name it.
    stamp = workflow.review_stamp(version) if set(allowed) & set(workflow.APPROVALS) else ""
    return [
        {
            "name": name,
            "label": _label(name),
            "form": MoveForm(move=name, initial={"seen": stamp}),
            "url": reverse("moderation:move", args=[version.pk, name]),
        }
        for name in (*REVIEW_MOVES, SHARE)
        if name in allowed
    ]


class DecisionForm(forms.Form):
    """
    The review screen's one decision panel: one note for whichever move its button names, the
    time a schedule asks for and the lifetime of a share link. Posted to ``decide_view``, which
    validates it as that move's ``MoveForm`` and makes the move through the workflow.
    """

    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Goes with your decision: required to request changes; the editor sees it."),
    )
    at = forms.DateTimeField(
        label=gettext_lazy("Go live at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    hours = forms.IntegerField(
        label=gettext_lazy("Share link valid for (hours)"),
        required=False,
        min_value=1,
        max_value=workflow.SHARE_LINK_MAX_HOURS,
        initial=workflow.SHARE_LINK_HOURS,
    )
    # The revision the moderator reviewed (``workflow.review_stamp``): an approval approves that.
    seen = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)

    def __init__(self, *args, moves, **kwargs):
        kwargs.setdefault("auto_id", "id_decision_%s")
        super().__init__(*args, **kwargs)
        names = {move["name"] for move in moves}
        if not any("at" in _extra_fields(name) for name in names):
            del self.fields["at"]
        if SHARE not in names:
            del self.fields["hours"]


def decision(version, user):
    """The decision panel of ``version`` for ``user``: the moves offered, in button order, and the form."""
    moves = move_forms(version, user)
    stamp = next((move["form"].initial.get("seen", "") for move in moves if move["name"] in workflow.APPROVALS), "")
    return {"moves": moves, "form": DecisionForm(moves=moves, initial={"seen": stamp}) if moves else None}


# Views ----------------------------------------------------------------------------------------


@require_safe
def queue_view(request):
    _require_view(request)
    context = {
        "title": _("Review queue"),
        "items": queue.review_queue(),
        "scheduled": queue.scheduled_versions(),
    }
    return _render(request, "admin/articles/moderation/queue.html", context)


@require_safe
def review_view(request, pk):
    _require_view(request)
    version = get_object_or_404(queue.versions_for_review().prefetch_related("tags"), pk=pk)
    return _render(request, "admin/articles/moderation/review.html", _review_context(request, version))


@require_POST
def decide_view(request, pk):
    """The review screen's decision panel: the button pressed names the move; ``move_view`` makes it."""
    move = request.POST.get("move", "")
    if move not in (*REVIEW_MOVES, SHARE):
        messages.error(request, _("Choose a decision."))
        return HttpResponseRedirect(reverse("moderation:review", args=[pk]))
    return move_view(request, pk, move)


def move_view(request, pk, move):
    """GET shows the move's form; POST makes the move through the workflow."""
    if move not in (*REVIEW_MOVES, SHARE):
        raise Http404
    _require_view(request)
    version = get_object_or_404(ArticleVersion.objects.select_related("article"), pk=pk)
    if request.method == "POST" and not request.user.has_perm(_move_permission(move)):
        raise PermissionDenied  # the workflow checks again; this only answers 403 before any form error
    # Approving from this page (reached from the review screen): without a posted revision, the
    # one this page describes.
    initial = {"seen": workflow.review_stamp(version)} if move in workflow.APPROVALS and request.method == "GET" else {}
    form = MoveForm(request.POST if request.method == "POST" else None, move=move, initial=initial)
    blocked_by_checks = False
    review_changes = None
    if request.method == "POST" and form.is_valid():
        label = _label(move)
        kwargs = {name: form.cleaned_data[name] for name in _extra_fields(move)}
        try:
            result = _make(move, version=version, by=request.user, note=form.cleaned_data["note"], **kwargs)
        except workflow.ReviewedRevisionChanged as error:
            form.add_error(None, str(error))
            # The moderator sees what changed since their review; approving again approves that.
            review_changes = {"changes": error.changes}
            data = form.data.copy()
            data[form.add_prefix("seen")] = workflow.review_stamp(version)
            form.data = data
        except workflow.WorkflowError as error:
            form.add_error(None, str(error))
            blocked_by_checks = isinstance(error, workflow.ChecksBlockApproval)
        else:
            messages.success(request, _("%(move)s: done.") % {"move": label})
            target = result.version if isinstance(result, ShareLink) else result
            return HttpResponseRedirect(_next_url(request) or reverse("moderation:review", args=[target.pk]))
    elif request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    context = {
        "title": _label(move),
        "version": version,
        "article": version.article,
        "move": move,
        "article_title": _article_title(version.article, version),
        "form": form,
        "next": _next_url(request),
        # Refused by the consistency checks: the override the error speaks of, right here.
        "override_form": OverrideForm() if blocked_by_checks else None,
        "can_override": blocked_by_checks and request.user.has_perm(workflow.PUBLISH_PERMISSION),
        "review_changes": review_changes,
    }
    status = 400 if request.method == "POST" else 200
    return _render(request, "admin/articles/moderation/move.html", context, status=status)


@require_POST
def revoke_view(request, pk):
    _require_view(request)
    link = get_object_or_404(ShareLink, pk=pk)
    try:
        workflow.share_link_revoke(link=link, by=request.user)
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The share link was revoked."))
    return HttpResponseRedirect(_next_url(request) or reverse("moderation:review", args=[link.version_id]))


@require_safe
def history_view(request, pk):
    _require_view(request)
    article = get_object_or_404(Article.objects.select_related("live_version", "draft"), pk=pk)
    versions = list(article.versions.select_related("created_by", "submitted_by", "approved_by").order_by("-number"))
    for version in versions:
        version.article = article
    form = CompareForm(request.GET or None, versions=versions, article=article)
    diff = None
    older = newer = None
    if form.is_bound and form.is_valid():
        older, newer = form.cleaned_data["a"], form.cleaned_data["b"]
    elif not form.is_bound and len(versions) >= 2:
        older, newer = versions[1].pk, versions[0].pk
        form = CompareForm(initial={"a": older, "b": newer}, versions=versions, article=article)
    if older and newer:
        loaded = versions_for_diff().in_bulk([older, newer])
        diff = version_diff(loaded[older], loaded[newer])
    now = timezone.now()
    rows = [
        {
            "version": v,
            "status": version_status(v, article, now),
            "moves": [m for m in move_forms(v, request.user) if m["name"] in ("restore", "unschedule", "unpublish")],
        }
        for v in versions
    ]
    context = {
        "title": _("History of “%(article)s”") % {"article": _article_title(article)},
        "article": article,
        "rows": rows,
        "compare": form,
        "diff": diff,
        "events": [
            {
                "event": event,
                "action": action_label(event.action),
                "from": STATE_LABELS.get(event.from_state, event.from_state),
                "to": STATE_LABELS.get(event.to_state, event.to_state),
            }
            for event in AuditEvent.objects.filter(article=article)
            .select_related("actor", "version")
            .order_by("-created_at", "-id")
        ],
    }
    return _render(request, "admin/articles/moderation/history.html", context)


class OverrideForm(plaintext.PlainTextMixin, forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for approving despite the checks"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Required. Recorded in the article's history with your name."),
    )


@require_POST
def override_view(request, pk):
    """Record an override of the high-severity consistency findings (moderators; audited)."""
    _require_view(request)
    version = get_object_or_404(queue.versions_for_review().prefetch_related("tags"), pk=pk)
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            workflow.version_override_checks(version=version, by=request.user, reason=form.cleaned_data["reason"])
        except workflow.WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Override recorded: this version can now be approved."))
            return HttpResponseRedirect(reverse("moderation:review", args=[version.pk]))
    context = _review_context(request, version)
    context["override_form"] = form
    return _render(request, "admin/articles/moderation/review.html", context, status=400)


class CompareForm(forms.Form):
    a = forms.TypedChoiceField(label=gettext_lazy("Compare"), coerce=int)
    b = forms.TypedChoiceField(label=gettext_lazy("with"), coerce=int)

    def __init__(self, *args, versions, article, **kwargs):
        super().__init__(*args, **kwargs)
        now = timezone.now()
        choices = [
            (v.pk, _("Version %(number)s (%(state)s)") % {"number": v.number, "state": version_status(v, article, now)})
            for v in versions
        ]
        self.fields["a"].choices = self.fields["b"].choices = choices


# Helpers --------------------------------------------------------------------------------------


def _review_context(request, version):
    article = version.article
    live = None
    if article.live_version_id and article.live_version_id != version.pk:
        live = versions_for_diff().get(pk=article.live_version_id)
    links = list(version.share_links.select_related("created_by"))
    now = timezone.now()
    for link in links:
        link.active = link.is_active(now)
        link.urls = _shared_urls(link) if link.active else []
    # The consistency engine runs once: its findings feed the review checks and the report.
    content = version_content(version)
    findings = check_content(content=content, entities=entities_payload())
    item = queue.review_item(version, precomputed={"consistency_findings": findings})
    return {
        "title": _("Review “%(article)s”") % {"article": _article_title(article, version)},
        "version": version,
        "article": article,
        "item": item,
        "other_findings": [f for f in item.findings if f.kind not in KIND_LABELS],
        "live": live,
        "diff": version_diff(live, version),
        "previews": [
            {"language": code, "name": NATIVE_NAMES[code], "url": _preview_url(version, code)}
            for code in LANGUAGE_CODES
        ],
        "decision": decision(version, request.user),
        "live_now": live_now(article, version),
        "consistency": consistency_report(version, content=content, findings=findings),
        "provenance": provenance.admin_context(version),
        "override_form": OverrideForm(),
        "can_override": request.user.has_perm(workflow.PUBLISH_PERMISSION)
        and version.state == ArticleVersion.State.IN_REVIEW,
        "share_links": links,
        "can_share": request.user.has_perm(workflow.PUBLISH_PERMISSION),
    }


def live_now(article, version, now=None):
    """
    What readers see of ``article`` now, said from the point of view of ``version`` (the review
    screen's status line, right after a decision too). Reads the article's pointers, no query.
    """
    now = now or timezone.now()
    live = article.live_version
    if version.state == ArticleVersion.State.APPROVED and version.pk == article.draft_id and version.go_live_at:
        return _("This version goes live at %(when)s; until then readers see version %(number)s.") % {
            "when": timefmt.absolute_time(version.go_live_at),
            "number": live.number if live else "—",
        }
    if live is None:
        return _("Nothing is live: readers do not see this article.")
    if article.published_at and article.published_at > now:
        if live.pk == version.pk:
            return _("This version is scheduled: it goes live at %(when)s.") % {
                "when": timefmt.absolute_time(article.published_at)
            }
        return _("Version %(number)s is scheduled to go live at %(when)s.") % {
            "number": live.number,
            "when": timefmt.absolute_time(article.published_at),
        }
    if live.pk == version.pk:
        return _("This version is live now.")
    return _("Live now: version %(number)s.") % {"number": live.number}


def _preview_url(version, language):
    with override(language):
        return reverse("previews:version", args=[version.pk])


def _shared_urls(link):
    token = share_link_token(link)
    urls = []
    for code in LANGUAGE_CODES:
        with override(code):
            urls.append({"name": NATIVE_NAMES[code], "url": reverse("previews:shared", args=[token])})
    return urls


def _article_title(article, version=None):
    """The title in the active language, else in another language, else the slug."""
    version = version or article.live_version or article.draft
    if version is not None:
        active = get_language()
        for language in sorted(LANGUAGE_CODES, key=lambda code: code != active):
            title = (translated(version, "title", language) or "").strip()
            if title:
                return title
    return article.slug


def _move_permission(move):
    return workflow.PUBLISH_PERMISSION if move == SHARE else workflow.MOVES[move].permission


def _require_view(request):
    if not request.user.has_perm(VIEW_PERMISSION):
        raise PermissionDenied


def _next_url(request):
    url = request.POST.get("next") or request.GET.get("next")
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


def _render(request, template, context, status=200):
    return render(request, template, {**admin.site.each_context(request), **context}, status=status)


app_name = "moderation"
urlpatterns = [
    path("", admin.site.admin_view(queue_view), name="queue"),
    path("version/<int:pk>/", admin.site.admin_view(review_view), name="review"),
    path("version/<int:pk>/override/", admin.site.admin_view(override_view), name="override"),
    path("version/<int:pk>/decide/", admin.site.admin_view(decide_view), name="decide"),
    path("version/<int:pk>/<slug:move>/", admin.site.admin_view(move_view), name="move"),
    path("share-link/<int:pk>/revoke/", admin.site.admin_view(revoke_view), name="revoke"),
    path("article/<int:pk>/history/", admin.site.admin_view(history_view), name="history"),
]
