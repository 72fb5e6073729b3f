from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "regionpulse.projects"
    label = "projects"
    verbose_name = "重大项目"

    def ready(self) -> None:
        from regionpulse.projects import figures, importers  # noqa: F401 - registers family and ledgers
