"""Generated sections of a Markdown document, each rewritten by the script that owns it.

A section sits between ``<!-- begin NAME -->`` and ``<!-- end NAME -->``; a missing
section is appended, a missing document is created with ``title``.
"""

from __future__ import annotations

from pathlib import Path
import re


def replace_section(path: Path, name: str, body: str, *, title: str) -> None:
    """Write ``body`` as section ``name`` of the document at ``path``."""
    begin, end = f"<!-- begin {name} -->", f"<!-- end {name} -->"
    block = f"{begin}\n{body.strip()}\n{end}"
    text = path.read_text(encoding="utf-8") if path.exists() else f"# {title}\n"
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _match: block, text)
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")
