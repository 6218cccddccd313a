"""Generated sections of a Markdown document, each rewritten by the script that owns it.

A section sits between ``<!-- begin NAME -->`` and ``<!-- end NAME -->``; a missing
section is appended, a missing document is created with ``title`` and ``preamble``.
"""

from __future__ import annotations

from pathlib import Path
import re


def replace_section(
    path: Path, name: str, body: str, *, title: str, preamble: str = ""
) -> None:
    """Write ``body`` as section ``name`` of the document at ``path``."""
    begin, end = f"<!-- begin {name} -->", f"<!-- end {name} -->"
    block = f"{begin}\n{body.strip()}\n{end}"
    if path.exists():
        text = path.read_text(encoding="utf-8")
    else:
        text = f"# {title}\n" + (f"\n{preamble.strip()}\n" if preamble else "")
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _match: block, text)
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")
