"""Entities in article text: finding mentions, the vocabulary payload, the stored mention index, first-mention links, suggestions."""
