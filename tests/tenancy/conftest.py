"""The tenancy matrix's PDF requests: laid out cheaply, still end to end (see ``test_matrix.py``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

BODY = re.compile(r"(<body\b[^>]*>).*(</body>)", re.DOTALL)


@pytest.fixture
def pdfs_without_their_body(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """WeasyPrint lays out each report document with its body emptied; the full HTML is kept."""
    from devzone.reports import rendering

    laid_out: list[str] = []
    layout = rendering._layout

    def head_only(html: str) -> Any:
        laid_out.append(html)
        stub, found = BODY.subn(r"\1\2", html, count=1)
        assert found == 1, "a report document without a <body>"
        return layout(stub)

    monkeypatch.setattr(rendering, "_layout", head_only)
    yield laid_out
