"""What the ledger tells other apps: ``stage_changed`` (sender: Project, ``project_ids``) after a
project's stage changes by review or import, so that, for one, the deal it came from follows it."""

from django.dispatch import Signal

stage_changed = Signal()
