"""The backport of Django 6.1's ``django.tasks``, used on Django 4.2–5.2.

Each module here is the module of ``django/tasks/`` with the same name, with
the definitions in Django's order; ``_utils`` stands for the Django 6 code
that lives outside ``django/tasks/`` (in ``django.utils``).
Lines that differ from Django's design say why (``Divergence:``, ``Compat:``,
``Breakpoint:``).

Nothing here is public: the modules one level up (``django_tasks.base``,
``django_tasks.backends.dummy``, ...) choose between this package and the
built-in ``django.tasks``. As importing ``django.tasks`` does, importing this
package registers its system check and signal receivers; it never touches
``django.tasks``, so it also imports on Django 6, where only the conformance
kit imports it (to compare the two).
"""

from contextlib import suppress
from typing import TYPE_CHECKING, Any

from django.conf import settings as django_settings
from django.utils.connection import BaseConnectionHandler, ConnectionProxy
from django.utils.module_loading import import_string

from django_tasks._backport import checks, signals  # noqa: F401  # pyright: ignore[reportUnusedImport]
from django_tasks._backport.base import (
    DEFAULT_TASK_BACKEND_ALIAS,
    DEFAULT_TASK_QUEUE_NAME,
    Task,
    TaskContext,
    TaskResult,
    TaskResultStatus,
    task,
)
from django_tasks._backport.exceptions import InvalidTaskBackend, _NotATaskBackend

if TYPE_CHECKING:
    from django_tasks._backport.backends.base import BaseTaskBackend

__all__ = [
    "DEFAULT_TASK_BACKEND_ALIAS",
    "DEFAULT_TASK_QUEUE_NAME",
    "default_task_backend",
    "task",
    "task_backends",
    "Task",
    "TaskContext",
    "TaskResult",
    "TaskResultStatus",
]

# Divergence: not in Django's package module. What django_tasks._optin and
# compat/differential take from the backport's package.
from django_tasks._backport._utils import (
    is_module_level_function as is_module_level_function,
)
from django_tasks._backport._utils import normalize_json as normalize_json
from django_tasks._backport.exceptions import InvalidTask as InvalidTask

# Breakpoint: Django 6.0 has global_settings.TASKS; until it is the minimum,
# an unset TASKS means the same single ImmediateBackend.
DEFAULT_TASKS: dict[str, dict[str, Any]] = {
    DEFAULT_TASK_BACKEND_ALIAS: {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
}

if TYPE_CHECKING:
    # django-stubs makes the handler generic in what it holds; Django's class
    # is not subscriptable at runtime.
    _ConnectionHandler = BaseConnectionHandler[BaseTaskBackend]
else:
    _ConnectionHandler = BaseConnectionHandler


class TaskBackendHandler(_ConnectionHandler):
    # Typing: declared as in BaseConnectionHandler (django-stubs).
    settings_name: str | None = "TASKS"
    exception_class: type[Exception] = InvalidTaskBackend
    # Divergence: how many times _reset() ran (see __getitem__).
    _resets: int = 0

    def configure_settings(self, settings: dict[str, Any] | None) -> dict[str, Any]:
        if settings is None:
            configured: dict[str, Any] = getattr(django_settings, "TASKS", DEFAULT_TASKS)
            return configured
        return settings

    def create_connection(self, alias: str) -> "BaseTaskBackend":
        params = self.settings[alias]
        backend = params["BACKEND"]
        # Breakpoint: until Django 6.0 is the minimum, backend paths written
        # for the built-in (settings shared with Django 6 projects) name the
        # backport's classes.
        if backend.startswith("django.tasks."):
            backend_path = "django_tasks." + backend.removeprefix("django.tasks.")
        else:
            backend_path = backend
        try:
            backend_cls = import_string(backend_path)
        except ImportError as e:
            raise InvalidTaskBackend(f"Could not find backend '{backend}': {e}") from e
        try:
            return backend_cls(alias=alias, params=params)  # type: ignore[no-any-return]
        except TypeError as e:
            from django_tasks._backport.backends.base import BaseTaskBackend

            if isinstance(backend_cls, type) and issubclass(backend_cls, BaseTaskBackend):
                raise
            # Divergence: Django lets out the call's TypeError ("join() got an
            # unexpected keyword argument 'alias'"); same class, naming the setting.
            raise _NotATaskBackend(
                f"Backend '{backend}' is not a subclass of BaseTaskBackend."
            ) from e

    # Typing: declared so that checkers see list[BaseTaskBackend] without
    # django-stubs too (whose BaseConnectionHandler.all() gives a Sequence).
    def all(self, initialized_only: bool = False) -> "list[BaseTaskBackend]":
        return list(super().all(initialized_only))

    def __getitem__(self, alias: str) -> "BaseTaskBackend":
        resets = self._resets
        backend: BaseTaskBackend = super().__getitem__(alias)
        if resets != self._resets:
            # Divergence: the settings changed while this lookup ran (an
            # override_settings(TASKS=...) ended in another thread). Django's
            # handler keeps the backend of the old settings in this thread
            # for good; here the lookup returns it but does not keep it.
            with suppress(AttributeError):
                del self[alias]
        return backend

    def _reset(self) -> None:
        """Forget the backends and read TASKS again (on ``setting_changed``)."""
        # Divergence: Django's receiver assigns the handler's private
        # attributes; the constructor sets the same ones, and deleting the
        # cached_property ``settings`` makes it read them again. Counted
        # first, so a lookup that stores into the new state sees the change.
        self._resets += 1
        BaseConnectionHandler.__init__(self, self.configure_settings(None))  # pyright: ignore[reportUnknownMemberType]
        with suppress(AttributeError):
            del self.settings


task_backends: TaskBackendHandler = TaskBackendHandler()

default_task_backend: "BaseTaskBackend" = ConnectionProxy(  # type: ignore[assignment]
    task_backends, DEFAULT_TASK_BACKEND_ALIAS
)

# Divergence: shown under its public module in reprs, pickles and tracebacks.
TaskBackendHandler.__module__ = "django_tasks"
