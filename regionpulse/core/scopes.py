"""Data scopes: the one place that decides which records a user may see.

Every page and API view obtains its queryset through ``restrict``; a record outside the scope
simply is not in the queryset, so fetching it is a 404 everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Model, Q, QuerySet

if TYPE_CHECKING:
    from regionpulse.core.models import Region, User

# A role whose path is REGION_WIDE sees every record of its own region; None sees nothing.
REGION_WIDE = "__region__"

M = TypeVar("M", bound=Model)


@dataclass(frozen=True, slots=True)
class Match:
    """A record belongs to a user when ``record_path`` on the record equals ``user_path`` on the user."""

    record_path: str
    user_path: str

    def value_for(self, user: Any) -> Any:
        value = user
        for part in self.user_path.split("__"):
            value = getattr(value, part, None)
            if value is None:
                return None
        return value


@dataclass(frozen=True, slots=True)
class Scope:
    """How a model's records hang from a region and from the organisations that own them.

    Each field is a lookup path from the record to the organisation that owns it, compared with
    the user's own organisation; a ``Match`` compares another attribute (a department's function).
    ``keeper`` names the function of the department that keeps the whole ledger (发改 for major
    projects): its staff see every record of their region, not only those assigned to them.
    Leaders see their whole region, administrators everything.
    """

    region: str
    department: str | Match | None = None
    task_force: str | Match | None = None
    enterprise: str | Match | None = None
    keeper: str | None = None


def keeps(user: Any, function: str | None) -> bool:
    """Whether ``user`` keeps a ledger kept by the department of ``function``: its staff, administrators,
    and the command line (``None``)."""
    from regionpulse.core.models import Role

    if user is None or user.is_platform_admin:
        return True
    department = user.department if user.role == Role.DEPARTMENT else None
    return function is not None and department is not None and department.function == function


def _role_filter(scope: Scope, user: User) -> Q | None:
    from regionpulse.core.models import Role

    if scope.keeper is not None and keeps(user, scope.keeper):
        return Q()
    organisation_path = {
        Role.LEADER: REGION_WIDE,
        Role.DEPARTMENT: scope.department,
        Role.TASK_FORCE: scope.task_force,
        Role.ENTERPRISE: scope.enterprise,
    }.get(Role(user.role))
    if organisation_path is None:
        return None
    if organisation_path == REGION_WIDE:
        return Q()
    if isinstance(organisation_path, Match):
        value = organisation_path.value_for(user)
        return None if value is None else Q(**{organisation_path.record_path: value})
    organisation_id = {
        Role.DEPARTMENT: user.department_id,
        Role.TASK_FORCE: user.task_force_id,
        Role.ENTERPRISE: user.enterprise_id,
    }[Role(user.role)]
    if organisation_id is None:
        return None
    return Q(**{organisation_path: organisation_id})


def restrict(queryset: QuerySet[M], user: Any) -> QuerySet[M]:
    """The records of ``queryset`` that ``user`` may see."""
    if user is None or not user.is_authenticated or not user.is_active:
        return queryset.none()
    if user.is_platform_admin:
        return queryset
    scope: Scope | None = getattr(queryset.model, "scope", None)
    if scope is None:
        raise TypeError(f"{queryset.model.__name__} declares no scope; it cannot be shown to users")
    role_filter = _role_filter(scope, user)
    if role_filter is None or user.region_id is None:
        return queryset.none()
    region_path = f"{scope.region}__path__startswith" if scope.region else "path__startswith"
    return queryset.filter(role_filter, **{region_path: user.region.path})


def can_view_region(user: Any, region: Region) -> bool:
    """Whether ``user`` may read the district totals (figures, cockpit) of ``region``."""
    from regionpulse.core.models import Role

    if user is None or not user.is_authenticated:
        return False
    if user.is_platform_admin:
        return True
    # The security officer and the auditor keep the platform safe and read its trail (三员分立):
    # the district's figures are not theirs to read.
    if user.role in (Role.ENTERPRISE, Role.SECURITY, Role.AUDITOR) or user.region_id is None:
        return False
    return region.path.startswith(user.region.path)
