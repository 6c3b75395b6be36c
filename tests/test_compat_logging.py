"""Task log records stay on "django.tasks" (as with Django 6) and also reach the
handlers configured on the older backport's "django_tasks" logger, once each."""

from __future__ import annotations

import importlib
import io
import logging
import logging.config
import unittest
from typing import Any

import django
import example_tasks
from django.test import SimpleTestCase, override_settings

from django_tasks import _compat

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
LOGGER_NAMES = ("", "django", "django.tasks", "django_tasks")


class ListHandler(logging.Handler):
    def __init__(self, level: int = logging.NOTSET) -> None:
        super().__init__(level)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    @property
    def lines(self) -> list[str]:
        return [f"{r.levelname} {r.name} {r.getMessage()}" for r in self.records]


@override_settings(TASKS=IMMEDIATE)
class LoggingBridgeTests(SimpleTestCase):
    def setUp(self) -> None:
        # dictConfig and the tests change the loggers: put them back as found.
        manager = logging.Logger.manager
        saved: dict[str, tuple[int, list[logging.Handler], list[Any], bool, bool]] = {}
        for name in LOGGER_NAMES:
            logger = logging.getLogger(name)
            saved[name] = (
                logger.level,
                list(logger.handlers),
                list(logger.filters),
                logger.propagate,
                logger.disabled,
            )
        others = {
            name: logger.disabled
            for name, logger in manager.loggerDict.items()
            if isinstance(logger, logging.Logger)
        }

        def restore() -> None:
            for name, (level, handlers, filters, propagate, disabled) in saved.items():
                logger = logging.getLogger(name)
                logger.setLevel(level)
                logger.handlers[:] = handlers
                logger.filters[:] = filters
                logger.propagate = propagate
                logger.disabled = disabled
            for name, disabled in others.items():
                logging.getLogger(name).disabled = disabled

        self.addCleanup(restore)

    def configure(self, loggers: dict[str, Any], root: dict[str, Any] | None = None) -> None:
        """Apply a LOGGING dict as a project's settings would (Django applies its
        DEFAULT_LOGGING first, which the test run already did)."""
        config: dict[str, Any] = {
            "version": 1,
            "disable_existing_loggers": False,
            "loggers": loggers,
        }
        if root is not None:
            config["root"] = root
        logging.config.dictConfig(config)

    @staticmethod
    def handler(handler: logging.Handler) -> dict[str, Any]:
        # dictConfig's "()" takes any callable: hand it our instance.
        return {"()": lambda: handler}

    def test_records_stay_on_django_tasks(self) -> None:
        self.assertIsInstance(logging.getLogger("django.tasks"), _compat._BridgedLogger)
        tasks = ListHandler()
        self.configure({"django.tasks": {"level": "DEBUG", "propagate": False}})
        logging.getLogger("django.tasks").addHandler(tasks)

        result = example_tasks.add.enqueue(1, 2)

        self.assertEqual(
            tasks.lines,
            [
                f"DEBUG django.tasks Task id={result.id} path=example_tasks.add "
                "enqueued backend=default",
                f"INFO django.tasks Task id={result.id} path=example_tasks.add state=RUNNING",
                f"INFO django.tasks Task id={result.id} path=example_tasks.add state=SUCCESSFUL",
            ],
        )

    def test_only_django_tasks_configured_is_unchanged(self) -> None:
        tasks = ListHandler()
        root = ListHandler()
        logging.config.dictConfig(
            {
                "version": 1,
                "disable_existing_loggers": False,
                "handlers": {"tasks": self.handler(tasks), "root": self.handler(root)},
                "loggers": {"django.tasks": {"handlers": ["tasks"], "level": "INFO"}},
                "root": {"handlers": ["root"], "level": "DEBUG"},
            }
        )
        # As dictConfig leaves it when LOGGING does not mention it.
        legacy = logging.getLogger("django_tasks")
        legacy.handlers[:] = []
        legacy.setLevel(logging.NOTSET)

        example_tasks.add.enqueue(1, 2)
        example_tasks.noop.enqueue()

        # Plain logging: the level of "django.tasks" decides, each handler on
        # the way up gets each record once.
        self.assertEqual([r.levelname for r in tasks.records], ["INFO"] * 4)
        self.assertEqual(root.records, tasks.records)
        self.assertFalse(logging.getLogger("django.tasks").isEnabledFor(logging.DEBUG))

    def test_legacy_logger_handler_gets_each_record_once(self) -> None:
        legacy = ListHandler()
        root = ListHandler()
        logging.config.dictConfig(
            {
                "version": 1,
                "disable_existing_loggers": False,
                "handlers": {"legacy": self.handler(legacy), "root": self.handler(root)},
                # What a LOGGING written for django-tasks <= 0.12 says.
                "loggers": {"django_tasks": {"handlers": ["legacy"], "level": "DEBUG"}},
                "root": {"handlers": ["root"], "level": "DEBUG"},
            }
        )

        result = example_tasks.add.enqueue(1, 2)

        self.assertEqual(
            [(r.name, r.levelname) for r in legacy.records],
            [("django.tasks", "DEBUG"), ("django.tasks", "INFO"), ("django.tasks", "INFO")],
        )
        self.assertTrue(all(result.id in r.getMessage() for r in legacy.records))
        # The root logger is reached from both loggers and still logs each
        # record once: the DEBUG one because "django_tasks" asks for it and
        # propagates, as it did with the older backport.
        self.assertEqual(root.records, legacy.records)

    def test_same_handler_on_both_loggers_and_root_logs_once(self) -> None:
        stream = io.StringIO()
        console = logging.StreamHandler(stream)
        console.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
        self.configure(
            {"django_tasks": {"level": "INFO"}, "django.tasks": {"level": "INFO"}},
            root={"level": "INFO"},
        )
        logging.getLogger("django_tasks").addHandler(console)
        logging.getLogger("django.tasks").addHandler(console)
        logging.getLogger().addHandler(console)

        result = example_tasks.add.enqueue(1, 2)

        self.assertEqual(
            stream.getvalue().splitlines(),
            [
                f"INFO Task id={result.id} path=example_tasks.add state=RUNNING",
                f"INFO Task id={result.id} path=example_tasks.add state=SUCCESSFUL",
            ],
        )

    def test_failed_task_error_with_traceback_reaches_legacy_once(self) -> None:
        legacy = ListHandler()
        self.configure({"django_tasks": {"level": "WARNING", "propagate": False}})
        logging.getLogger("django_tasks").addHandler(legacy)

        result = example_tasks.fail.enqueue("broken")

        self.assertEqual(len(legacy.records), 1)
        (record,) = legacy.records
        self.assertEqual(record.levelno, logging.ERROR)
        self.assertIn(f"id={result.id}", record.getMessage())
        self.assertIn("state=FAILED", record.getMessage())
        assert record.exc_info is not None
        self.assertIs(record.exc_info[0], ValueError)

    def test_handler_level_is_respected(self) -> None:
        legacy = ListHandler(level=logging.INFO)
        self.configure({"django_tasks": {"level": "DEBUG", "propagate": False}})
        logging.getLogger("django_tasks").addHandler(legacy)

        example_tasks.add.enqueue(1, 2)

        self.assertEqual([r.levelname for r in legacy.records], ["INFO", "INFO"])

    def test_db_worker_style_verbose_logging(self) -> None:
        # django-tasks-db's `db_worker -v3` on Django < 6: level and a stream
        # handler on "django_tasks", the record reaches the stream once.
        stdout = io.StringIO()
        legacy = logging.getLogger("django_tasks")
        legacy.setLevel(logging.DEBUG)
        legacy.addHandler(logging.StreamHandler(stdout))

        result = example_tasks.add.enqueue(1, 2)

        self.assertEqual(
            stdout.getvalue().splitlines(),
            [
                f"Task id={result.id} path=example_tasks.add enqueued backend=default",
                f"Task id={result.id} path=example_tasks.add state=RUNNING",
                f"Task id={result.id} path=example_tasks.add state=SUCCESSFUL",
            ],
        )

    def test_assert_logs_on_legacy_logger(self) -> None:
        # Backends' own test suites (django-tasks-rq, django-tasks-db < 6).
        with self.assertLogs("django_tasks", level="DEBUG") as captured:
            result = example_tasks.noop.enqueue()
        self.assertEqual(len(captured.records), 3)
        self.assertIn("enqueued", captured.output[0])
        self.assertIn(result.id, captured.output[0])

    def test_assert_logs_on_django_tasks(self) -> None:
        with self.assertLogs("django.tasks", level="DEBUG") as captured:
            example_tasks.noop.enqueue()
        self.assertEqual(len(captured.records), 3)

    def test_disabled_legacy_logger_gets_nothing(self) -> None:
        legacy_handler = ListHandler()
        legacy = logging.getLogger("django_tasks")
        legacy.setLevel(logging.DEBUG)
        legacy.addHandler(legacy_handler)
        # What dictConfig(disable_existing_loggers=True) does to a logger it
        # does not configure.
        legacy.disabled = True

        with self.assertLogs("django.tasks", level="INFO") as captured:
            example_tasks.add.enqueue(1, 2)

        self.assertEqual(legacy_handler.records, [])
        self.assertEqual(len(captured.records), 2)

    def test_legacy_filters_apply_to_legacy_handlers_only(self) -> None:
        tasks = ListHandler()
        legacy_handler = ListHandler()
        self.configure(
            {
                "django.tasks": {"level": "INFO", "propagate": False},
                "django_tasks": {"level": "INFO", "propagate": False},
            }
        )
        logging.getLogger("django.tasks").addHandler(tasks)
        legacy = logging.getLogger("django_tasks")
        legacy.addHandler(legacy_handler)
        legacy.addFilter(lambda record: "RUNNING" in record.getMessage())

        example_tasks.add.enqueue(1, 2)

        self.assertEqual(len(tasks.records), 2)
        self.assertEqual(len(legacy_handler.records), 1)
        self.assertIn("RUNNING", legacy_handler.records[0].getMessage())

    def test_no_handler_anywhere_falls_back_to_last_resort(self) -> None:
        self.configure(
            {
                "django.tasks": {"level": "CRITICAL", "propagate": False},
                "django_tasks": {"level": "ERROR", "propagate": False},
            }
        )
        stream = io.StringIO()
        last_resort = logging.StreamHandler(stream)
        last_resort.setLevel(logging.WARNING)
        original = logging.lastResort
        logging.lastResort = last_resort
        self.addCleanup(setattr, logging, "lastResort", original)

        example_tasks.fail.enqueue("broken")

        self.assertIn("state=FAILED", stream.getvalue())

    def test_handlers_changed_without_clearing_caches_apply_to_next_record(self) -> None:
        # addHandler() and in-place changes of ``handlers`` leave logging's
        # isEnabledFor() caches alone (only setLevel() and dictConfig() clear
        # them): the bridge must see them anyway.
        tasks = ListHandler()
        legacy_handler = ListHandler()
        self.configure(
            {"django.tasks": {"level": "INFO", "propagate": False}}, root={"level": "DEBUG"}
        )
        logging.getLogger("django.tasks").addHandler(tasks)
        legacy = logging.getLogger("django_tasks")
        legacy.handlers[:] = []
        legacy.setLevel(logging.NOTSET)
        example_tasks.noop.enqueue()  # fills the caches
        self.assertEqual(len(tasks.records), 2)

        legacy.addHandler(legacy_handler)
        example_tasks.noop.enqueue()

        # Configured now (a handler), enabled through the root's level.
        self.assertEqual([r.levelname for r in legacy_handler.records], ["DEBUG", "INFO", "INFO"])
        self.assertEqual(len(tasks.records), 4)

        legacy.handlers.clear()
        example_tasks.noop.enqueue()

        self.assertEqual(len(legacy_handler.records), 3)
        self.assertEqual(len(tasks.records), 6)
        self.assertFalse(logging.getLogger("django.tasks").isEnabledFor(logging.DEBUG))

    def test_legacy_logger_created_after_first_records(self) -> None:
        manager = logging.Logger.manager
        original = manager.loggerDict.pop("django_tasks")
        self.addCleanup(manager.loggerDict.__setitem__, "django_tasks", original)
        self.configure({}, root={"level": "DEBUG"})
        with self.assertLogs("django.tasks", level="INFO"):
            example_tasks.noop.enqueue()
        self.assertNotIn("django_tasks", manager.loggerDict)

        legacy_handler = ListHandler()
        logging.getLogger("django_tasks").addHandler(legacy_handler)
        example_tasks.noop.enqueue()

        self.assertEqual([r.levelname for r in legacy_handler.records], ["DEBUG", "INFO", "INFO"])

    def test_placeholder_for_legacy_logger_is_ignored(self) -> None:
        # Only a child of "django_tasks" exists: logging keeps a PlaceHolder
        # under the parent's name.
        manager = logging.Logger.manager
        original = manager.loggerDict.pop("django_tasks")
        self.addCleanup(manager.loggerDict.__setitem__, "django_tasks", original)
        child_name = "django_tasks.placeholder_test"
        self.addCleanup(manager.loggerDict.pop, child_name, None)
        logging.getLogger(child_name)
        self.assertIsInstance(manager.loggerDict["django_tasks"], logging.PlaceHolder)

        with self.assertLogs("django.tasks", level="INFO") as captured:
            example_tasks.noop.enqueue()

        self.assertEqual(len(captured.records), 2)

    def test_install_is_idempotent(self) -> None:
        logger = logging.getLogger("django.tasks")
        _compat.install()
        _compat.install()
        self.assertIs(type(logger), _compat._BridgedLogger)
        self.assertIs(logging.getLogger("django.tasks"), logger)

    @unittest.skipIf(django.VERSION < (6, 0), "django.tasks is built in from Django 6.0")
    def test_bridges_djangos_logger_on_django_6(self) -> None:
        logger = importlib.import_module("django.tasks.signals").logger

        self.assertIsInstance(logger, _compat._BridgedLogger)
        with self.assertLogs("django_tasks", level="DEBUG") as captured:
            example_tasks.noop.enqueue()
        self.assertEqual([r.name for r in captured.records], ["django.tasks"] * 3)


class CustomLoggerClassTests(SimpleTestCase):
    def test_subclass_keeps_its_behaviour(self) -> None:
        calls: list[str] = []

        class AuditLogger(logging.Logger):
            def handle(self, record: logging.LogRecord) -> None:
                calls.append(record.getMessage())
                super().handle(record)

        logger = logging.getLogger("django.tasks")
        original_class = type(logger)
        self.addCleanup(setattr, logger, "__class__", original_class)
        logger.__class__ = AuditLogger

        _compat.install()

        self.assertIsInstance(logger, _compat._BridgedLogger)
        self.assertIsInstance(logger, AuditLogger)
        with self.assertLogs("django.tasks", level="INFO"):
            logger.info("hello")
        self.assertEqual(calls, ["hello"])
