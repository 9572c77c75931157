"""Regenerate docs/*.md from Debian's debian-history package (stdlib + BeautifulSoup).

    apt-get download debian-history && dpkg -x debian-history_2.28_all.deb /tmp/dh
    python evals/dev/debian-history/make_docs.py /tmp/dh

Each chosen section of *A Brief History of Debian* becomes one Markdown report: front matter,
then the section's paragraphs (HTML line breaks joined by one space) and list items, without
the section heading, link markup or footnotes. Words are not changed (see docs/LICENSE.md).
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from bs4 import BeautifulSoup, Tag

OUT = Path(__file__).resolve().parent / "docs"
# page -> {anchor id of the section: file name, section number}
SECTIONS = {
    "intro.en.html": {"begining": ("in-the-beginning", "1.1")},
    "detailed.en.html": {
        "rel-0": ("releases-0x", "4.1"),
        "early-packaging": ("early-packaging", "4.1.1"),
        "rel-1": ("releases-1x", "4.2"),
        "rel-2": ("releases-2x", "4.3"),
        "rel-3": ("releases-3x", "4.4"),
        "rel-5": ("releases-5x", "4.6"),
        "rel-6": ("releases-6x", "4.7"),
        "rel-7": ("releases-7x", "4.8"),
        "rel-8": ("releases-8x", "4.9"),
    },
}


def _norm(text: str) -> str:
    return " ".join(text.split())


def _blocks(section: Tag) -> list[str]:
    """The section's own paragraphs and list items (not those of nested sections)."""
    for marker in section.find_all("a", class_="footnote"):
        marker.decompose()
    out: list[str] = []
    for child in section.children:
        if not isinstance(child, Tag):
            continue
        classes = child.get("class") or []
        if "titlepage" in classes or "section" in classes or "footnotes" in classes:
            continue
        if child.name == "p":
            out.append(_norm(child.get_text()))
        elif "itemizedlist" in classes:
            out.extend("- " + _norm(li.get_text()) for li in child.find_all("li"))
        elif _norm(child.get_text()):
            out.append(_norm(child.get_text()))
    return out


def _markdown(blocks: list[str]) -> str:
    text, previous_item = "", False
    for block in blocks:
        item = block.startswith("- ")
        text += ("\n" if item and previous_item else "\n\n" if text else "") + block
        previous_item = item
    return text + "\n"


def main(root: Path) -> None:
    docs = root / "usr/share/doc/debian-history/docs"
    for page, wanted in SECTIONS.items():
        soup = BeautifulSoup((docs / page).read_text(encoding="utf-8"), "html.parser")
        found = [(a["id"], a.find_parent("div", class_="section")) for a in soup.find_all("a", id=True) if a["id"] in wanted]
        for anchor, section in found:
            name, number = wanted[anchor]
            heading = section.find(re.compile("h[1-4]"))
            title = re.sub(r"^[\d.]+\s*", "", _norm(heading.get_text()))
            front = (
                f'---\ntitle: "{title}"\nauthors:\n  - Debian Documentation Team\npublisher: Debian Project\n'
                f'date: 2023-02-15\nsource: "A Brief History of Debian (Debian package debian-history 2.28), section {number}"\n---\n\n'
            )
            (OUT / f"{name}.md").write_text(front + _markdown(_blocks(section)), encoding="utf-8")
            print(name, title)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
