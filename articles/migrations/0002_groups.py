"""The newsroom's roles: Editors write and submit; Moderators also approve, publish and restore."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PERMISSIONS = [
    ("articles", "view_article"), ("articles", "add_article"), ("articles", "change_article"),
    ("articles", "view_articleversion"), ("articles", "add_articleversion"), ("articles", "change_articleversion"),
    ("articles", "view_tldritem"), ("articles", "add_tldritem"), ("articles", "change_tldritem"), ("articles", "delete_tldritem"),
    ("articles", "view_keydatarow"), ("articles", "add_keydatarow"), ("articles", "change_keydatarow"), ("articles", "delete_keydatarow"),
    ("articles", "view_insight"), ("articles", "add_insight"), ("articles", "change_insight"), ("articles", "delete_insight"),
    ("articles", "view_faqitem"), ("articles", "add_faqitem"), ("articles", "change_faqitem"), ("articles", "delete_faqitem"),
    ("articles", "view_section"), ("articles", "view_tag"), ("articles", "add_tag"), ("articles", "change_tag"),
    ("articles", "view_entity"), ("articles", "add_entity"), ("articles", "change_entity"),
    ("articles", "view_entityalias"), ("articles", "add_entityalias"), ("articles", "change_entityalias"), ("articles", "delete_entityalias"),
    ("articles", "view_auditevent"),
]
MODERATOR_EXTRA = [
    ("articles", "publish_article"),
    ("articles", "add_section"), ("articles", "change_section"),
    ("articles", "view_sharelink"), ("articles", "add_sharelink"), ("articles", "change_sharelink"),
]


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permissions(pairs):
        return [Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in pairs]

    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.set(permissions(EDITOR_PERMISSIONS))
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    moderators.permissions.set(permissions(EDITOR_PERMISSIONS + MODERATOR_EXTRA))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Moderators"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
