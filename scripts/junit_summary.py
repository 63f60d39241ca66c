"""Print one summary line over the JUnit reports of the SQLite and PostgreSQL runs."""

import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def main(paths: list[str]) -> int:
    passed = failed = skipped = 0
    runs = []
    for path in paths:
        if not Path(path).exists():
            failed += 1
            runs.append(f"{path}: missing")
            continue
        root = ET.parse(path).getroot()  # noqa: S314
        suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
        tests = sum(int(s.get("tests", 0)) for s in suites)
        fails = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
        skips = sum(int(s.get("skipped", 0)) for s in suites)
        passed += tests - fails - skips
        failed += fails
        skipped += skips
        runs.append(f"{Path(path).stem.removeprefix('junit-')}: {tests - fails - skips} passed")
    print("runs: " + "; ".join(runs))
    print(f"summary: {passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
