from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class DjangoTasksConfig(AppConfig):
    """Optional: listing ``"django_tasks"`` in INSTALLED_APPS is harmless and
    makes sure the tasks system check is registered before ``manage.py check``
    runs, even when no module imported ``django_tasks`` yet."""

    name = "django_tasks"
    verbose_name: "StrOrPromise" = "Tasks"

    def ready(self) -> None:
        # Importing the package registers the system check and the signal
        # receivers (on Django 6, importing django.tasks does).
        import django_tasks  # noqa: F401  # pyright: ignore[reportUnusedImport]
