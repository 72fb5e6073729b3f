"""The ledgers that import and export as .xlsx, by kind: the command line and pages look them up here."""

from __future__ import annotations

from typing import Any, TypeVar

LEDGERS: dict[str, Any] = {}

L = TypeVar("L")


def register_ledger(cls: L) -> L:
    LEDGERS[cls.kind] = cls  # type: ignore[attr-defined]
    return cls


def ledger(kind: str) -> Any:
    try:
        return LEDGERS[kind]
    except KeyError:
        known = "、".join(sorted(LEDGERS))
        raise KeyError(f"未知的台账类型“{kind}”，可用：{known}") from None
