from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "regionpulse.core"
    label = "core"
    verbose_name = "基础数据"

    def ready(self) -> None:
        from regionpulse.core import audit, history  # noqa: F401 - audit's receivers connect on import

        history.connect_signals()
