"""The JSON Schema of a date: the forms FuzzyDate reads, as one pattern for editors and validators.

The pattern checks everything a date's text alone decides (months 01-12, the days of each month, 29 February
in leap years only, X only for the last digits, the marks); two things need more than the text and are left
to the tracker: that an interval's end is not before its start, and that no date is in the future.
"""

from __future__ import annotations

FORMS = ("YYYY-MM-DD, YYYY-MM or YYYY; an interval START/END (2025-03-10/2025-03-16); a date marked "
         "? (uncertain), ~ (approximate) or % (both); unspecified last digits (2025-03-1X)")


def _json_pattern() -> str:
    d = "[0-9]"  # not \d, which in Python matches the digits of every script
    year = f"(?!0000){d}{{4}}"
    leap = f"(?:{d}{{2}}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
    month = "(?:0[1-9]|1[0-2])"
    day = (f"(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]{d}|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]{d}|30)"
           f"|02-(?:0[1-9]|1{d}|2[0-8]))")
    exact = f"(?:{year}(?:-(?:{month}|{day}))?|{leap}-02-29)"
    with_x = (f"(?:{d}{{3}}X|{d}{{2}}XX|{d}XXX)(?:-XX(?:-XX)?)?"  # 202X, 20XX-XX
              f"|{year}-(?:0X|1X|XX)(?:-XX)?"  # 2025-1X, 2025-XX-XX
              f"|{year}-{month}-(?:0X|1X|2X|XX)"  # 2025-03-1X
              f"|{year}-(?:0[13-9]|1[0-2])-3X")  # 2025-03-3X (not February)
    qualifier = "[?~%]?"
    point = f"{exact}{qualifier}"
    return f"^(?:(?:{exact}|{with_x}){qualifier}|{point}/{point})$"


DATE_PATTERN = _json_pattern()
DATE_JSON_SCHEMA = {
    "anyOf": [
        {"type": "string", "pattern": DATE_PATTERN},
        {"type": "integer", "minimum": 1, "maximum": 9999},
    ],
    "description": "EDTF: YYYY-MM-DD, or YYYY-MM / YYYY when only that is known; an interval START/END "
                   "(2025-03-10/2025-03-16, not ending in the future, its end not before its start); a date "
                   "marked ? (uncertain), ~ (approximate) or % (both); unspecified last digits (2025-03-1X)",
}
