"""``manage.py prepare_test_template``: a migrated, seeded database the test databases copy.

``make test`` runs it beside the lint steps (ADR 0007): each pytest-xdist worker then creates its
test database as a copy of this one (PostgreSQL ``CREATE DATABASE … TEMPLATE``, about a second)
instead of running every migration and ``seed_demo`` itself (~40 s of CPU each). The template is
``<NAME>_template`` beside the configured database; it is made afresh on every run, so it is
never stale. Elsewhere than PostgreSQL it does nothing (the workers migrate and seed as before).
"""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, connections
from psycopg import sql


def template_name() -> str:
    return f"{settings.DATABASES['default']['NAME']}_template"


class Command(BaseCommand):
    help = "Create <database>_template: migrated and seeded with the demo, for the test databases to copy."

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            self.stdout.write("not PostgreSQL: nothing to prepare")
            return
        name = template_name()
        with connection._nodb_cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)).as_string())
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)).as_string())
        connection.close()
        settings.DATABASES["default"]["NAME"] = name
        connections["default"].settings_dict["NAME"] = name
        # The demo accounts hashed as the test run hashes them (tests/conftest.py): this database
        # is only ever copied by the tests, never served.
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        quiet = io.StringIO()
        call_command("migrate", interactive=False, verbosity=0, stdout=quiet)
        call_command("seed_demo", stdout=quiet)
        connections.close_all()  # a template must have no connection when it is copied
        self.stdout.write(f"prepared {name}")
