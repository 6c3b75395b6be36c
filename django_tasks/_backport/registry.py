"""The backend registry: ``django.tasks.task_backends`` and ``default_task_backend``,
and the system check that runs every backend's ``check()``."""

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.apps.config import AppConfig
from django.conf import settings as django_settings
from django.core import checks
from django.utils.connection import BaseConnectionHandler, ConnectionProxy
from django.utils.module_loading import import_string

from django_tasks._backport import (
    InvalidTaskBackend,
    set_public_module,
    # Importing signals registers the receivers, as importing django.tasks
    # does on Django 6 (the system check is registered below).
    signals,  # noqa: F401  # pyright: ignore[reportUnusedImport]
)
from django_tasks._backport.base import DEFAULT_TASK_BACKEND_ALIAS

if TYPE_CHECKING:
    # Not at runtime: as django.tasks, importing the package leaves the
    # backends (and their base class) to the first backend built.
    from django_tasks._backport.backends.base import BaseTaskBackend

# Breakpoint: Django 6.0 has global_settings.TASKS; until it is the minimum,
# an unset TASKS means the same single ImmediateBackend.
DEFAULT_TASKS: dict[str, dict[str, Any]] = {
    DEFAULT_TASK_BACKEND_ALIAS: {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
}

# Breakpoint: until Django 6.0 is the minimum, backend paths written for the
# built-in (settings shared with Django 6 projects) name the backport's classes.
_BUILTIN_PREFIX = "django.tasks."
_BACKPORT_PREFIX = "django_tasks."


if TYPE_CHECKING:
    # django-stubs makes the handler generic in what it holds; Django's class
    # is not subscriptable at runtime.
    _ConnectionHandler = BaseConnectionHandler[BaseTaskBackend]
else:
    _ConnectionHandler = BaseConnectionHandler


class TaskBackendHandler(_ConnectionHandler):
    settings_name: str | None = "TASKS"
    exception_class: type[Exception] = InvalidTaskBackend

    def configure_settings(self, settings: dict[str, Any] | None) -> dict[str, Any]:
        if settings is None:
            configured: dict[str, Any] = getattr(django_settings, "TASKS", DEFAULT_TASKS)
            return configured
        return settings

    def create_connection(self, alias: str) -> "BaseTaskBackend":
        params = self.settings[alias]
        backend = params["BACKEND"]
        try:
            backend_cls = import_string(_backport_path(backend))
        except ImportError as e:
            raise InvalidTaskBackend(f"Could not find backend '{backend}': {e}") from e
        try:
            return backend_cls(alias=alias, params=params)  # type: ignore[no-any-return]
        except TypeError as e:
            from django_tasks._backport.backends.base import BaseTaskBackend

            if isinstance(backend_cls, type) and issubclass(backend_cls, BaseTaskBackend):
                raise
            from django_tasks._backport._input_errors import _NotATaskBackend

            # Divergence: Django lets out the call's TypeError ("join() got an
            # unexpected keyword argument 'alias'"); same class, naming the setting.
            raise _NotATaskBackend(
                f"Backend '{backend}' is not a subclass of BaseTaskBackend."
            ) from e

    def __getitem__(self, alias: str) -> "BaseTaskBackend":
        # Divergence: Django's handler stores a new backend into whichever
        # Local is current once it is built; if override_settings(TASKS=...)
        # ended meanwhile in another thread, this thread keeps a backend of the
        # overridden settings for good. Storing into the Local the lookup
        # started with lets the reset discard it. Same cost per lookup.
        connections = self._connections  # type: ignore[attr-defined]
        try:
            return getattr(connections, alias)  # type: ignore[no-any-return]
        except AttributeError:
            if alias not in self.settings:
                # Implicit chaining, as Django: the failed lookup stays the context.
                raise self.exception_class(f"The connection '{alias}' doesn't exist.")  # noqa: B904
        backend = self.create_connection(alias)
        setattr(connections, alias, backend)  # pyright: ignore[reportUnknownArgumentType]
        return backend


def _backport_path(backend_path: str) -> str:
    if backend_path.startswith(_BUILTIN_PREFIX):
        return _BACKPORT_PREFIX + backend_path.removeprefix(_BUILTIN_PREFIX)
    return backend_path


task_backends: TaskBackendHandler = TaskBackendHandler()

default_task_backend: "BaseTaskBackend" = ConnectionProxy(  # type: ignore[assignment]
    task_backends, DEFAULT_TASK_BACKEND_ALIAS
)


# Here rather than in a module of its own (django_tasks._backport.checks
# re-exports it): one module fewer to import with the package.
@checks.register
def check_tasks(
    app_configs: "Sequence[AppConfig] | None" = None, **kwargs: Any
) -> "Iterable[checks.CheckMessage]":
    """Checks all registered Task backends."""
    for backend in task_backends.all():
        yield from backend.check()


set_public_module("django_tasks", TaskBackendHandler)
set_public_module("django_tasks.checks", check_tasks)
