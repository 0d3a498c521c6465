"""The HTTP API (django-ninja), mounted at /api/v1/: draft ingestion for pipelines, read-only content for apps."""
