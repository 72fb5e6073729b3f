"""The text as the page shows it: every stated number marked with what its checks found."""

from __future__ import annotations

from dataclasses import dataclass

from regionpulse.claims.claim import AGREES, DISAGREES, UNKNOWN, Claim

# Beyond this the page marks the beginning only; the list below still holds every claim.
SHOWN_CHARACTERS = 200_000


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    status: str | None = None  # None: plain text between figures
    number: int = 0  # the claim's number in the list, for the link
    reason: str = ""


def field_status(claim: Claim, field: str) -> tuple[str, str]:
    """What the checks of one stated number found, and why, in a line."""
    checks = [check for check in claim.checks if check.field == field] or [
        check for check in claim.checks if check.status == UNKNOWN
    ]
    statuses = {check.status for check in checks}
    status = DISAGREES if DISAGREES in statuses else AGREES if AGREES in statuses else UNKNOWN
    reasons = "；".join(check.reason for check in checks) or "无法核对"
    return status, reasons


def segments(text: str, claims: list[Claim]) -> list[Segment]:
    shown = text[:SHOWN_CHARACTERS]
    parts = sorted(
        (start, end, number, field)
        for number, claim in enumerate(claims, start=1)
        for start, end, field in claim.parts
        if end <= len(shown)
    )
    result, position = [], 0
    for start, end, number, field in parts:
        if start < position:
            continue  # never nest two marks
        if start > position:
            result.append(Segment(shown[position:start]))
        status, reason = field_status(claims[number - 1], field)
        result.append(Segment(shown[start:end], status, number, reason))
        position = end
    if position < len(shown):
        result.append(Segment(shown[position:]))
    return result
