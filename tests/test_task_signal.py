"""The backport's task signals remember the receivers they picked: the same
outcome as Django's Signal in every case where the connected receivers change.

Each scenario runs on a plain ``django.dispatch.Signal`` and on the backport's
``_TaskSignal`` and compares what the receivers saw and what ``send()``
returned. On Django 6 (whose signals have another internal layout) the
backport's signal falls back to Django's ``send()``, so the scenarios hold
there too.
"""

# django-stubs 5.2 types Signal's receivers partly as Unknown for pyright.
# pyright: reportUnknownMemberType=false, reportUnknownArgumentType=false

from __future__ import annotations

import gc
import unittest
import weakref
from collections.abc import Callable
from typing import Any
from unittest import mock

import django
from django.dispatch import Signal
from django.test import SimpleTestCase

from django_tasks._backport.signals import _TaskSignal

Scenario = Callable[[Signal, list[str]], list[Any]]


class SenderA:
    pass


class SenderB:
    pass


def recording(calls: list[str], name: str, response: object = None) -> Callable[..., object]:
    def receive(signal: Signal, sender: object, **named: Any) -> object:
        calls.append(f"{name}:{getattr(sender, '__name__', sender)}:{named.get('value')}")
        return response

    receive.__name__ = name
    return receive


def responses_of(pairs: list[tuple[Callable[..., Any], Any]]) -> list[tuple[str, Any]]:
    return [(receiver.__name__, response) for receiver, response in pairs]


class SameOutcomeAsDjangoSignal(SimpleTestCase):
    def assertSameOutcome(self, scenario: Scenario) -> None:
        outcomes: list[tuple[list[str], list[Any]]] = []
        for signal in (Signal(), _TaskSignal()):
            calls: list[str] = []
            returned = scenario(signal, calls)
            outcomes.append((calls, returned))  # pyright: ignore[reportUnknownMemberType]
        self.assertEqual(outcomes[1], outcomes[0])

    def test_repeated_sends(self) -> None:
        def scenario(signal: Signal, calls: list[str]) -> list[Any]:
            first = recording(calls, "first", 1)
            second = recording(calls, "second", 2)
            signal.connect(first, weak=False)
            signal.connect(second, weak=False)
            return [responses_of(signal.send(SenderA, value=i)) for i in range(3)]

        self.assertSameOutcome(scenario)

    def test_one_receiver_weak_or_strong(self) -> None:
        # One receiver (the log receiver alone) is the usual case: send()
        # calls it without building lists.
        for weak in (True, False):
            with self.subTest(weak=weak):

                def scenario(signal: Signal, calls: list[str], weak: bool = weak) -> list[Any]:
                    only = recording(calls, "only", "response")
                    signal.connect(only, weak=weak)
                    sent = [responses_of(signal.send(SenderA, value=i)) for i in range(3)]
                    sent.append(responses_of(signal.send(SenderB, value="b")))
                    signal.disconnect(only)
                    sent.append(responses_of(signal.send(SenderA, value="gone")))
                    return sent

                self.assertSameOutcome(scenario)

    def test_connect_after_a_send(self) -> None:
        def scenario(signal: Signal, calls: list[str]) -> list[Any]:
            signal.connect(recording(calls, "first"), weak=False)
            returned = [responses_of(signal.send(SenderA, value=1))]
            signal.connect(recording(calls, "late"), weak=False)
            returned.append(responses_of(signal.send(SenderA, value=2)))
            return returned

        self.assertSameOutcome(scenario)

    def test_disconnect_then_connect_keeps_the_length(self) -> None:
        # The list has as many entries before and after: the pick must not
        # be reused because the length matches.
        def scenario(signal: Signal, calls: list[str]) -> list[Any]:
            old = recording(calls, "old")
            signal.connect(old, weak=False)
            returned = [responses_of(signal.send(SenderA, value=1))]
            signal.disconnect(old)
            signal.connect(recording(calls, "new"), weak=False)
            returned.append(responses_of(signal.send(SenderA, value=2)))
            return returned

        self.assertSameOutcome(scenario)

    def test_receivers_for_one_sender(self) -> None:
        def scenario(signal: Signal, calls: list[str]) -> list[Any]:
            signal.connect(recording(calls, "any"), weak=False)
            signal.connect(recording(calls, "only_a"), sender=SenderA, weak=False)
            signal.connect(recording(calls, "only_b"), sender=SenderB, weak=False)
            return [
                responses_of(signal.send(sender, value=i))
                for i, sender in enumerate([SenderA, SenderB, SenderA, SenderA, None, SenderB])
            ]

        self.assertSameOutcome(scenario)

    def test_sender_that_cannot_be_weakly_referenced(self) -> None:
        def scenario(signal: Signal, calls: list[str]) -> list[Any]:
            signal.connect(recording(calls, "any"), weak=False)
            signal.connect(recording(calls, "only_seven"), sender=7, weak=False)
            return [responses_of(signal.send(sender, value=0)) for sender in (None, 7, 7, "x")]

        self.assertSameOutcome(scenario)

    def test_weak_receiver_that_dies(self) -> None:
        def scenario(signal: Signal, calls: list[str]) -> list[Any]:
            kept = recording(calls, "kept")
            dropped = recording(calls, "dropped")
            signal.connect(kept)
            signal.connect(dropped)
            returned: list[Any] = [responses_of(signal.send(SenderA, value=1))]
            del dropped
            gc.collect()
            returned.append(responses_of(signal.send(SenderA, value=2)))
            # Django's send() cleared the dead entry.
            returned.append(len(signal.receivers))
            returned.append(responses_of(signal.send(SenderA, value=3)))
            return returned

        self.assertSameOutcome(scenario)

    def test_receivers_replaced_directly(self) -> None:
        # Test suites save and restore Signal.receivers around a test.
        def scenario(signal: Signal, calls: list[str]) -> list[Any]:
            signal.connect(recording(calls, "connected"), weak=False)
            returned = [responses_of(signal.send(SenderA, value=1))]
            saved = signal.receivers
            signal.receivers = []
            returned.append(responses_of(signal.send(SenderA, value=2)))
            signal.receivers = saved
            returned.append(responses_of(signal.send(SenderA, value=3)))
            signal.receivers.clear()
            returned.append(responses_of(signal.send(SenderA, value=4)))
            return returned

        self.assertSameOutcome(scenario)

    def test_receiver_disconnecting_another_during_send(self) -> None:
        # Django resolves the receivers before calling the first one: the
        # disconnected one still gets this send, not the next.
        def scenario(signal: Signal, calls: list[str]) -> list[Any]:
            victim = recording(calls, "victim")

            def disconnector(signal: Signal, sender: object, **named: Any) -> None:
                calls.append("disconnector")
                signal.disconnect(victim)

            signal.connect(disconnector)
            signal.connect(victim)
            return [responses_of(signal.send(SenderA, value=i)) for i in range(2)]

        self.assertSameOutcome(scenario)

    def test_error_propagates_and_stops_the_dispatch(self) -> None:
        def scenario(signal: Signal, calls: list[str]) -> list[Any]:
            def failing(signal: Signal, sender: object, **named: Any) -> None:
                calls.append("failing")
                raise ValueError("receiver failed")

            signal.connect(failing, weak=False)
            signal.connect(recording(calls, "after"), weak=False)
            errors: list[Any] = []
            for _ in range(2):
                try:
                    signal.send(SenderA, value=0)
                except ValueError as error:
                    errors.append(str(error))
            return errors

        self.assertSameOutcome(scenario)

    @unittest.skipIf(django.VERSION < (5, 0), "async receivers are a Django 5.0 feature")
    def test_async_receiver(self) -> None:
        def scenario(signal: Signal, calls: list[str]) -> list[Any]:
            async def async_receiver(signal: Signal, sender: object, **named: Any) -> str:
                calls.append("async")
                return "from async"

            signal.connect(recording(calls, "sync", "from sync"), weak=False)
            signal.connect(async_receiver, weak=False)
            return [responses_of(signal.send(SenderA, value=i)) for i in range(2)]

        self.assertSameOutcome(scenario)

    def test_disconnect_frees_a_strongly_connected_receiver(self) -> None:
        def scenario(signal: Signal, calls: list[str]) -> list[Any]:
            class Receiver:
                def __call__(self, signal: Signal, sender: object, **named: Any) -> None:
                    calls.append("called")

            receiver_ = Receiver()
            freed = weakref.ref(receiver_)
            signal.connect(receiver_, weak=False)
            signal.send(SenderA)
            returned = [signal.disconnect(receiver_)]
            del receiver_
            gc.collect()
            returned.append(freed() is None)
            return returned

        self.assertSameOutcome(scenario)

    def test_patched_send_is_used(self) -> None:
        signal = _TaskSignal()
        with mock.patch.object(signal, "send", return_value=["patched"]) as send:
            self.assertEqual(signal.send(SenderA, value=1), ["patched"])
        send.assert_called_once_with(SenderA, value=1)


@unittest.skipIf(django.VERSION >= (6, 0), "the backport's signals are used below Django 6.0")
class PickIsReused(SimpleTestCase):
    """The point of the subclass: repeated sends skip Django's filtering."""

    def test_second_send_does_not_filter_again(self) -> None:
        signal = _TaskSignal()
        calls: list[str] = []
        signal.connect(recording(calls, "receiver"), weak=False)
        with mock.patch.object(Signal, "_live_receivers", autospec=True) as live_receivers:
            for i in range(3):
                signal.send(SenderA, value=i)
        live_receivers.assert_not_called()
        self.assertEqual(calls, ["receiver:SenderA:0", "receiver:SenderA:1", "receiver:SenderA:2"])

    @unittest.skipIf(django.VERSION < (5, 0), "async receivers are a Django 5.0 feature")
    def test_async_receiver_takes_djangos_path(self) -> None:
        signal = _TaskSignal()

        async def async_receiver(signal: Signal, sender: object, **named: Any) -> None:
            pass

        signal.connect(async_receiver, weak=False)
        with mock.patch.object(
            Signal, "_live_receivers", autospec=True, return_value=([], [])
        ) as live_receivers:
            signal.send(SenderA)
        live_receivers.assert_called_once()
