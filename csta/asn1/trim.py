#!/usr/bin/env python3
"""Make the trimmed ECMA-285 copy in this folder from ../shared/spec/ecma-285.

Run once by hand (python3 csta/asn1/trim.py SPEC_DIR OUT_DIR); the result is committed.
It only DELETES text, never rewrites a type:
  * the X.880 information-object assignments `name OPERATION ::= {...}` and
    `name ERROR ::= {...}` (asn1c 0.9.28 cannot compile information object classes);
  * the IMPORTS of OPERATION / ERROR from Remote-Operations-Information-Objects and of the
    `universalFailure` ERROR object, which only those assignments used.
event-report-definitions is skipped: it imports ~60 event modules that are not in the spec
subset; bridge-event-report.asn1 replaces it (see README.md in this folder).
"""
import pathlib
import re
import sys

SKIP = {"event-report-definitions.asn1"}
OID = r"\{[^{}]*\}"
IMPORT_PATTERNS = [
    re.compile(r"(?:OPERATION\s*,\s*)?(?:OPERATION|ERROR)\s+FROM\s+Remote-Operations-Information-Objects\s*" + OID),
    re.compile(r"universalFailure\s+FROM\s+CSTA-error-definition\s*" + OID),
    re.compile(r"(?<=UniversalFailure),\s*universalFailure(?=\s*,)"),  # error-definition EXPORTS
]
ASSIGNMENT = re.compile(r"\n[A-Za-z][\w-]*\s+(?:OPERATION|ERROR)\s*::=\s*\{")


def strip_assignments(text: str) -> str:
    while (m := ASSIGNMENT.search(text)) is not None:
        depth, i = 1, m.end()
        while depth:  # the object body nests braces (ERRORS {...}); match them
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        text = text[: m.start()] + "\n" + text[i:]
    return text


def trim(text: str) -> str:
    for pattern in IMPORT_PATTERNS:
        text = pattern.sub("", text)
    return strip_assignments(text)


def main() -> None:
    src, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    for path in sorted(src.glob("*.asn1")):
        if path.name not in SKIP:
            (out / path.name).write_text(trim(path.read_text(encoding="utf-8")), encoding="utf-8")


if __name__ == "__main__":
    main()
