"""A new zone gets the grants of every group whose scope covers it (moves: services.update_zone)."""

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from devzone.tenancy.services import sync_zone_grants

from .models import Zone


@receiver(post_save, sender=Zone, dispatch_uid="zones.sync_grants")
def zone_created(sender: type[Zone], instance: Zone, created: bool, **kwargs: Any) -> None:
    if created and not kwargs.get("raw"):
        sync_zone_grants(zone=instance)
