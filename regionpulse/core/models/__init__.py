from regionpulse.core.models.audit import AuditEvent
from regionpulse.core.models.history import ChangeRecord, Tracked
from regionpulse.core.models.locks import PeriodLock
from regionpulse.core.models.organisations import Department, Enterprise, Function, Leader, TaskForce
from regionpulse.core.models.regions import Region
from regionpulse.core.models.users import Role, User

__all__ = [
    "AuditEvent",
    "ChangeRecord",
    "Department",
    "Enterprise",
    "Function",
    "Leader",
    "PeriodLock",
    "Region",
    "Role",
    "TaskForce",
    "Tracked",
    "User",
]
