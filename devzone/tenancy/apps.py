from django.apps import AppConfig
from django.core import checks
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class TenancyConfig(AppConfig):
    name = "devzone.tenancy"
    label = "tenancy"
    verbose_name = _("权限与范围")

    def ready(self) -> None:
        from . import signals  # connects the token revocation receivers
        from .checks import check_zone_paths
        from .grants import sync_grants

        # After every migrate (and a test database flush): the declared permissions exist and
        # every (role × scope) group holds what its role now holds (ADR 0009).
        post_migrate.connect(sync_grants, sender=self, dispatch_uid="devzone.tenancy.sync_grants")
        checks.register(check_zone_paths, checks.Tags.models)
        signals.connect_scope_invalidation()
