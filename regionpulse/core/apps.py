from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "regionpulse.core"
    label = "core"
    verbose_name = "基础数据"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from regionpulse.core import audit, data_version, history  # noqa: F401 - audit's receivers connect on import

        history.connect_signals()
        post_migrate.connect(data_version.install, sender=self, dispatch_uid="core.data_version.install")
