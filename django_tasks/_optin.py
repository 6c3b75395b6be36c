"""The opt-in that serves ``django.tasks`` from this package on Django 4.2–5.2.

Public face: ``django_tasks.optin``. Nothing here runs on import: the alias
exists only once ``install_builtin_alias()`` has been called.

How it works: a finder at the front of ``sys.meta_path`` answers for the nine
modules Django 6.1 ships under ``django.tasks``. Its loader imports the
matching public module of this package (``django.tasks.base`` ->
``django_tasks.base``) and puts that very module object in ``sys.modules``
under the Django name, so both import paths give the same module and the same
objects (``django.tasks.Task is django_tasks.Task``). Any other
``django.tasks.*`` name is refused: the aliased package's ``__path__`` is this
package's directory, and without the refusal the path finder would load a
second copy of, say, ``django_tasks/apps.py`` as ``django.tasks.apps``.

``django.utils.json`` (a module Django 4.2–5.2 do not have) is served the same
way, holding the backport's ``normalize_json``;
``django.utils.inspect.is_module_level_function`` is set on Django's module.
Both only when Django lacks them.
"""

import enum
import importlib
import importlib.abc
import importlib.machinery
import sys
import threading
import types
import warnings
from collections.abc import Mapping, Sequence
from typing import cast

import django
from django.core.exceptions import ImproperlyConfigured

# Breakpoint: Django 6.0 ships django.tasks; the opt-in (and this module) goes
# once 6.0 is the minimum (https://docs.djangoproject.com/en/6.0/releases/6.0/).

# Every module of Django 6.1's django.tasks, and the public module of this
# package that mirrors it.
ALIASED_MODULES: dict[str, str] = {
    "django.tasks": "django_tasks",
    "django.tasks.backends": "django_tasks.backends",
    "django.tasks.backends.base": "django_tasks.backends.base",
    "django.tasks.backends.dummy": "django_tasks.backends.dummy",
    "django.tasks.backends.immediate": "django_tasks.backends.immediate",
    "django.tasks.base": "django_tasks.base",
    "django.tasks.checks": "django_tasks.checks",
    "django.tasks.exceptions": "django_tasks.exceptions",
    "django.tasks.signals": "django_tasks.signals",
}
_PACKAGES = frozenset({"django.tasks", "django.tasks.backends"})
_TASKS_PREFIX = "django.tasks."
_JSON_MODULE = "django.utils.json"
_ORIGIN = "alias installed by django_tasks.optin.install_builtin_alias()"


class AliasStatus(enum.Enum):
    """What ``install_builtin_alias()`` did."""

    #: This call installed the alias: ``import django.tasks`` now gives this package.
    INSTALLED = "installed"
    #: An earlier call installed it; this call changed nothing.
    ALREADY_INSTALLED = "already installed"
    #: Django >= 6.0 ships ``django.tasks``; nothing was changed.
    BUILTIN = "built in"


class BuiltinAliasError(ImproperlyConfigured):
    """The alias cannot be installed: something in this process already
    decided what ``django.tasks`` (or ``django.utils.json``) is."""


class LateAliasWarning(RuntimeWarning):
    """The alias was installed after Django's app registry started loading:
    modules imported before the call may have looked for ``django.tasks``,
    not found it, and taken their Django < 6 branch."""


class _AliasLoader(importlib.abc.Loader):
    def __init__(self, target: str) -> None:
        self.target = target

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType | None:
        return None  # Python's default module, replaced in exec_module().

    def exec_module(self, module: types.ModuleType) -> None:
        target = importlib.import_module(self.target)
        # The import system returns whatever sys.modules holds under the name
        # once exec_module() returns (the usual way for a module to replace
        # itself), so `import django.tasks` gives the target module itself and
        # its __spec__ and __name__ stay untouched.
        sys.modules[module.__name__] = target
        # Code that loads the spec by hand (module_from_spec + exec_module,
        # importlib.util.LazyLoader) keeps `module`: give it the same objects.
        module.__dict__.update(
            (name, value) for name, value in vars(target).items() if not _is_dunder(name)
        )


class _JsonLoader(importlib.abc.Loader):
    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType | None:
        return None

    def exec_module(self, module: types.ModuleType) -> None:
        from django_tasks._backport import normalize_json

        module.normalize_json = normalize_json  # type: ignore[attr-defined]


class _BuiltinAliasFinder(importlib.abc.MetaPathFinder):
    """Answers for ``django.tasks`` and its submodules, and for
    ``django.utils.json`` when ``serve_json`` is set."""

    def __init__(self, *, serve_json: bool) -> None:
        self.serve_json = serve_json

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: types.ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname in ALIASED_MODULES:
            return importlib.machinery.ModuleSpec(
                fullname,
                _AliasLoader(ALIASED_MODULES[fullname]),
                origin=_ORIGIN,
                is_package=fullname in _PACKAGES,
            )
        if fullname.startswith(_TASKS_PREFIX):
            # Django 6.1 has no such module either; returning None would let
            # the path finder load a file of this package under this name.
            raise ModuleNotFoundError(f"No module named {fullname!r}", name=fullname)
        if fullname == _JSON_MODULE and self.serve_json:
            return importlib.machinery.ModuleSpec(fullname, _JsonLoader(), origin=_ORIGIN)
        return None

    def __repr__(self) -> str:
        return "<django_tasks builtin alias finder>"


_lock = threading.Lock()


def _is_dunder(name: str) -> bool:
    return name.startswith("__") and name.endswith("__")


def _installed_finder() -> _BuiltinAliasFinder | None:
    for finder in sys.meta_path:
        if isinstance(finder, _BuiltinAliasFinder):
            return finder
    return None


def install_builtin_alias() -> AliasStatus:
    """Make ``import django.tasks`` (and its submodules) give this package, for the whole process.

    Call it before anything imports ``django.tasks``: at the top of
    ``settings.py``, or of ``manage.py``, ``wsgi.py``, ``asgi.py`` or a worker's
    entry point. Safe to call again (``ALREADY_INSTALLED``) and on Django >=
    6.0, where it changes nothing (``BUILTIN``).

    Raises ``BuiltinAliasError`` when the process already settled what
    ``django.tasks`` is: ``sys.modules`` marks it (or a submodule, or
    ``django.utils.json``) as missing with ``None``, or holds another module
    under that name. Warns with ``LateAliasWarning`` when Django's app registry
    has already started importing applications.
    """
    # Breakpoint: django.tasks is built in from Django 6.0
    # (https://docs.djangoproject.com/en/6.0/releases/6.0/#background-tasks).
    if django.VERSION >= (6, 0):
        return AliasStatus.BUILTIN
    with _lock:
        if _installed_finder() is not None:
            return AliasStatus.ALREADY_INSTALLED
        _check_nothing_decided()
        serve_json = _provide_helpers()
        sys.meta_path.insert(0, _BuiltinAliasFinder(serve_json=serve_json))
    _warn_if_apps_loading()
    return AliasStatus.INSTALLED


def _check_nothing_decided() -> None:
    tasks_attribute = getattr(django, "tasks", None)
    if tasks_attribute is not None and tasks_attribute is not sys.modules.get("django_tasks"):
        raise BuiltinAliasError(
            f"django.tasks is already set to {tasks_attribute!r}; "
            "install_builtin_alias() must run before anything else provides django.tasks."
        )
    # Typed as object: sys.modules may hold None (a module marked missing).
    modules = cast("Mapping[str, object]", sys.modules)
    for name, module in list(modules.items()):
        if name == "django.tasks" or name.startswith(_TASKS_PREFIX):
            _check_module_entry(name, module, ALIASED_MODULES.get(name))
    if _JSON_MODULE in modules and modules[_JSON_MODULE] is None:
        _check_module_entry(_JSON_MODULE, None, None)


def _check_module_entry(name: str, module: object, target: str | None) -> None:
    if module is None:
        raise BuiltinAliasError(
            f"sys.modules[{name!r}] is None: this process already treats {name} as missing "
            "(code that looked for it has taken its Django < 6 branch). Call "
            "django_tasks.optin.install_builtin_alias() before that, e.g. at the top of "
            "settings.py or manage.py, and don't mark the module missing."
        )
    if target is None or module is not sys.modules.get(target):
        raise BuiltinAliasError(
            f"{name} is already imported as {module!r}, not as this package's "
            f"{target or 'anything'}; install_builtin_alias() must run before anything "
            f"imports {name}."
        )


def _provide_helpers() -> bool:
    """Give Django the two Django 6 helpers it lacks; return whether the
    finder must serve ``django.utils.json``."""
    import django.utils
    import django.utils.inspect

    import django_tasks._backport as backport

    # Breakpoint: Django 6.0 added django.utils.inspect.is_module_level_function.
    if not hasattr(django.utils.inspect, "is_module_level_function"):
        check = backport.is_module_level_function
        # django-stubs < 6.0 lacks the attribute; 6.x types it differently.
        django.utils.inspect.is_module_level_function = check  # type: ignore[assignment, attr-defined, unused-ignore]
    # Breakpoint: Django 6.0 added django.utils.json (normalize_json).
    json_module = sys.modules.get(_JSON_MODULE)
    if json_module is None and importlib.machinery.PathFinder.find_spec(
        _JSON_MODULE, list(django.utils.__path__)
    ):
        json_module = importlib.import_module(_JSON_MODULE)
    if json_module is None:
        return True
    if not hasattr(json_module, "normalize_json"):
        json_module.normalize_json = backport.normalize_json  # type: ignore[attr-defined]
    return False


def _warn_if_apps_loading() -> None:
    from django.apps import apps

    if apps.loading or apps.apps_ready:
        warnings.warn(
            "install_builtin_alias() was called after Django started importing "
            "INSTALLED_APPS: a module imported before this call may have looked for "
            "django.tasks, not found it, and taken its Django < 6 branch (Python records "
            "no trace of such a failed lookup, so this cannot be checked). Call it at the "
            "top of settings.py, or before django.setup() in manage.py, wsgi.py, asgi.py "
            "or a worker's entry point.",
            LateAliasWarning,
            stacklevel=3,
        )
