"""Comments and docs name a rule by what it says. A numbered item of a list that lives outside
this repository (the security guide's numbered list) means nothing to a reader of the code."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Spelled in two parts so this file does not match itself.
NUMBERED_ITEM = re.compile("check" + r"list\s*(item\s*)?#?\d", re.IGNORECASE)
WHERE = ["psoportal", "tests", "docs", "scripts", "bench", "templates", "static"]
SUFFIXES = {".py", ".md", ".sh", ".html", ".txt", ".toml", ".js", ".css"}


def test_no_comment_or_doc_cites_a_numbered_item_of_an_outside_list():
    files = [ROOT / "README.md", ROOT / "Makefile"] + [
        path for folder in WHERE for path in (ROOT / folder).rglob("*")
        if path.suffix in SUFFIXES and "vendor" not in path.parts
    ]
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in files
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1)
        if NUMBERED_ITEM.search(line)
    ]
    assert found == []
