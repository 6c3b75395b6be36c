import logging
import sys
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from asgiref.local import Local
from django.core.signals import setting_changed
from django.dispatch import Signal, dispatcher, receiver

from django_tasks._backport.base import TaskResult, TaskResultStatus

if TYPE_CHECKING:
    from types import TracebackType

    _Responses = list[tuple[Callable[..., Any], Any]]

    # What sys.exc_info() returns (the None tuple only outside a handler).
    _ExcInfo = (
        tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]
    )

# The same logger as Django 6, so LOGGING written for Django 6 applies.
logger: logging.Logger = logging.getLogger("django.tasks")

# How Django's dispatcher keys receivers by sender (the same on 4.2-5.2; not
# in django-stubs, being private).
_make_id: "Callable[[object], object]" = vars(dispatcher)["_make_id"]
_NONE_ID: object = dispatcher.NONE_ID
_WeakReference = weakref.ReferenceType


class _PickedReceivers:
    """The receivers a signal reaches for one sender, and the list they came from."""

    __slots__ = ("connected", "receivers", "sender_ref")

    def __init__(
        self,
        sender_ref: "weakref.ref[Any]",
        connected: list[Any],
        receivers: tuple[Any, ...] | None,
    ) -> None:
        self.sender_ref = sender_ref
        # A copy of Signal.receivers holding the same entries: the pick stays
        # valid while the signal's list equals it.
        self.connected = connected
        # As connected: weak receivers stay weak references. None when
        # Django's send() must run (an async receiver, an unknown layout).
        self.receivers = receivers


class _TaskSignal(Signal):
    """Django's Signal, whose ``send()`` remembers the receivers it picked
    for the last sender.

    Django's ``send()`` filters the connected receivers by sender on every
    call (a lock, the sender's id, a pass over the list): about 1 µs of each
    send, three sends per ImmediateBackend enqueue. The remembered pick is
    reused only for the same sender object, while ``receivers`` still equals
    the list it came from (``connect()``, ``disconnect()`` and direct changes
    all make it differ) and no weak receiver died since (Django's ``send()``
    then clears the dead ones). Otherwise, for a sender that cannot be weakly
    referenced (such as None), and when an async receiver is connected,
    Django's ``send()`` runs. The outcome is Django's: the same receivers in
    the same order, resolved before the first is called, dead ones skipped,
    errors propagating, the same ``(receiver, response)`` pairs.
    """

    _picked: _PickedReceivers | None = None
    # Set by Signal.__init__; True once a weak receiver died, until Django clears it.
    _dead_receivers: bool

    def disconnect(
        self,
        receiver: "Callable[..., Any] | None" = None,
        sender: object | None = None,
        dispatch_uid: Any = None,
    ) -> bool:
        disconnected = super().disconnect(receiver, sender, dispatch_uid)  # pyright: ignore[reportUnknownMemberType]
        # The pick holds what it picked: a receiver connected with weak=False
        # must be freed on disconnect, as Django frees it.
        self._picked = None
        return disconnected

    def send(self, sender: Any, **named: Any) -> "_Responses":
        picked = self._picked
        if (
            picked is None
            or picked.sender_ref() is not sender
            or picked.connected != self.receivers
        ):
            picked = self._pick_receivers(sender)
        receivers = None if picked is None else picked.receivers
        if receivers is None or self._dead_receivers:
            # django-stubs types the responses as str | None.
            responses: _Responses = super().send(sender, **named)  # pyright: ignore[reportUnknownMemberType, reportUnknownVariableType]
            return responses
        if len(receivers) == 1:
            # The usual case (the log receiver alone), without building lists.
            (entry,) = receivers
            receiver_ = entry() if isinstance(entry, _WeakReference) else entry  # pyright: ignore[reportUnknownVariableType]
            if receiver_ is None:
                return []
            return [(receiver_, receiver_(signal=self, sender=sender, **named))]
        live: list[Callable[..., Any] | None] = [
            entry() if isinstance(entry, _WeakReference) else entry  # pyright: ignore[reportUnknownMemberType]
            for entry in receivers
        ]
        return [
            (receiver_, receiver_(signal=self, sender=sender, **named))
            for receiver_ in live
            if receiver_ is not None
        ]

    def _pick_receivers(self, sender: Any) -> _PickedReceivers | None:
        try:
            sender_ref = weakref.ref(sender)
        except TypeError:
            return None
        with self.lock:
            connected = list(self.receivers)
        sender_key = _make_id(sender)
        receivers: list[Any] = []
        sendable = True
        for connection in connected:
            # Django 4.2 connects (lookup_key, receiver), 5.x (lookup_key,
            # receiver, is_async); lookup_key is (receiver id, sender id).
            if len(connection) == 2:
                lookup_key, entry = connection
                is_async = False
            elif len(connection) == 3:
                lookup_key, entry, is_async = connection
            else:
                sendable = False
                break
            if lookup_key[1] != _NONE_ID and lookup_key[1] != sender_key:
                continue
            if is_async:
                sendable = False
                break
            receivers.append(entry)
        picked = _PickedReceivers(sender_ref, connected, tuple(receivers) if sendable else None)
        self._picked = picked
        return picked


task_enqueued: Signal = _TaskSignal()
task_finished: Signal = _TaskSignal()
task_started: Signal = _TaskSignal()


_ENQUEUED_MESSAGE = "Task id=%s path=%s enqueued backend=%s"
_STATE_MESSAGE = "Task id=%s path=%s state=%s"

# logging.Logger's methods that make a record when a receiver logs, as found
# at import; replaced on the logger, its class or logging.Logger itself, they
# may make a different record.
_DEBUG = logging.Logger.debug
_INFO = logging.Logger.info
_LOG = logging.Logger.log
_MAKE = logging.Logger._log
_FIND_CALLER = logging.Logger.findCaller
# False when someone replaced one before this import: the receivers then
# always make Django's call.
_RECORD_METHODS_ARE_LOGGINGS = all(
    method.__module__ == "logging" for method in (_DEBUG, _INFO, _LOG, _MAKE, _FIND_CALLER)
)


def _makes_records_itself() -> bool:
    """Whether a receiver below can make the record its ``logger`` call would
    make, with ``_record()``.

    Not when a method that makes records is replaced (on the logger, its class
    or ``logging.Logger``: a structured logging class, a mock), nor with
    ``logging._srcfile = None`` (which turns the caller lookup off): the
    receiver then makes Django's call.
    """
    # Spelled out: a loop over the names costs as much as the rest of _record().
    logger_class = type(logger)
    patched = vars(logger)
    return (
        _RECORD_METHODS_ARE_LOGGINGS
        and logging._srcfile is not None
        and logger_class.findCaller is _FIND_CALLER
        and logger_class._log is _MAKE
        and logger_class.info is _INFO
        and logger_class.log is _LOG
        and logger_class.debug is _DEBUG
        and "findCaller" not in patched
        and "_log" not in patched
        and "info" not in patched
        and "log" not in patched
        and "debug" not in patched
    )


def _record(
    level: int, msg: str, args: tuple[object, ...], exc_info: "_ExcInfo | None" = None
) -> None:
    """Log the record that ``logger.log(level, msg, *args, exc_info=exc_info)``
    makes when the calling receiver calls it, ``logger`` being enabled for
    ``level``.

    The caller's pathname, lineno and funcName come from the caller's frame,
    not from ``logging``'s walk up the stack (Logger.findCaller), which is about
    a fifth of the cost of a record; an ImmediateBackend enqueue makes two. The
    record still goes through ``makeRecord()`` and ``handle()``: record
    factories, filters and handlers see what they would see.
    """
    caller = sys._getframe(1)
    code = caller.f_code
    record = logger.makeRecord(
        logger.name, level, code.co_filename, caller.f_lineno, msg, args, exc_info, code.co_name
    )
    logger.handle(record)


@receiver(setting_changed)
def clear_tasks_handlers(*, setting: str, **kwargs: Any) -> None:
    """Reset the connection handler whenever the settings change."""
    # Only a registry that exists needs resetting. Importing it here would
    # also register the backport's system check, which on Django 6 (where only
    # the conformance kit imports the backport) must not happen as a side effect.
    registry = sys.modules.get("django_tasks._backport.registry")
    if setting == "TASKS" and registry is not None:
        task_backends = registry.task_backends
        # Private attributes of Django's BaseConnectionHandler (not in django-stubs;
        # a module found in sys.modules is read as Any).
        task_backends._settings = task_backends.settings = task_backends.configure_settings(None)
        task_backends._connections = Local()


# Each receiver makes Django's logging call, or the same record for less (see
# _record()); a record nobody takes costs no more than the level check.


@receiver(task_enqueued)
def log_task_enqueued(sender: type, task_result: "TaskResult[..., Any]", **kwargs: Any) -> None:
    if not _makes_records_itself():
        logger.debug(
            _ENQUEUED_MESSAGE,
            task_result.id,
            task_result.task.module_path,
            task_result.backend,
        )
    elif logger.isEnabledFor(logging.DEBUG):
        _record(
            logging.DEBUG,
            _ENQUEUED_MESSAGE,
            (task_result.id, task_result.task.module_path, task_result.backend),
        )


@receiver(task_started)
def log_task_started(sender: type, task_result: "TaskResult[..., Any]", **kwargs: Any) -> None:
    if not _makes_records_itself():
        logger.info(
            _STATE_MESSAGE,
            task_result.id,
            task_result.task.module_path,
            task_result.status,
        )
    elif logger.isEnabledFor(logging.INFO):
        _record(
            logging.INFO,
            _STATE_MESSAGE,
            (task_result.id, task_result.task.module_path, task_result.status),
        )


@receiver(task_finished)
def log_task_finished(sender: type, task_result: "TaskResult[..., Any]", **kwargs: Any) -> None:
    # Backends send this signal inside their exception handler for a failed
    # task, so the exception is still available to attach to the record.
    exc_info = sys.exc_info()
    level = logging.ERROR if task_result.status == TaskResultStatus.FAILED else logging.INFO
    if not _makes_records_itself():
        logger.log(
            level,
            _STATE_MESSAGE,
            task_result.id,
            task_result.task.module_path,
            task_result.status,
            exc_info=exc_info if exc_info[0] else None,
        )
    elif logger.isEnabledFor(level):
        _record(
            level,
            _STATE_MESSAGE,
            (task_result.id, task_result.task.module_path, task_result.status),
            exc_info if exc_info[0] else None,
        )
