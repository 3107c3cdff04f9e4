"""Creates the Curators and Bootcamp staff groups with their permissions."""

from django.db import migrations

from accounts.roles import BOOTCAMP_STAFF_GROUP, CURATOR_GROUP, role_groups_ensure


def create_groups(apps, schema_editor):
    role_groups_ensure(apps)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=[CURATOR_GROUP, BOOTCAMP_STAFF_GROUP]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("interviews", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
