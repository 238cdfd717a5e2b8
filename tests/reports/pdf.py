"""Read a PDF back the way a person (or an auditor's tool) would: poppler's command-line tools."""

from __future__ import annotations

import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


def _run(args: list[str], data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        to_stdout = ["-"] if args[0] == "pdftotext" else []
        out = subprocess.run([*args, f.name, *to_stdout], capture_output=True, check=True)
    return out.stdout.decode("utf-8")


def text(data: bytes, page: int | None = None) -> str:
    """The PDF's text (``pdftotext``); one page if given. Whitespace runs collapsed to one space."""
    args = ["pdftotext", "-enc", "UTF-8"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    return re.sub(r"\s+", " ", _run(args, data))


def compact(data: bytes, page: int | None = None) -> str:
    """The text with all whitespace removed (robust to how pdftotext spaces CJK text)."""
    return re.sub(r"\s+", "", text(data, page))


def pages(data: bytes) -> int:
    info = _run(["pdfinfo"], data)
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))


def info(data: bytes) -> dict[str, str]:
    out = {}
    for line in _run(["pdfinfo"], data).splitlines():
        key, sep, value = line.partition(":")
        if sep:
            out[key.strip()] = value.strip()
    return out


@dataclass
class Font:
    name: str
    type: str
    embedded: bool


def fonts(data: bytes) -> list[Font]:
    """``pdffonts``: every font the PDF uses, and whether it is embedded."""
    lines = _run(["pdffonts"], data).splitlines()[2:]
    out = []
    for line in lines:
        # name, type (may contain spaces), encoding, emb, sub, uni, object, id
        m = re.match(r"^(\S+)\s+(.+?)\s+(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$", line)
        assert m, f"unexpected pdffonts line: {line!r}"
        out.append(Font(m.group(1), m.group(2), m.group(4) == "yes"))
    return out


def images(data: bytes) -> int:
    """How many images are drawn in the PDF (``pdfimages -list``; alpha masks not counted)."""
    rows = [line.split() for line in _run(["pdfimages", "-list"], data).splitlines()[2:]]
    return sum(1 for row in rows if len(row) > 2 and row[2] == "image")


def is_pdf(path: Path) -> bool:
    return path.read_bytes()[:5] == b"%PDF-" and pages(path.read_bytes()) >= 1
