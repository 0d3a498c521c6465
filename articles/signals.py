"""
Signals sent by ``articles.workflow`` after a move has committed. Receivers do side effects
only (cache purge, search index, mention index); they never change state.
"""

from django.dispatch import Signal

# Sent with article=, version=, action= once the transaction that made the move has committed.
article_published = Signal()
article_unpublished = Signal()
version_changed = Signal()
