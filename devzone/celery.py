"""The Celery application. Tasks are discovered in every installed app's ``tasks.py``."""

import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devzone.settings")

app = Celery("devzone")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def _require_secret_key(**kwargs: object) -> None:
    from devzone.startup import require_secret_key

    require_secret_key()
