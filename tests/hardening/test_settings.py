"""Issue 8, "production settings": DEBUG off unless set, no built-in key, secure defaults, check --deploy."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
PRINT = (
    "from django.conf import settings as s; "
    "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, "
    "s.CSRF_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER is not None)"
)


# A deployment's environment, not this test process's (which other tests' conftests change).
BASE_ENV = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")}


def run(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {**BASE_ENV, "DJANGO_SETTINGS_MODULE": "devzone.settings"}
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_without_debug_and_without_a_key_the_portal_refuses_to_start() -> None:
    result = run("import devzone.wsgi")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    result = run("from devzone.startup import require_secret_key; require_secret_key()", DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_debug_is_off_and_secure_settings_on_by_default() -> None:
    result = run(PRINT, SECRET_KEY=secrets.token_urlsafe(50))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "31536000", "True", "True", "True"]


def test_each_secure_setting_can_be_turned_off_and_debug_runs_without_a_key() -> None:
    result = run(PRINT, SECRET_KEY=secrets.token_urlsafe(50), SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="0")
    assert result.stdout.split()[1:3] == ["False", "0"]
    result = run(PRINT, DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "False", "0", "False", "False", "False"]


def test_check_deploy_is_clean_with_debug_off_a_key_and_hosts() -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **BASE_ENV,
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "devzone.example.cn",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
