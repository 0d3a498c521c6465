"""
The newsroom's roles as permission groups: Editors write and submit; Moderators also approve,
publish, restore and manage sections and share links.

``ensure_groups`` runs after every ``migrate`` and ``flush`` (``post_migrate``), so the groups
exist with exactly these permissions on a new database, after an upgrade that adds a permission,
and after a test database is flushed.
"""

EDITORS, MODERATORS = "Editors", "Moderators"

EDITOR_PERMISSIONS = (
    "view_article",
    "add_article",
    "change_article",
    "view_articleversion",
    "add_articleversion",
    "change_articleversion",
    *(
        f"{verb}_{model}"
        for model in ("tldritem", "keydatarow", "insight", "faqitem")
        for verb in ("view", "add", "change", "delete")
    ),
    "view_section",
    "view_tag",
    "add_tag",
    "change_tag",
    "view_entity",
    "add_entity",
    "change_entity",
    *(f"{verb}_entityalias" for verb in ("view", "add", "change", "delete")),
    "view_auditevent",
)
MODERATOR_PERMISSIONS = (
    *EDITOR_PERMISSIONS,
    "publish_article",
    "add_section",
    "change_section",
    "view_sharelink",
    "add_sharelink",
    "change_sharelink",
)
GROUPS = {EDITORS: EDITOR_PERMISSIONS, MODERATORS: MODERATOR_PERMISSIONS}


def ensure_groups(**kwargs):
    """Create the groups if missing and give each exactly its permissions (a ``post_migrate`` receiver)."""
    from django.contrib.auth.models import Group, Permission

    for name, codenames in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = list(Permission.objects.filter(content_type__app_label="articles", codename__in=codenames))
        if len(permissions) < len(set(codenames)):
            return  # the app's permissions are not created yet (a migration plan that stops early)
        group.permissions.set(permissions)
