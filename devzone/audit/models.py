"""Change history: every business record declares ``history = audit_history()``.

django-simple-history keeps a historical row per create/change/delete with who and when;
our abstract base adds the path the change came through.
"""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .context import ChangePath


class ChangeContext(models.Model):
    change_path = models.CharField(_("变更途径"), max_length=16, choices=ChangePath.choices, default=ChangePath.COMMAND)

    class Meta:
        abstract = True


def audit_history(**kwargs: Any) -> HistoricalRecords:
    """The history field a domain model declares to be kept on record."""
    kwargs.setdefault("bases", [ChangeContext])
    kwargs.setdefault("cascade_delete_history", False)
    return HistoricalRecords(**kwargs)
