"""The exchange format: export of versions and the validated import (see docs/article-import.md)."""
