import logging
import sys
import weakref
from collections.abc import Callable
from typing import Any

from asgiref.local import Local
from django.core.signals import setting_changed
from django.dispatch import Signal, dispatcher, receiver

from django_tasks._backport.base import TaskResult, TaskResultStatus

# The same logger as Django 6, so LOGGING written for Django 6 applies.
logger: logging.Logger = logging.getLogger("django.tasks")

_Responses = list[tuple[Callable[..., Any], Any]]

# How Django's dispatcher keys receivers by sender (the same on 4.2-5.2; not
# in django-stubs, being private).
_make_id: Callable[[object], object] = vars(dispatcher)["_make_id"]
_NONE_ID: object = dispatcher.NONE_ID


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
        receiver: Callable[..., Any] | None = None,
        sender: object | None = None,
        dispatch_uid: Any = None,
    ) -> bool:
        disconnected = super().disconnect(receiver, sender, dispatch_uid)  # pyright: ignore[reportUnknownMemberType]
        # The pick holds what it picked: a receiver connected with weak=False
        # must be freed on disconnect, as Django frees it.
        self._picked = None
        return disconnected

    def send(self, sender: Any, **named: Any) -> _Responses:
        picked = self._picked
        if (
            picked is None
            or picked.sender_ref() is not sender
            or picked.connected != self.receivers
        ):
            picked = self._pick_receivers(sender)
        if picked is None or picked.receivers is None or self._dead_receivers:
            # django-stubs types the responses as str | None.
            responses: _Responses = super().send(sender, **named)  # pyright: ignore[reportUnknownMemberType, reportUnknownVariableType]
            return responses
        live: list[Callable[..., Any] | None] = [
            entry() if isinstance(entry, weakref.ReferenceType) else entry  # pyright: ignore[reportUnknownMemberType]
            for entry in picked.receivers
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


@receiver(task_enqueued)
def log_task_enqueued(sender: type, task_result: TaskResult[..., Any], **kwargs: Any) -> None:
    logger.debug(
        "Task id=%s path=%s enqueued backend=%s",
        task_result.id,
        task_result.task.module_path,
        task_result.backend,
    )


@receiver(task_started)
def log_task_started(sender: type, task_result: TaskResult[..., Any], **kwargs: Any) -> None:
    logger.info(
        "Task id=%s path=%s state=%s",
        task_result.id,
        task_result.task.module_path,
        task_result.status,
    )


@receiver(task_finished)
def log_task_finished(sender: type, task_result: TaskResult[..., Any], **kwargs: Any) -> None:
    # Backends send this signal inside their exception handler for a failed
    # task, so the exception is still available to attach to the record.
    exc_info = sys.exc_info()
    logger.log(
        (logging.ERROR if task_result.status == TaskResultStatus.FAILED else logging.INFO),
        "Task id=%s path=%s state=%s",
        task_result.id,
        task_result.task.module_path,
        task_result.status,
        exc_info=exc_info if exc_info[0] else None,
    )
