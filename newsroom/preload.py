"""
What a web server's master process loads before forking its workers (``deploy/gunicorn.conf.py``),
so that every worker shares it copy-on-write instead of loading its own copy on first use:

- jieba's stock dictionary and the entity-aware one search segmentation and mention linking use
  (``articles.entities.dictionary``), over the current entity vocabulary;
- the entity vocabulary payload (``articles.entities.vocabulary``);
- the reader pages' compiled templates.

Then it closes the database and cache connections (a socket must not be shared by the forked
workers) and freezes the garbage collector's view of everything loaded so far (``gc.freeze()``):
the collector of a worker never walks those objects, so their pages stay shared.

Each step is best effort: a database that is not reachable yet leaves the vocabulary to be
loaded by each worker on first use, as without preloading.
"""

import gc
import logging

logger = logging.getLogger(__name__)

READER_TEMPLATES = (
    "articles/article_detail.html",
    "articles/article_bilingual.html",
    "articles/home.html",
    "articles/section.html",
    "articles/tag.html",
    "articles/search.html",
)


def preload():
    """Load the shared state; return the names of what was loaded."""
    from django.core.cache import caches
    from django.db import connections
    from django.template.loader import get_template

    from articles.entities import dictionary
    from articles.entities.vocabulary import entities_payload
    from articles.search import segmentation

    loaded = []
    dictionary.plain_tokenizer()
    loaded.append("jieba dictionary")
    try:
        entities_payload()
        dictionary.vocabulary_tokenizer(segmentation.refresh_vocabulary())
        loaded.append("entity vocabulary")
    except Exception:  # noqa: BLE001 - a worker loads it on first use instead
        logger.warning("The entity vocabulary was not preloaded.", exc_info=True)
    for name in READER_TEMPLATES:
        get_template(name)
    loaded.append("reader templates")
    connections.close_all()
    caches.close_all()
    gc.collect()
    gc.freeze()
    return loaded
