"""
Settings for the test suite: the project's own settings with what only tests want.

Password hashing is most of a suite that logs users in, so tests use a fast hasher; nothing
else differs from what runs in production.
"""

from newsroom.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
