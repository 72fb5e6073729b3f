from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "regionpulse.desk"
    label = "desk"
    verbose_name = "企业服务"

    def ready(self) -> None:
        from regionpulse.desk import figures, importers  # noqa: F401 - registers family and ledgers
