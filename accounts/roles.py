"""The role groups (Curators, Bootcamp staff) and the permissions curators hold.

Created by a data migration; `role_groups_ensure` also repairs them at run time, since
a database flush (transactional tests, `flush`) removes rows that migrations made.
"""

from typing import Any

from django.apps import apps as global_apps

CURATOR_GROUP = "Curators"
BOOTCAMP_STAFF_GROUP = "Bootcamp staff"

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


def role_groups_ensure(apps: Any = global_apps) -> dict[str, Any]:
    """Creates the groups (and the curators' permissions) if missing; returns them by name.

    `apps` is the migration's historical registry inside a migration, else the real one.
    """
    from django.contrib.auth.management import create_permissions

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    curators, created = Group.objects.get_or_create(name=CURATOR_GROUP)
    staff, _ = Group.objects.get_or_create(name=BOOTCAMP_STAFF_GROUP)
    if created or not curators.permissions.exists():
        perms = Permission.objects.filter(
            content_type__app_label="interviews",
            content_type__model__in=[model for _, model in CURATOR_MODELS],
        )
        if not perms.exists():
            # Permissions are normally created after all migrations; make them now.
            for app_config in apps.get_app_configs():
                app_config.models_module = True
                create_permissions(app_config, verbosity=0, apps=apps)
                app_config.models_module = None
        perms = Permission.objects.filter(
            content_type__app_label="interviews",
            content_type__model__in=[model for _, model in CURATOR_MODELS],
        ).exclude(content_type__model="personaversion", codename__regex=r"^(add|change|delete)_")
        curators.permissions.add(*perms)
    return {CURATOR_GROUP: curators, BOOTCAMP_STAFF_GROUP: staff}
