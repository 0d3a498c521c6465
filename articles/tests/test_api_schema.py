"""
The OpenAPI document and the API agree: schemathesis generates requests for every operation and
sends them to the app on a live server at 127.0.0.1. No answer may be a 5xx, and every answer's
status, content type and body must match the document. Bounded: a few examples per operation.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from articles.tests.api_helpers import ARTICLE, issue_token, post_draft
from articles.tests.factories import EntityFactory, TagFactory, published_article

EXAMPLES_PER_OPERATION = 20
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def api(live_server, settings, client):
    settings.API_SUBMIT_RATE = 10_000  # the generated requests must reach the validation, not the limit
    acme, llm = EntityFactory(slug="acme"), TagFactory(slug="llm")
    article = published_article(entities=[acme], tags=[llm])
    _token, plain = issue_token()
    post_draft(client, plain, ARTICLE)
    base_url = live_server.url.replace("localhost", "127.0.0.1")
    schema = schemathesis.openapi.from_url(f"{base_url}/api/v1/openapi.json")
    return {"schema": schema, "base_url": base_url, "token": plain, "slugs": {"slug": article.slug}, "acme": "acme"}


def run_operation(operation, base_url, **fixed):
    @given(case=operation.as_strategy(**fixed))
    @hypothesis_settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        case.call_and_validate(base_url=base_url, checks=CHECKS)

    check()


@pytest.mark.django_db(transaction=True)
def test_the_openapi_document_lists_every_operation_and_the_docs_page_answers(api, client):
    operations = sorted((result.ok().method.upper(), result.ok().path) for result in api["schema"].get_all_operations())
    assert operations == [
        ("GET", "/api/v1/articles/"),
        ("GET", "/api/v1/articles/{slug}/"),
        ("GET", "/api/v1/entities/{slug}/"),
        ("GET", "/api/v1/sections/"),
        ("GET", "/api/v1/tags/"),
        ("POST", "/api/v1/drafts/"),
    ]
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200 and b"/api/v1/openapi.json" in docs.content


@pytest.mark.django_db(transaction=True)
def test_every_operation_answers_without_5xx_and_as_documented(api):
    for result in api["schema"].get_all_operations():
        operation = result.ok()
        if operation.method.upper() == "POST":
            run_operation(operation, api["base_url"], headers={"Authorization": f"Bearer {api['token']}"})
            run_operation(operation, api["base_url"])  # without a token: 401 as documented
        elif "{slug}" in operation.path:
            run_operation(operation, api["base_url"])  # any slug: mostly 404
            known = api["slugs"]["slug"] if "articles" in operation.path else api["acme"]
            run_operation(operation, api["base_url"], path_parameters={"slug": known})
        else:
            run_operation(operation, api["base_url"])


@pytest.mark.django_db(transaction=True)
def test_the_documented_python_client_submits_a_draft_from_a_file(live_server, tmp_path):
    import importlib.util
    import json
    from pathlib import Path

    script = Path(__file__).resolve().parents[2] / "scripts" / "submit_draft.py"
    spec = importlib.util.spec_from_file_location("submit_draft", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    _token, plain = issue_token()
    path = tmp_path / "draft.json"
    path.write_text(json.dumps(ARTICLE, ensure_ascii=False), encoding="utf-8")
    api_url = live_server.url.replace("localhost", "127.0.0.1") + "/api/v1"
    status, body = module.submit_draft(path, api=api_url, token=plain)
    assert (status, body["outcome"], body["state"]) == (201, "created", "in_review")
    assert module.submit_draft(path, api=api_url, token=plain)[0] == 201  # same key: the first answer again
    assert module.submit_draft(path, api=api_url, token="nr_wrong_token")[0] == 401
