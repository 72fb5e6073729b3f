from typing import Any

from django.apps import AppConfig


class PromotionConfig(AppConfig):
    name = "regionpulse.promotion"
    label = "promotion"
    verbose_name = "招商引资"

    def ready(self) -> None:
        from regionpulse.projects.signals import stage_changed
        from regionpulse.promotion import figures, importers  # noqa: F401 - registers family and ledgers

        stage_changed.connect(_follow, dispatch_uid="regionpulse.promotion.follow")


def _follow(sender: Any, project_ids: list[int], **kwargs: Any) -> None:
    from regionpulse.promotion.stages import follow_projects

    follow_projects(project_ids)
