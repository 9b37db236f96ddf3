"""The demo users, one per role, from ``demo/data/users.json``.

The password is published on purpose (the README prints it); ``seed_demo`` refuses to run
without DEBUG for that reason.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from demo import load

FILE = "users.json"
USER_KEYS = ("username", "first_name", "last_name", "role", "description")


def _load() -> tuple[str, list[dict]]:
    where = load.Where(FILE)
    data = load.record(load.read(FILE), where, ("password", "users"))
    password = load.of_type(data["password"], str, where / "password")
    users = []
    for user, at in load.items(data["users"], where / "users"):
        load.record(user, at, USER_KEYS)
        for key in USER_KEYS:
            load.of_type(user[key], str, at / key, null=key == "role")
        users.append(user)
    return password, users


DEMO_PASSWORD, DEMO_USERS = _load()


def seed_users(stdout) -> None:
    """One demo user per role; the password is set only when the user is created."""
    user_model = get_user_model()
    password = None
    for spec in DEMO_USERS:
        username, role = spec["username"], spec["role"]
        if not user_model.objects.filter(username=username).exists():
            # Hashing is slow on purpose; hash once, and only when someone is new.
            password = password or make_password(DEMO_PASSWORD)
        fields = {
            "first_name": spec["first_name"],
            "last_name": spec["last_name"],
            "email": f"{username}@vendor-tracker.example",
            "is_active": True,
            "is_staff": role is None,
            "is_superuser": role is None,
        }
        user, created = user_model.objects.update_or_create(
            username=username, defaults=fields, create_defaults={**fields, "password": password}
        )
        if role:
            group = Group.objects.filter(name=role).first()
            if group is None:
                load.Where(FILE, f"users.{username}.role").fail(f"no role group named {role!r}")
            user.groups.add(group)
        stdout.write(f"  user {username}: {'created' if created else 'already there'}")
