"""What a serving process checks before it starts: the web server (wsgi.py) and the workers."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def require_secret_key() -> None:
    """Refuse to start without ``SECRET_KEY`` (the settings give none outside DEBUG: ADR 0011)."""
    try:
        key = settings.SECRET_KEY
    except ImproperlyConfigured:
        key = ""
    if not key:
        raise ImproperlyConfigured("SECRET_KEY is not set: set it (or DEBUG=1 for local development only).")
