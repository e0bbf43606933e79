"""Text that a spreadsheet would run: what a person typed must never become a formula.

Excel, LibreOffice and WPS read a cell that starts with one of FORMULA_STARTS as a formula, even
from a CSV file (OWASP, "CSV Injection"). So the ledger writes what people typed as text, a CSV
cell that starts so gets a single quote in front, and a roster name cannot start so at all.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def could_run(text: str) -> bool:
    """Whether a spreadsheet would take the text for a formula."""
    return text.startswith(FORMULA_STARTS)


def neutralised(text: str) -> str:
    """The text as a CSV cell: with a single quote in front when a spreadsheet would run it."""
    return "'" + text if could_run(text) else text
