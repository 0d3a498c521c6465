"""
Submit one article in the exchange format to the Newsroom API (docs/api.md).

    NEWSROOM_API=https://newsroom.example.com/api/v1 NEWSROOM_TOKEN=nr_… \\
        python scripts/submit_draft.py draft.json [IDEMPOTENCY-KEY]

Standard library only. Prints the answer; exits 0 on 200/201, 1 otherwise.
"""

import hashlib
import json
import os
import sys
import urllib.error
import urllib.request


def submit_draft(path, *, api, token, idempotency_key=None):
    """POST the file at ``path`` to ``{api}/drafts/``; return ``(status, body as dict)``."""
    with open(path, "rb") as file:
        body = file.read()
    # The same file gets the same key, so a retry after a timeout changes nothing.
    key = idempotency_key or hashlib.sha256(body).hexdigest()
    request = urllib.request.Request(
        f"{api.rstrip('/')}/drafts/",
        data=body,
        method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json", "Idempotency-Key": key},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


if __name__ == "__main__":
    status, answer = submit_draft(
        sys.argv[1],
        api=os.environ["NEWSROOM_API"],
        token=os.environ["NEWSROOM_TOKEN"],
        idempotency_key=sys.argv[2] if len(sys.argv) > 2 else None,
    )
    print(status, json.dumps(answer, ensure_ascii=False, indent=2))
    sys.exit(0 if status in (200, 201) else 1)
