"""Shared helpers of the API tests: a token, a valid exchange-format article, posting it."""

import copy
import json

from articles.models import ApiToken

DRAFTS_URL = "/api/v1/drafts/"

ARTICLE = {
    "slug": "chipmaker-opens-fab",
    "section": {"slug": "ai-news", "name": {"en": "AI News", "zh-hans": "AI资讯"}},
    "scores": {"hot": 70, "quality": 65, "impact": 70},
    "provenance": {
        "generator": {"name": "drafter", "version": "2.1"},
        "sources": ["https://example.com/acme-fab"],
        "generated_at": "2026-11-28T04:00:00Z",
    },
    "tags": [{"slug": "llm", "name": {"en": "LLM", "zh-hans": "大模型"}}],
    "entities": [{"slug": "acme", "kind": "company", "name": {"en": "Acme", "zh-hans": "艾克米"}}],
    "content": {
        "en": {
            "title": "Chipmaker opens a new fab",
            "summary": "Acme brings a 1.6 GW fab online.",
            "tldr": ["The fab is open."],
            "key_data": [{"entity": "acme", "info": "Fab capacity", "metric": "1.6 GW"}],
            "analysis": "The plant adds **capacity**.",
            "insights": ["Capacity follows demand."],
            "faq": [{"q": "When?", "a": "Now."}],
        },
        "zh-hans": {
            "title": "芯片厂商开设新晶圆厂",
            "summary": "艾克米的1.6吉瓦晶圆厂投入运营。",
            "tldr": ["晶圆厂已开业。"],
            "key_data": [{"entity": "acme", "info": "晶圆厂产能", "metric": "1.6吉瓦"}],
            "analysis": "该工厂增加了**产能**。",
            "insights": ["产能随需求而动。"],
            "faq": [{"q": "何时？", "a": "现在。"}],
        },
    },
}


def article(**changes):
    data = copy.deepcopy(ARTICLE)
    data.update(changes)
    return data


def issue_token(client_name="drafting pipeline"):
    return ApiToken.issue(client_name=client_name)


def post_draft(client, plain, data, **headers):
    body = data if isinstance(data, (bytes, str)) else json.dumps(data, ensure_ascii=False)
    extra = {"HTTP_AUTHORIZATION": f"Bearer {plain}"} if plain else {}
    for name, value in headers.items():
        extra["HTTP_" + name.upper().replace("-", "_")] = value
    return client.post(DRAFTS_URL, body, content_type="application/json", **extra)
