"""Figures: named computations over records, registered by family, read by every consumer.

A family is a function of (region, period) returning ``Figure``s. The cockpit, the API and
``regionpulse figures`` all call the registry; none of them computes a figure of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from regionpulse.core.units import round_half_up

if TYPE_CHECKING:
    from regionpulse.core.models import Region
    from regionpulse.core.periods import Period


@dataclass(frozen=True, slots=True)
class Provenance:
    """Which records a figure stands on: the model and the filter that selects them, and how."""

    model: str
    filter: dict[str, Any]
    method: str

    def as_dict(self) -> dict[str, Any]:
        return {"model": self.model, "filter": self.filter, "method": self.method}


@dataclass(frozen=True, slots=True)
class Figure:
    """One number: unrounded for arithmetic, rounded as published for writing."""

    value: Decimal | None
    decimals: int
    unit: str
    provenance: Provenance | None = None

    @property
    def rounded(self) -> Decimal | None:
        return None if self.value is None else round_half_up(self.value, self.decimals)

    @property
    def present(self) -> bool:
        return self.value is not None


def json_number(value: Decimal | None) -> int | float | None:
    """A rounded Decimal as a JSON number: whole numbers as integers, others by their shortest form."""
    if value is None:
        return None
    if value == value.to_integral_value() and value.as_tuple().exponent == 0:
        return int(value)
    return float(value)


class Family(Protocol):
    def as_json(self) -> Any: ...


FamilyFunction = TypeVar("FamilyFunction", bound=Callable[["Region", "Period"], Family])


@dataclass(slots=True)
class Registry:
    families: dict[str, Callable[[Region, Period], Family]] = field(default_factory=dict)

    def register(self, key: str) -> Callable[[FamilyFunction], FamilyFunction]:
        def decorate(function: FamilyFunction) -> FamilyFunction:
            self.families[key] = function
            return function

        return decorate

    def compute(self, region: Region, period: Period) -> dict[str, Family]:
        return {key: function(region, period) for key, function in self.families.items()}

    def as_json(self, region: Region, period: Period, families: dict[str, Family] | None = None) -> dict[str, Any]:
        """Every family's figures in the bulletin's shape; ``families`` when they are computed already."""
        computed = families if families is not None else self.compute(region, period)
        return {
            "region": {
                "code": region.code,
                "name": region.name,
                "parent_code": region.parent.code if region.parent else None,
                "parent_name": region.parent.name if region.parent else None,
            },
            "period": {"year": period.year, "month": period.month, "label": period.label, "as_of": period.as_of},
            **{key: family.as_json() for key, family in computed.items()},
        }


registry = Registry()
