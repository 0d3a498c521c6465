"""The audit trail in the admin: read-only, filtered and shown by the actions' history labels."""

import pytest
from django.urls import reverse
from django.utils import translation

from articles import workflow
from articles.tests.admin_pages import browser
from articles.tests.factories import published_article
from articles.workflow.moves import history_label

pytestmark = pytest.mark.django_db
URL = reverse("admin:articles_auditevent_changelist")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_audit_list_names_actions_by_their_labels_not_their_codes(superuser, editor, language):
    article = published_article()
    workflow.article_start_draft(article=article, by=editor)
    with translation.override(language):
        label = str(history_label("start_draft"))
    assert label != "start_draft" and (language == "en") == (label == "started a draft")
    html = browser(superuser).get(URL, {"action": "start_draft"}, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert label in html
    assert ">start_draft<" not in html
