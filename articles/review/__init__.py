"""Review and moderation: the queue and its checks, the moderation screens and URLs, diffs, previews and share links."""
