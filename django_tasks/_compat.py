"""Compat: the older django-tasks backport's (<= 0.12) ``"django_tasks"`` logger.

Log records of the task framework stay on the ``"django.tasks"`` logger, as
with Django 6, and also reach the handlers configured on the older backport's
``"django_tasks"`` logger (users' LOGGING, ``db_worker -v`` of django-tasks-db,
``assertLogs("django_tasks")`` in backends' test suites), each handler
receiving each record once. ``install()`` runs when ``django_tasks`` is
imported, on every Django version (on Django 6 the records come from Django's
own ``django.tasks.signals``). See ``_BridgedLogger``.

Runtime subscription (``TaskResult[T]``) is not here: the backport's classes
support it themselves, and on Django 6 the backends built on the older
backport call ``django_stubs_ext.monkeypatch()``, which covers Django's classes.
"""

import logging
from typing import Any

TASKS_LOGGER_NAME = "django.tasks"
# The logger the older backport logged to.
LEGACY_LOGGER_NAME = "django_tasks"


def install() -> None:
    _install_logging_bridge()


def _legacy_logger_for(manager: logging.Manager, level: int) -> logging.Logger | None:
    """The ``"django_tasks"`` logger, when someone configured it and it is
    enabled for ``level``.

    Runs for every task record, so it reads the live state and caches nothing:
    a dict lookup (the logger is never created here: one nobody asked for stays
    out of ``logging``'s registry) and, when the logger exists, two attribute
    reads; only a configured logger gets asked for its level, and that answer is
    cached by ``logging`` itself (cleared by ``setLevel()`` and ``dictConfig()``).
    Nothing else needs invalidating: ``addHandler()``, a later ``getLogger()``
    or a ``handlers`` list changed in place show on the next record.
    """
    logger = manager.loggerDict.get(LEGACY_LOGGER_NAME)
    # Absent, or a PlaceHolder (only "django_tasks.<child>" loggers exist).
    if not isinstance(logger, logging.Logger):
        return None
    # Neither a handler nor a level: nobody configured it, and the records
    # take Django's path alone (users who configure only "django.tasks", or
    # nothing, see no difference).
    if not logger.handlers and logger.level == logging.NOTSET:
        return None
    if not logger.isEnabledFor(level):
        return None
    return logger


def _filtered(logger: logging.Logger, record: logging.LogRecord) -> logging.LogRecord | None:
    """Apply ``logger``'s filters as ``Logger.handle`` does (a filter may
    return a replacement record from Python 3.12)."""
    result: Any = logger.filter(record)
    if not result:
        return None
    return result if isinstance(result, logging.LogRecord) else record


def _handlers_of(logger: logging.Logger) -> list[logging.Handler]:
    """The handlers a record logged on ``logger`` reaches, as ``callHandlers``
    walks them: the logger's, then its ancestors' until ``propagate`` is off."""
    handlers: list[logging.Handler] = []
    current: logging.Logger | None = logger
    while current is not None:
        handlers.extend(current.handlers)
        if not current.propagate:
            break
        current = current.parent
    return handlers


class _BridgedLogger(logging.Logger):
    """The ``"django.tasks"`` logger, also delivering to ``"django_tasks"``'s handlers.

    A record is emitted when either logger is enabled for its level, and goes
    to the union of the handlers each enabled logger reaches (its own, then its
    ancestors' while ``propagate`` is on), each handler once. So a handler on
    ``"django_tasks"`` gets each task record once, the root logger's handlers
    (reached from both loggers) too, and "django.tasks"'s own path (its level,
    its handlers, ``"django"``'s handlers) is exactly Django's.

    Divergence: the records keep the name ``"django.tasks"`` (the older backport
    named them ``"django_tasks"``), and silencing ``"django_tasks"`` (a high
    level, as ``db_worker -v0`` sets) does not silence ``"django.tasks"``.
    """

    # Both run for every task record: the usual case, where nobody created a
    # "django_tasks" logger, costs one dict lookup more than Django's path.

    def isEnabledFor(self, level: int) -> bool:
        if super().isEnabledFor(level):
            return True
        if LEGACY_LOGGER_NAME not in self.manager.loggerDict:
            return False
        return _legacy_logger_for(self.manager, level) is not None

    def handle(self, record: logging.LogRecord) -> None:
        legacy = (
            _legacy_logger_for(self.manager, record.levelno)
            if LEGACY_LOGGER_NAME in self.manager.loggerDict
            else None
        )
        if legacy is None:
            super().handle(record)
            return

        handlers: list[logging.Handler] = []
        # Enabled for the level only because of "django_tasks": Django's path
        # must not see a record its own level rejects.
        if super().isEnabledFor(record.levelno):
            own_record = _filtered(self, record)
            if own_record is not None:
                record = own_record
                handlers.extend(_handlers_of(self))
        legacy_record = _filtered(legacy, record)
        if legacy_record is not None:
            record = legacy_record
            handlers.extend(_handlers_of(legacy))

        seen: set[int] = set()
        for handler in handlers:
            if id(handler) in seen:
                continue
            seen.add(id(handler))
            if record.levelno >= handler.level:
                handler.handle(record)
        # As Logger.callHandlers: with no handler anywhere, warnings still show.
        last_resort = logging.lastResort
        if not seen and last_resort is not None and record.levelno >= last_resort.level:
            last_resort.handle(record)


def _install_logging_bridge() -> None:
    # getLogger() returns the one "django.tasks" logger whether or not Django
    # or the backport created it already; changing its class keeps every
    # reference to it (``django.tasks.signals.logger``) valid.
    logger = logging.getLogger(TASKS_LOGGER_NAME)
    logger_class = type(logger)
    if issubclass(logger_class, _BridgedLogger):
        return
    if logger_class is logging.Logger:
        logger.__class__ = _BridgedLogger
    else:
        # Someone installed a Logger subclass (logging.setLoggerClass): keep
        # its behaviour and add the bridge in front of it.
        logger.__class__ = type(logger_class.__name__, (_BridgedLogger, logger_class), {})
