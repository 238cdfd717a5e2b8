"""Accessibility conventions checked on the templates themselves (issue 14): every table header
says what it heads (``scope``), and no template inlines script or style (ADR 0025)."""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# PDF layouts (WeasyPrint, never served as HTML) keep their <style>; the role homes and error
# pages are another branch's work today (issue 14's workbench half).
OUT_OF_SCOPE = ("reports/", "web/home.html", "web/error.html", "drf_spectacular/")


def templates() -> list[tuple[str, str]]:
    out = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        rel = path.relative_to(TEMPLATES).as_posix()
        if not any(part in f"/{rel}" for part in (f"/{p}" for p in OUT_OF_SCOPE)):
            out.append((rel, path.read_text(encoding="utf-8")))
    return out


def test_every_table_header_has_a_scope() -> None:
    missing = {rel: n for rel, html in templates() if (n := len(re.findall(r"<th(?=[\s>])(?![^>]*\bscope=)", html)))}
    assert not missing, missing


def test_no_template_inlines_script_style_or_handlers() -> None:
    found = {}
    for rel, html in templates():
        problems = [
            what
            for what, pattern in (
                ("<script> body", r"<script(?![^>]*\bsrc=)[^>]*>"),
                ("on* handler", r"<[^>]*\son[a-z]+\s*="),
                ("style attribute", r"<[^>]*\sstyle\s*="),
                ("<style>", r"<style[\s>]"),
            )
            if re.search(pattern, html, re.I)
        ]
        if problems:
            found[rel] = problems
    assert not found, found
