"""django_tasks.optin: ``import django.tasks`` on Django 4.2–5.2.

The alias changes the whole process, so every test runs its scenario in a
fresh interpreter; this process never installs it.
"""

import json
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest
from pathlib import Path
from typing import Any

import django
from django.test import SimpleTestCase

import django_tasks


def run_python(
    code: str, *, cwd: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter with warnings as errors.

    In an empty directory by default: ``python -c`` puts the working directory
    first on sys.path, and the repository root would shadow the installed wheel.
    """
    child_env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    child_env.update(env or {})
    with tempfile.TemporaryDirectory() as empty:
        return subprocess.run(
            [sys.executable, "-W", "error", "-c", textwrap.dedent(code)],
            cwd=cwd or empty,
            env=child_env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )


class OptinTestCase(SimpleTestCase):
    def assertRuns(self, code: str, **kwargs: Any) -> str:
        result = run_python(code, **kwargs)
        self.assertEqual(result.returncode, 0, msg=f"stderr:\n{result.stderr}")
        return result.stdout

    def run_json(self, code: str, **kwargs: Any) -> Any:
        """Run ``code``, which prints one JSON document last, and decode it."""
        return json.loads(self.assertRuns(code, **kwargs).splitlines()[-1])


class OptInIsExplicitTests(OptinTestCase):
    def test_importing_the_package_installs_nothing(self) -> None:
        out = self.run_json(
            """
            import importlib.util, json, sys
            import django, django_tasks, django_tasks.optin
            print(json.dumps({
                "finders": [repr(f) for f in sys.meta_path if "django_tasks" in repr(f)],
                "found": importlib.util.find_spec("django.tasks") is not None,
                "json": importlib.util.find_spec("django.utils.json") is not None,
            }))
            """
        )
        self.assertEqual(out["finders"], [])
        # Only Django itself decides whether django.tasks exists.
        builtin = django.VERSION >= (6, 0)
        self.assertEqual(out["found"], builtin)
        self.assertEqual(out["json"], builtin)

    def test_this_test_process_has_no_alias(self) -> None:
        self.assertFalse(any("django_tasks" in repr(finder) for finder in sys.meta_path))


@unittest.skipIf(django.VERSION >= (6, 0), "Django 6 ships django.tasks; nothing is aliased")
class AliasTests(OptinTestCase):
    def test_every_module_and_public_name_is_the_backports(self) -> None:
        out = self.run_json(
            """
            import importlib, json
            from django_tasks.optin import ALIASED_MODULES, AliasStatus, install_builtin_alias
            assert install_builtin_alias() is AliasStatus.INSTALLED
            report = {}
            for name, target in ALIASED_MODULES.items():
                module = importlib.import_module(name)
                ours = importlib.import_module(target)
                names = getattr(ours, "__all__", [])
                report[name] = {
                    "same_module": module is ours,
                    "different": [n for n in names if getattr(module, n) is not getattr(ours, n)],
                    "names": len(names),
                }
            print(json.dumps(report))
            """
        )
        self.assertEqual(
            sorted(out),
            [
                "django.tasks",
                "django.tasks.backends",
                "django.tasks.backends.base",
                "django.tasks.backends.dummy",
                "django.tasks.backends.immediate",
                "django.tasks.base",
                "django.tasks.checks",
                "django.tasks.exceptions",
                "django.tasks.signals",
            ],
        )
        for name, entry in out.items():
            with self.subTest(module=name):
                self.assertTrue(entry["same_module"])
                self.assertEqual(entry["different"], [])
        self.assertGreater(out["django.tasks"]["names"], 5)

    def test_import_forms_give_identical_objects(self) -> None:
        self.assertRuns(
            """
            from django_tasks.optin import install_builtin_alias
            install_builtin_alias()
            import django, django_tasks
            import django.tasks
            from django.tasks import Task, task, task_backends, default_task_backend
            from django.tasks.base import TaskResult, TaskResultStatus
            from django.tasks.backends.base import BaseTaskBackend
            from django.tasks.backends.immediate import ImmediateBackend
            from django.tasks.exceptions import InvalidTask, TaskResultDoesNotExist
            from django.tasks.signals import task_enqueued, task_finished
            import django_tasks.base, django_tasks.backends.immediate
            assert django.tasks is django_tasks
            assert Task is django_tasks.Task and task is django_tasks.task
            assert task_backends is django_tasks.task_backends
            assert TaskResult is django_tasks.base.TaskResult
            assert ImmediateBackend is django_tasks.backends.immediate.ImmediateBackend
            assert django.tasks.base is django_tasks.base
            assert django.tasks.backends.immediate is django_tasks.backends.immediate
            assert issubclass(ImmediateBackend, BaseTaskBackend)
            """
        )

    def test_django_6_helpers_are_provided(self) -> None:
        self.assertRuns(
            """
            import importlib.util
            from django_tasks.optin import install_builtin_alias
            import django_tasks._backport as backport
            install_builtin_alias()
            assert importlib.util.find_spec("django.utils.json") is not None
            from django.utils.json import normalize_json
            from django.utils.inspect import is_module_level_function
            assert normalize_json is backport.normalize_json
            assert is_module_level_function is backport.is_module_level_function
            assert normalize_json({"a": (1, b"x")}) == {"a": [1, "x"]}
            import django.utils.json
            assert django.utils.json.__name__ == "django.utils.json"
            """
        )

    def test_existing_helpers_are_left_alone(self) -> None:
        # "Only when Django lacks them": a django.utils.json that already has
        # normalize_json (a later Django, or another shim) is not replaced.
        self.assertRuns(
            """
            import sys, types
            import django.utils.inspect
            mine = types.ModuleType("django.utils.json")
            mine.normalize_json = own_json = lambda obj: obj
            sys.modules["django.utils.json"] = mine
            django.utils.inspect.is_module_level_function = own_check = lambda f: True
            from django_tasks.optin import install_builtin_alias
            install_builtin_alias()
            from django.utils.json import normalize_json
            from django.utils.inspect import is_module_level_function
            assert normalize_json is own_json
            assert is_module_level_function is own_check
            """
        )

    def test_other_django_tasks_submodules_do_not_exist(self) -> None:
        # django_tasks has modules Django's django.tasks has not (apps, optin,
        # _backport): they must not load a second time under a django.tasks name.
        self.assertRuns(
            """
            import importlib, sys
            from django_tasks.optin import install_builtin_alias
            install_builtin_alias()
            import django.tasks
            for name in ("django.tasks.apps", "django.tasks.optin", "django.tasks._backport",
                         "django.tasks.backends._results", "django.tasks.nope"):
                try:
                    importlib.import_module(name)
                except ModuleNotFoundError as exc:
                    assert exc.name == name, exc.name
                    assert repr(name) in str(exc), str(exc)
                else:
                    raise AssertionError(f"{name} was importable")
                assert name not in sys.modules
            """
        )

    def test_probes_see_django_6(self) -> None:
        # What django-tasks-db, huey and others do to detect Django 6.
        self.assertRuns(
            """
            import importlib.util
            from django_tasks.optin import install_builtin_alias
            install_builtin_alias()
            assert importlib.util.find_spec("django.tasks") is not None
            assert importlib.util.find_spec("django.tasks.backends.base") is not None
            try:
                from django.tasks import TaskResultStatus
                from django.utils.json import normalize_json
            except ImportError:
                raise AssertionError("the probe took the Django < 6 branch")
            import django_tasks
            assert TaskResultStatus is django_tasks.TaskResultStatus
            """
        )

    def test_spec_loaded_by_hand_has_the_same_objects(self) -> None:
        self.assertRuns(
            """
            import importlib.util
            from django_tasks.optin import install_builtin_alias
            install_builtin_alias()
            import django_tasks
            spec = importlib.util.find_spec("django.tasks")
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            assert module.Task is django_tasks.Task
            assert module.task_backends is django_tasks.task_backends
            """
        )

    def test_tasks_defined_through_django_tasks_run_on_the_backport(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            Path(tmp, "shop_tasks.py").write_text(
                textwrap.dedent(
                    """
                    from django.tasks import task

                    @task
                    def add(a, b):
                        return a + b
                    """
                )
            )
            self.assertRuns(
                """
                import pickle
                from django_tasks.optin import install_builtin_alias
                install_builtin_alias()
                from django.conf import settings
                settings.configure(TASKS={
                    "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
                })
                import django
                django.setup()
                import django_tasks
                from django_tasks.backends.immediate import ImmediateBackend
                from shop_tasks import add
                assert isinstance(add, django_tasks.Task)
                assert isinstance(django_tasks.task_backends["default"], ImmediateBackend)
                result = add.enqueue(2, 3)
                assert result.status == django_tasks.TaskResultStatus.SUCCESSFUL
                assert result.return_value == 5
                assert pickle.loads(pickle.dumps(add)) == add
                """,
                cwd=tmp,
                env={"PYTHONPATH": tmp},
            )

    def test_a_django_6_backend_works_through_django_tasks(self) -> None:
        # The shape of django-tasks-redis and friends: imports only Django 6 names.
        with tempfile.TemporaryDirectory() as tmp:
            Path(tmp, "memory_backend.py").write_text(
                textwrap.dedent(
                    """
                    from django.tasks.backends.base import BaseTaskBackend
                    from django.tasks.base import TaskResult, TaskResultStatus
                    from django.tasks.signals import task_enqueued
                    from django.utils.crypto import get_random_string
                    from django.utils.json import normalize_json

                    class MemoryBackend(BaseTaskBackend):
                        def __init__(self, alias, params):
                            super().__init__(alias, params)
                            self.results = {}

                        def enqueue(self, task, args, kwargs):
                            self.validate_task(task)
                            result = TaskResult(
                                task=task, id=get_random_string(32),
                                status=TaskResultStatus.READY, enqueued_at=None,
                                started_at=None, finished_at=None, last_attempted_at=None,
                                args=normalize_json(args), kwargs=normalize_json(kwargs),
                                backend=self.alias, errors=[], worker_ids=[],
                            )
                            self.results[result.id] = result
                            task_enqueued.send(type(self), task_result=result)
                            return result

                        def get_result(self, result_id):
                            return self.results[result_id]
                    """
                )
            )
            Path(tmp, "jobs.py").write_text(
                "import django_tasks\n\n@django_tasks.task\ndef job(x):\n    return x\n"
            )
            self.assertRuns(
                """
                from django_tasks.optin import install_builtin_alias
                install_builtin_alias()
                from django.conf import settings
                settings.configure(TASKS={"default": {"BACKEND": "memory_backend.MemoryBackend"}})
                import django
                django.setup()
                import django_tasks
                from memory_backend import MemoryBackend
                from jobs import job
                received = []
                django_tasks.signals.task_enqueued.connect(
                    lambda sender, task_result, **kw: received.append(task_result), weak=False
                )
                result = job.enqueue((1, 2))
                assert isinstance(django_tasks.task_backends["default"], MemoryBackend)
                assert result.args == [[1, 2]]
                assert received == [result]
                assert job.get_result(result.id) is result
                """,
                cwd=tmp,
                env={"PYTHONPATH": tmp},
            )


class EntryPointTests(OptinTestCase):
    """The documented places: settings.py, manage.py, before settings exist."""

    SETTINGS = textwrap.dedent(
        """
        from django_tasks.optin import install_builtin_alias

        ALIAS_STATUS = install_builtin_alias()

        from django.tasks import task_backends  # a settings module may use it at once

        SECRET_KEY = "optin"
        INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "shop"]
        DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
        USE_TZ = True
        TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
        """
    )

    def make_project(self, tmp: str) -> None:
        Path(tmp, "optin_settings.py").write_text(self.SETTINGS)
        Path(tmp, "shop").mkdir()
        Path(tmp, "shop", "__init__.py").write_text("")
        # An app that probes like django-tasks-db's compat module, at import time.
        Path(tmp, "shop", "models.py").write_text(
            textwrap.dedent(
                """
                from importlib.util import find_spec

                HAS_DJANGO_TASKS = find_spec("django.tasks") is not None
                """
            )
        )
        Path(tmp, "shop", "tasks.py").write_text(
            "from django.tasks import task\n\n@task\ndef ping():\n    return 'pong'\n"
        )

    def test_from_settings_py(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            self.make_project(tmp)
            out = self.run_json(
                """
                import json
                import django
                django.setup()
                from django.conf import settings
                from shop import models
                from shop.tasks import ping
                import django_tasks
                result = ping.enqueue()
                print(json.dumps({
                    "status": settings.ALIAS_STATUS.name,
                    "probe": models.HAS_DJANGO_TASKS,
                    "return": result.return_value,
                    "same": type(ping) is django_tasks.Task,
                }))
                """,
                cwd=tmp,
                env={"PYTHONPATH": tmp, "DJANGO_SETTINGS_MODULE": "optin_settings"},
            )
        expected_status = "BUILTIN" if django.VERSION >= (6, 0) else "INSTALLED"
        self.assertEqual(
            out, {"status": expected_status, "probe": True, "return": "pong", "same": True}
        )

    def test_manage_py_check_with_the_call_in_manage_and_settings(self) -> None:
        # Both entry points call it: the second call is a no-op, no warning
        # (the child runs with -W error).
        with tempfile.TemporaryDirectory() as tmp:
            self.make_project(tmp)
            Path(tmp, "manage.py").write_text(
                textwrap.dedent(
                    """
                    import os, sys
                    from django_tasks.optin import install_builtin_alias

                    print("manage:", install_builtin_alias().name)
                    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "optin_settings")
                    from django.core.management import execute_from_command_line
                    execute_from_command_line(sys.argv)
                    """
                )
            )
            result = subprocess.run(
                [sys.executable, "-W", "error", "manage.py", "check"],
                cwd=tmp,
                env={k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
            self.assertEqual(result.returncode, 0, msg=result.stderr)
            expected = "BUILTIN" if django.VERSION >= (6, 0) else "INSTALLED"
            self.assertIn(f"manage: {expected}", result.stdout)
            self.assertIn("System check identified no issues", result.stdout)

    def test_before_settings_are_configured(self) -> None:
        # Importing and calling it touches no setting: settings.py may use it
        # before Django knows where the settings are.
        self.assertRuns(
            """
            import django_tasks, django_tasks.optin
            django_tasks.optin.install_builtin_alias()
            import django.tasks, django.tasks.backends.immediate, django.utils.json
            from django.conf import settings
            assert not settings.configured
            settings.configure()
            import django
            django.setup()
            assert django.tasks.default_task_backend.alias == "default"
            """
        )

    def test_late_after_the_backport_was_imported(self) -> None:
        # Using django_tasks first and opting in later is harmless: the alias
        # points at the modules already in use.
        out = self.run_json(
            """
            import json
            import django_tasks, django_tasks.backends.dummy
            before = django_tasks.Task
            from django_tasks.optin import install_builtin_alias
            status = install_builtin_alias()
            import django.tasks
            from django.tasks.backends.dummy import DummyBackend
            print(json.dumps({
                "status": status.name,
                "same": django.tasks.Task is before
                and DummyBackend is django_tasks.backends.dummy.DummyBackend,
            }))
            """
        )
        expected = "BUILTIN" if django.VERSION >= (6, 0) else "INSTALLED"
        self.assertEqual(out, {"status": expected, "same": True})


class RepeatedAndBuiltinTests(OptinTestCase):
    @unittest.skipIf(django.VERSION >= (6, 0), "Django 6 ships django.tasks; nothing is aliased")
    def test_second_call_changes_nothing(self) -> None:
        out = self.run_json(
            """
            import json, sys
            from django_tasks.optin import install_builtin_alias
            first = install_builtin_alias()
            finders = list(sys.meta_path)
            second = install_builtin_alias()
            print(json.dumps({
                "statuses": [first.value, second.value],
                "unchanged": sys.meta_path == finders,
            }))
            """
        )
        self.assertEqual(out, {"statuses": ["installed", "already installed"], "unchanged": True})

    @unittest.skipIf(django.VERSION >= (6, 0), "Django 6 ships django.tasks; nothing is aliased")
    def test_concurrent_calls_install_once(self) -> None:
        out = self.run_json(
            """
            import json, sys, threading
            from django_tasks.optin import install_builtin_alias
            statuses = []
            barrier = threading.Barrier(8)
            def call():
                barrier.wait()
                statuses.append(install_builtin_alias().name)
            threads = [threading.Thread(target=call) for _ in range(8)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            finders = [f for f in sys.meta_path if "django_tasks" in repr(f)]
            print(json.dumps({"statuses": sorted(statuses), "finders": len(finders)}))
            """
        )
        self.assertEqual(out["statuses"], ["ALREADY_INSTALLED"] * 7 + ["INSTALLED"])
        self.assertEqual(out["finders"], 1)

    @unittest.skipIf(django.VERSION < (6, 0), "Django < 6 needs the alias")
    def test_django_6_changes_nothing(self) -> None:
        out = self.run_json(
            """
            import json, sys
            import django.utils.json
            own_normalize = django.utils.json.normalize_json
            finders = list(sys.meta_path)
            from django_tasks.optin import AliasStatus, install_builtin_alias
            statuses = [install_builtin_alias().name, install_builtin_alias().name]
            import django.tasks, django_tasks
            print(json.dumps({
                "statuses": statuses,
                "finders_unchanged": sys.meta_path == finders,
                "builtin_file": django.tasks.__file__.startswith(django.__path__[0]),
                "reexported": django_tasks.Task is django.tasks.Task,
                "helper_unchanged": django.utils.json.normalize_json is own_normalize,
            }))
            """
        )
        self.assertEqual(
            out,
            {
                "statuses": ["BUILTIN", "BUILTIN"],
                "finders_unchanged": True,
                "builtin_file": True,
                "reexported": True,
                "helper_unchanged": True,
            },
        )

    def test_status_values(self) -> None:
        from django_tasks.optin import AliasStatus

        self.assertEqual(
            [(status.name, status.value) for status in AliasStatus],
            [
                ("INSTALLED", "installed"),
                ("ALREADY_INSTALLED", "already installed"),
                ("BUILTIN", "built in"),
            ],
        )


@unittest.skipIf(django.VERSION >= (6, 0), "Django 6 ships django.tasks; nothing is aliased")
class TooLateTests(OptinTestCase):
    def run_error(self, code: str) -> str:
        """Run ``code``; it must fail with BuiltinAliasError. Return its message."""
        result = run_python(
            code
            + textwrap.dedent(
                """
                from django_tasks.optin import BuiltinAliasError, install_builtin_alias
                try:
                    install_builtin_alias()
                except BuiltinAliasError as exc:
                    from django.core.exceptions import ImproperlyConfigured
                    assert isinstance(exc, ImproperlyConfigured)
                    print(exc)
                else:
                    raise AssertionError("no BuiltinAliasError")
                import sys
                assert not any("django_tasks" in repr(f) for f in sys.meta_path)
                """
            )
        )
        self.assertEqual(result.returncode, 0, msg=result.stderr)
        return result.stdout.strip()

    def test_django_tasks_marked_missing(self) -> None:
        message = self.run_error('import sys\nsys.modules["django.tasks"] = None\n')
        self.assertIn("sys.modules['django.tasks'] is None", message)
        self.assertIn("before", message)

    def test_submodule_marked_missing(self) -> None:
        message = self.run_error('import sys\nsys.modules["django.tasks.base"] = None\n')
        self.assertIn("sys.modules['django.tasks.base'] is None", message)

    def test_django_utils_json_marked_missing(self) -> None:
        message = self.run_error('import sys\nsys.modules["django.utils.json"] = None\n')
        self.assertIn("sys.modules['django.utils.json'] is None", message)

    def test_another_module_under_the_name(self) -> None:
        message = self.run_error(
            'import sys, types\nsys.modules["django.tasks"] = types.ModuleType("django.tasks")\n'
        )
        self.assertIn("django.tasks is already imported as <module 'django.tasks'>", message)

    def test_another_object_as_django_attribute(self) -> None:
        message = self.run_error("import django\ndjango.tasks = object()\n")
        self.assertIn("django.tasks is already set to <object object", message)

    def test_warns_after_apps_were_loaded(self) -> None:
        out = self.run_json(
            """
            import json, warnings
            from django.conf import settings
            settings.configure()
            import django
            django.setup()
            from django_tasks.optin import LateAliasWarning, install_builtin_alias
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                status = install_builtin_alias()
            import django.tasks
            print(json.dumps({
                "status": status.name,
                "categories": [w.category.__name__ for w in caught],
                "message": str(caught[0].message),
                "filename": caught[0].filename,
            }))
            """
        )
        self.assertEqual(out["status"], "INSTALLED")
        self.assertEqual(out["categories"], ["LateAliasWarning"])
        self.assertIn("after Django started importing INSTALLED_APPS", out["message"])
        self.assertIn("top of settings.py", out["message"])
        # stacklevel points at the caller, not at django_tasks.
        self.assertEqual(out["filename"], "<string>")


class PublicModuleTests(SimpleTestCase):
    def test_names(self) -> None:
        import django_tasks.optin

        self.assertEqual(
            django_tasks.optin.__all__,
            sorted(django_tasks.optin.__all__),
        )
        for name in django_tasks.optin.__all__:
            self.assertTrue(hasattr(django_tasks.optin, name), name)

    def test_package_does_not_import_it(self) -> None:
        # Importing django_tasks must not even load the opt-in module.
        out = run_python("import sys, django_tasks\nprint('django_tasks._optin' in sys.modules)\n")
        self.assertEqual(out.stdout.strip(), "False", msg=out.stderr)

    def test_children_import_the_package_under_test(self) -> None:
        # The scenarios above exercise the same django_tasks as this process
        # (the wheel under tox), not the source tree.
        out = run_python("import django_tasks\nprint(django_tasks.__file__)\n")
        self.assertEqual(out.stdout.strip(), django_tasks.__file__, msg=out.stderr)
