from typing import Any

from django.dispatch import receiver
from simple_history.signals import pre_create_historical_record

from .context import current_path, current_user


@receiver(pre_create_historical_record, dispatch_uid="audit.change_path")
def stamp_change_path(sender: Any, instance: Any, history_instance: Any, **kwargs: Any) -> None:
    """Every historical row says through which path, and for tasks/imports by whom, it was made."""
    if hasattr(history_instance, "change_path"):
        history_instance.change_path = current_path()
    user = current_user()
    if user is not None and getattr(user, "is_authenticated", False):
        history_instance.history_user = user
