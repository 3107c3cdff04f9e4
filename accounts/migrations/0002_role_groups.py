"""Creates the Curators and Bootcamp staff groups with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CURATOR_MODELS = [
    ("interviews", "track"),
    ("interviews", "topic"),
    ("interviews", "question"),
    ("interviews", "keypoint"),
    ("interviews", "followup"),
    ("interviews", "referencedocument"),
    ("interviews", "referencechunk"),
    ("interviews", "interviewerpersona"),
    ("interviews", "personaversion"),
]


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    curators, _ = Group.objects.get_or_create(name="Curators")
    for app_label, model in CURATOR_MODELS:
        perms = Permission.objects.filter(
            content_type__app_label=app_label, content_type__model=model
        )
        if model == "personaversion":
            perms = perms.filter(codename__startswith="view_")
        curators.permissions.add(*perms)
    Group.objects.get_or_create(name="Bootcamp staff")


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=["Curators", "Bootcamp staff"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("interviews", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
