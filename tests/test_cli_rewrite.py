"""``rewrite-imports``, source in, source out: one small case per form."""

import textwrap

from django.test import SimpleTestCase

from django_tasks._cli.rewrite import Note, rewrite_source


def fallback_note(to: str) -> str:
    return (
        "try/except ImportError guards an import of the task API: once the code requires "
        f"{to}, its other branch is dead code; remove the switch, keeping that import"
    )


def logger_note(name: str) -> str:
    new = "django.tasks" + name.removeprefix("django_tasks")
    return (
        f'logger "{name}" left unchanged: it receives nothing once django-tasks is '
        f'uninstalled (Django\'s tasks log to "django.tasks"); name "{new}" instead'
    )


def dedent(source: str) -> str:
    return textwrap.dedent(source).lstrip("\n")


class RewriteCase(SimpleTestCase):
    to = ""

    def assertRewrites(self, before: str, after: str, notes: tuple[Note, ...] = ()) -> None:
        before, after = dedent(before), dedent(after)
        result = rewrite_source(before, self.to)  # type: ignore[arg-type]
        self.assertEqual(result.source, after)
        self.assertEqual(result.notes, notes)
        self.assertEqual(result.changed, before != after)
        # Idempotent: a second run changes nothing more.
        self.assertEqual(rewrite_source(after, self.to).source, after)  # type: ignore[arg-type]

    def assertUnchanged(self, source: str, notes: tuple[Note, ...] = ()) -> None:
        self.assertRewrites(source, source, notes)


class ToPackageImportTests(RewriteCase):
    """Code written for Django 6's django.tasks, moved to django_tasks."""

    to = "django_tasks"

    def test_from_import(self) -> None:
        self.assertRewrites(
            "from django.tasks import task\n",
            "from django_tasks import task\n",
        )

    def test_from_import_with_aliases(self) -> None:
        self.assertRewrites(
            "from django.tasks import task, Task as T, TaskResult\n",
            "from django_tasks import task, Task as T, TaskResult\n",
        )

    def test_parenthesised_multiline_import_keeps_comments(self) -> None:
        self.assertRewrites(
            """
            from django.tasks import (  # the framework
                TaskResultStatus,  # statuses
                task,
            )
            """,
            """
            from django_tasks import (  # the framework
                TaskResultStatus,  # statuses
                task,
            )
            """,
        )

    def test_backslash_continuation(self) -> None:
        self.assertRewrites(
            "from django.tasks import task, \\\n    Task\n",
            "from django_tasks import task, \\\n    Task\n",
        )

    def test_submodules(self) -> None:
        self.assertRewrites(
            """
            from django.tasks.backends.dummy import DummyBackend
            from django.tasks.backends.base import BaseTaskBackend
            from django.tasks.exceptions import InvalidTask, TaskResultDoesNotExist
            from django.tasks.signals import task_enqueued, task_finished
            from django.tasks.base import TASK_MAX_PRIORITY
            """,
            """
            from django_tasks.backends.dummy import DummyBackend
            from django_tasks.backends.base import BaseTaskBackend
            from django_tasks.exceptions import InvalidTask, TaskResultDoesNotExist
            from django_tasks.signals import task_enqueued, task_finished
            from django_tasks.base import TASK_MAX_PRIORITY
            """,
        )

    def test_submodule_as_name(self) -> None:
        self.assertRewrites(
            "from django.tasks.backends import immediate, dummy as d\n",
            "from django_tasks.backends import immediate, dummy as d\n",
        )

    def test_star_import(self) -> None:
        self.assertRewrites(
            "from django.tasks import *\n",
            "from django_tasks import *\n",
        )

    def test_import_submodule_and_attribute_use(self) -> None:
        self.assertRewrites(
            """
            import django.tasks.signals

            django.tasks.signals.task_finished.connect(handler)
            """,
            """
            import django_tasks.signals

            django_tasks.signals.task_finished.connect(handler)
            """,
        )

    def test_import_package_and_attribute_use(self) -> None:
        self.assertRewrites(
            """
            import django.tasks

            result = django.tasks.default_task_backend.enqueue(t, (), {})
            status = django.tasks.TaskResultStatus.SUCCESSFUL
            """,
            """
            import django_tasks

            result = django_tasks.default_task_backend.enqueue(t, (), {})
            status = django_tasks.TaskResultStatus.SUCCESSFUL
            """,
        )

    def test_keeps_django_bound_when_other_code_uses_it(self) -> None:
        # `import django.tasks` also bound `django`.
        self.assertRewrites(
            """
            import django.tasks

            print(django.VERSION, django.tasks.task)
            """,
            """
            import django
            import django_tasks

            print(django.VERSION, django_tasks.task)
            """,
        )

    def test_no_extra_import_when_django_is_imported(self) -> None:
        self.assertRewrites(
            """
            import django
            import django.tasks

            print(django.VERSION, django.tasks.task)
            """,
            """
            import django
            import django_tasks

            print(django.VERSION, django_tasks.task)
            """,
        )

    def test_attribute_use_through_import_django(self) -> None:
        self.assertRewrites(
            """
            import django

            if django.VERSION >= (6, 0):
                print(django.tasks.task)
            """,
            """
            import django
            import django_tasks

            if django.VERSION >= (6, 0):
                print(django_tasks.task)
            """,
        )

    def test_import_as(self) -> None:
        self.assertRewrites(
            """
            import django.tasks as dt
            import django.tasks.backends.dummy as dummy

            dt.task
            """,
            """
            import django_tasks as dt
            import django_tasks.backends.dummy as dummy

            dt.task
            """,
        )

    def test_from_django_import_tasks(self) -> None:
        self.assertRewrites(
            """
            from django import tasks
            from django import tasks as t

            tasks.task
            """,
            """
            import django_tasks as tasks
            import django_tasks as t

            tasks.task
            """,
        )

    def test_from_django_import_tasks_among_others(self) -> None:
        self.assertRewrites(
            "from django import db, tasks\n",
            "from django import db\nimport django_tasks as tasks\n",
        )

    def test_nested_imports(self) -> None:
        self.assertRewrites(
            """
            def f():
                from django.tasks import task
                try:
                    from django.tasks.backends.dummy import DummyBackend
                except ImportError:
                    DummyBackend = None
            """,
            """
            def f():
                from django_tasks import task
                try:
                    from django_tasks.backends.dummy import DummyBackend
                except ImportError:
                    DummyBackend = None
            """,
            notes=(Note(3, fallback_note("django_tasks")),),
        )

    def test_same_line_statements_and_non_ascii(self) -> None:
        # AST columns are UTF-8 bytes; the edits must land on characters.
        self.assertRewrites(
            "café = 'é'; from django.tasks import task\nx = 'ü'; import django.tasks\n"
            "django.tasks.task\n",
            "café = 'é'; from django_tasks import task\nx = 'ü'; import django_tasks\n"
            "django_tasks.task\n",
        )

    def test_crlf_line_endings(self) -> None:
        self.assertRewrites(
            "import django.tasks\r\nprint(django.VERSION)\r\n",
            "import django\r\nimport django_tasks\r\nprint(django.VERSION)\r\n",
        )

    def test_django_6_helpers_come_from_django_tasks_utils(self) -> None:
        # Django 6.0 added them; django_tasks.utils has them on every Django.
        self.assertRewrites(
            """
            from django.utils.json import normalize_json
            from django.utils.inspect import get_func_args, is_module_level_function
            """,
            """
            from django_tasks.utils import normalize_json
            from django.utils.inspect import get_func_args
            from django_tasks.utils import is_module_level_function
            """,
        )

    def test_django_6_helper_through_attribute_use(self) -> None:
        self.assertRewrites(
            """
            import django.utils.json

            django.utils.json.normalize_json(value)
            """,
            """
            import django_tasks.utils

            django_tasks.utils.normalize_json(value)
            """,
        )

    def test_django_6_helper_path_string(self) -> None:
        self.assertRewrites(
            "patch('django.utils.inspect.is_module_level_function')\n",
            "patch('django_tasks.utils.is_module_level_function')\n",
        )

    def test_chain_split_over_lines_is_reported(self) -> None:
        self.assertUnchanged(
            "import django\nx = (django\n    .tasks.task)\n",
            notes=(
                Note(
                    2,
                    "django.tasks.task left unchanged: it is split over lines or spaced; "
                    "write django_tasks.task",
                ),
            ),
        )


class ToPackageStringTests(RewriteCase):
    to = "django_tasks"

    def test_tasks_setting(self) -> None:
        self.assertRewrites(
            """
            TASKS = {
                "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
                'dummy': {'BACKEND': 'django.tasks.backends.dummy.DummyBackend'},
            }
            """,
            """
            TASKS = {
                "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
                'dummy': {'BACKEND': 'django_tasks.backends.dummy.DummyBackend'},
            }
            """,
        )

    def test_mock_patch_targets(self) -> None:
        self.assertRewrites(
            """
            @mock.patch("django.tasks.backends.immediate.ImmediateBackend.enqueue")
            def test(self, enqueue):
                with mock.patch.object(x, "y"), mock.patch("django.tasks.signals.logger"):
                    pass
            """,
            """
            @mock.patch("django_tasks.backends.immediate.ImmediateBackend.enqueue")
            def test(self, enqueue):
                with mock.patch.object(x, "y"), mock.patch("django_tasks.signals.logger"):
                    pass
            """,
        )

    def test_logger_names_are_left_alone(self) -> None:
        self.assertUnchanged(
            """
            logger = logging.getLogger("django.tasks")
            other = logging.getLogger(name="django.tasks.worker")
            with self.assertLogs("django.tasks.worker", "INFO"):
                pass
            LOGGING = {"loggers": {"django.tasks.worker": {"level": "DEBUG"}}}
            """
        )

    def test_unrelated_strings_comments_and_docstrings(self) -> None:
        self.assertUnchanged(
            '''
            """Uses django.tasks.task to run things."""
            # from django.tasks import task
            DB = "django.db.backends.sqlite3"
            NAME = "django.tasks"
            OTHER = "django.tasksfoo.x"
            F = f"django.tasks.{name}"
            B = b"django.tasks.base"
            '''
        )


class ToPackageUnrelatedCodeTests(RewriteCase):
    to = "django_tasks"

    def test_unrelated_imports(self) -> None:
        self.assertUnchanged(
            """
            import django
            from django.db import models
            from django.utils import timezone
            from .tasks import send_email
            from . import tasks
            from django_tasks_db import backend
            import mypackage.django.tasks
            """
        )

    def test_already_moved(self) -> None:
        self.assertUnchanged("from django_tasks import task\nimport django_tasks\n")

    def test_empty_file(self) -> None:
        self.assertUnchanged("")


class ToBuiltinImportTests(RewriteCase):
    """Code on django_tasks (or the older backport), moved to Django 6's django.tasks."""

    to = "django.tasks"

    def test_from_import(self) -> None:
        self.assertRewrites(
            "from django_tasks import task, TaskResult as R\n",
            "from django.tasks import task, TaskResult as R\n",
        )

    def test_submodules(self) -> None:
        self.assertRewrites(
            """
            from django_tasks.backends.immediate import ImmediateBackend
            from django_tasks.signals import task_finished
            from django_tasks.base import Task, TaskContext
            """,
            """
            from django.tasks.backends.immediate import ImmediateBackend
            from django.tasks.signals import task_finished
            from django.tasks.base import Task, TaskContext
            """,
        )

    def test_invalid_task_error_becomes_invalid_task(self) -> None:
        self.assertRewrites(
            """
            from django_tasks.exceptions import InvalidTaskError

            def validate(task):
                if not task:
                    raise InvalidTaskError("no")
                try:
                    pass
                except (InvalidTaskError, ValueError):
                    pass
            """,
            """
            from django.tasks.exceptions import InvalidTask

            def validate(task):
                if not task:
                    raise InvalidTask("no")
                try:
                    pass
                except (InvalidTask, ValueError):
                    pass
            """,
        )

    def test_invalid_task_backend_error_becomes_invalid_task_backend(self) -> None:
        self.assertRewrites(
            """
            from django_tasks import InvalidTaskBackendError
            from django_tasks.exceptions import InvalidTaskBackendError as Bad

            isinstance(e, InvalidTaskBackendError) or isinstance(e, Bad)
            """,
            """
            from django.tasks import InvalidTaskBackend
            from django.tasks.exceptions import InvalidTaskBackend as Bad

            isinstance(e, InvalidTaskBackend) or isinstance(e, Bad)
            """,
        )

    def test_old_and_new_name_together(self) -> None:
        self.assertRewrites(
            "from django_tasks.exceptions import InvalidTask, InvalidTaskError\n",
            "from django.tasks.exceptions import InvalidTask\n",
        )

    def test_normalize_json_moves_to_django_utils(self) -> None:
        self.assertRewrites(
            """
            from django_tasks.utils import normalize_json
            from django_tasks.utils import is_module_level_function as is_mlf
            """,
            """
            from django.utils.json import normalize_json
            from django.utils.inspect import is_module_level_function as is_mlf
            """,
        )

    def test_names_going_to_several_modules_split_the_import(self) -> None:
        self.assertRewrites(
            "from django_tasks import BaseTaskBackend, task\n",
            "from django.tasks import task\n"
            "from django.tasks.backends.base import BaseTaskBackend\n",
        )

    def test_split_keeps_multiline_layout(self) -> None:
        self.assertRewrites(
            """
            try:
                from django_tasks import (
                    BaseTaskBackend,
                    InvalidTaskBackendError,
                    task,
                )
            except ImportError:
                pass
            """,
            """
            try:
                from django.tasks import (
                    InvalidTaskBackend,
                    task,
                )
                from django.tasks.backends.base import BaseTaskBackend
            except ImportError:
                pass
            """,
            notes=(Note(1, fallback_note("django.tasks")),),
        )

    def test_split_on_a_compound_line(self) -> None:
        self.assertRewrites(
            "if True: from django_tasks import BaseTaskBackend, task  # why\n",
            "if True: from django.tasks import task; "
            "from django.tasks.backends.base import BaseTaskBackend  # why\n",
        )

    def test_split_with_comments_inside_is_reported(self) -> None:
        self.assertUnchanged(
            """
            from django_tasks import (
                BaseTaskBackend,  # for the backend
                task,
            )
            """,
            notes=(
                Note(
                    1,
                    "import left unchanged: its names go to different modules and it has "
                    "comments; split it by hand",
                ),
            ),
        )

    def test_import_package_and_attribute_use(self) -> None:
        self.assertRewrites(
            """
            import django_tasks

            django_tasks.default_task_backend
            raise django_tasks.exceptions.InvalidTaskError("x")
            """,
            """
            import django.tasks

            django.tasks.default_task_backend
            raise django.tasks.exceptions.InvalidTask("x")
            """,
        )

    def test_attribute_use_that_changes_module_imports_it(self) -> None:
        self.assertRewrites(
            """
            import django_tasks

            class B(django_tasks.BaseTaskBackend):
                pass
            """,
            """
            import django.tasks
            import django.tasks.backends.base

            class B(django.tasks.backends.base.BaseTaskBackend):
                pass
            """,
        )

    def test_import_utils_module_and_attribute_use(self) -> None:
        self.assertRewrites(
            """
            import django_tasks.utils

            django_tasks.utils.normalize_json(1)
            django_tasks.utils.is_module_level_function(f)
            """,
            """
            import django.utils.json
            import django.utils.inspect

            django.utils.json.normalize_json(1)
            django.utils.inspect.is_module_level_function(f)
            """,
        )

    def test_import_that_is_no_longer_needed_is_removed(self) -> None:
        self.assertRewrites(
            """
            import django.utils.json
            import django_tasks.utils

            django_tasks.utils.normalize_json(1)
            """,
            """
            import django.utils.json

            django.utils.json.normalize_json(1)
            """,
        )

    def test_import_alone_in_its_block_is_kept(self) -> None:
        self.assertRewrites(
            """
            import django.utils.json
            try:
                import django_tasks.utils
            except ImportError:
                pass
            django_tasks.utils.normalize_json(1)
            """,
            """
            import django.utils.json
            try:
                import django.tasks
            except ImportError:
                pass
            django.utils.json.normalize_json(1)
            """,
            notes=(Note(2, fallback_note("django.tasks")),),
        )

    def test_import_submodule(self) -> None:
        self.assertRewrites(
            """
            import django_tasks.signals
            django_tasks.signals.task_enqueued.connect(f)
            """,
            """
            import django.tasks.signals
            django.tasks.signals.task_enqueued.connect(f)
            """,
        )

    def test_module_aliases_get_renamed_attributes(self) -> None:
        self.assertRewrites(
            """
            import django_tasks.exceptions as exc
            from django_tasks import exceptions

            exc.InvalidTaskBackendError
            exceptions.InvalidTaskError
            exceptions.TaskResultDoesNotExist
            """,
            """
            import django.tasks.exceptions as exc
            from django.tasks import exceptions

            exc.InvalidTaskBackend
            exceptions.InvalidTask
            exceptions.TaskResultDoesNotExist
            """,
        )

    def test_import_as_tasks(self) -> None:
        self.assertRewrites(
            "import django_tasks as tasks\nimport django_tasks as dt\n",
            "from django import tasks\nimport django.tasks as dt\n",
        )

    def test_unrelated_code(self) -> None:
        self.assertUnchanged(
            """
            import django_tasks_db
            from django_tasks_db import models
            from django.tasks import task
            from .django_tasks import x
            """
        )


class ToBuiltinRenameSafetyTests(RewriteCase):
    """A renamed import never changes what another name in the module means."""

    to = "django.tasks"

    def test_clash_with_a_local_name_keeps_the_old_name(self) -> None:
        self.assertRewrites(
            """
            from django_tasks.exceptions import InvalidTaskError

            class InvalidTask(Exception):
                pass

            raise InvalidTaskError
            """,
            """
            from django.tasks.exceptions import InvalidTask as InvalidTaskError

            class InvalidTask(Exception):
                pass

            raise InvalidTaskError
            """,
        )

    def test_re_exported_old_name_is_kept(self) -> None:
        # Other modules import InvalidTaskError from this one.
        self.assertRewrites(
            """
            from django_tasks.exceptions import InvalidTaskError, TaskException

            __all__ = ["InvalidTaskError", "TaskException"]
            """,
            """
            from django.tasks.exceptions import InvalidTask as InvalidTaskError, TaskException

            __all__ = ["InvalidTaskError", "TaskException"]
            """,
        )

    def test_attributes_of_other_objects_are_not_renamed(self) -> None:
        self.assertRewrites(
            """
            from django_tasks.exceptions import InvalidTaskError

            legacy.InvalidTaskError
            InvalidTaskError
            """,
            """
            from django.tasks.exceptions import InvalidTask

            legacy.InvalidTaskError
            InvalidTask
            """,
        )


class ImportCallTests(RewriteCase):
    def test_import_module_to_package(self) -> None:
        self.to = "django_tasks"
        self.assertRewrites(
            """
            importlib.import_module("django.tasks")
            importlib.import_module("django.tasks.backends.dummy")
            """,
            """
            importlib.import_module("django_tasks")
            importlib.import_module("django_tasks.backends.dummy")
            """,
        )

    def test_import_module_to_builtin(self) -> None:
        self.to = "django.tasks"
        self.assertRewrites(
            "import_module('django_tasks')\nimport_string('django_tasks.task_backends')\n",
            "import_module('django.tasks')\nimport_string('django.tasks.task_backends')\n",
        )


class ToBuiltinNoEquivalentTests(RewriteCase):
    """What Django lacks is reported with its line and left as it is."""

    to = "django.tasks"

    def test_get_random_id(self) -> None:
        self.assertUnchanged(
            "import os\nfrom django_tasks.utils import get_random_id\n",
            notes=(
                Note(
                    2,
                    "django_tasks.utils.get_random_id left unchanged: Django has no "
                    "get_random_id(); use django.utils.crypto.get_random_string(32)",
                ),
            ),
        )

    def test_get_module_path_and_get_exception_traceback(self) -> None:
        result = rewrite_source(
            "from django_tasks.utils import get_module_path, get_exception_traceback\n",
            "django.tasks",
        )
        self.assertFalse(result.changed)
        self.assertEqual([note.line for note in result.notes], [1, 1])
        self.assertIn("Django has no get_exception_traceback()", result.notes[0].message)
        self.assertIn("Django has no get_module_path()", result.notes[1].message)

    def test_mixed_utils_import_moves_what_it_can(self) -> None:
        self.assertRewrites(
            "from django_tasks.utils import normalize_json, get_random_id\n",
            "from django_tasks.utils import get_random_id\n"
            "from django.utils.json import normalize_json\n",
            notes=(
                Note(
                    1,
                    "django_tasks.utils.get_random_id left unchanged: Django has no "
                    "get_random_id(); use django.utils.crypto.get_random_string(32)",
                ),
            ),
        )

    def test_attribute_use_keeps_the_import(self) -> None:
        # django_tasks.__version__ still needs the name django_tasks.
        self.assertRewrites(
            """
            import django_tasks
            print(django_tasks.__version__, django_tasks.task)
            """,
            """
            import django_tasks
            import django.tasks
            print(django_tasks.__version__, django.tasks.task)
            """,
            notes=(
                Note(
                    2,
                    "django_tasks.__version__ left unchanged: django.tasks has no "
                    "__version__; use django.VERSION",
                ),
            ),
        )

    def test_private_modules(self) -> None:
        self.assertUnchanged(
            "from django_tasks._backport.base import Task\n",
            notes=(
                Note(
                    1,
                    "django_tasks._backport.base.Task left unchanged: private to "
                    "django-tasks, with no django.tasks equivalent",
                ),
            ),
        )

    def test_utils_through_a_module_alias(self) -> None:
        result = rewrite_source("from django_tasks import utils\n", "django.tasks")
        self.assertFalse(result.changed)
        self.assertEqual(
            result.notes,
            (Note(1, "django_tasks.utils left unchanged: django.tasks has no utils module"),),
        )

    def test_old_database_backend(self) -> None:
        message = (
            "django.tasks has no backends.database (the older backport's database and RQ "
            "backends are separate packages now: django-tasks-db, django-tasks-rq)"
        )
        self.assertUnchanged(
            """
            from django_tasks.backends.database.models import DBTaskResult
            TASKS = {"default": {"BACKEND": "django_tasks.backends.database.DatabaseBackend"}}
            """,
            notes=(
                Note(
                    1,
                    "django_tasks.backends.database.models.DBTaskResult left unchanged: "
                    + message,
                ),
                Note(
                    2,
                    "'django_tasks.backends.database.DatabaseBackend' left unchanged: " + message,
                ),
            ),
        )

    def test_name_django_tasks_lacks(self) -> None:
        self.assertUnchanged(
            "from django_tasks import something_else\n",
            notes=(
                Note(
                    1,
                    "django_tasks.something_else left unchanged: django.tasks has no "
                    "something_else",
                ),
            ),
        )

    def test_installed_apps_entry(self) -> None:
        self.assertUnchanged(
            'INSTALLED_APPS = [\n    "django.contrib.auth",\n    "django_tasks",\n]\n',
            notes=(
                Note(
                    3,
                    "'django_tasks' left unchanged: django.tasks is not an app; remove it "
                    "from INSTALLED_APPS when the package is uninstalled",
                ),
            ),
        )

    def test_app_config_path(self) -> None:
        result = rewrite_source(
            'INSTALLED_APPS = ["django_tasks.apps.TasksAppConfig"]\n', "django.tasks"
        )
        self.assertFalse(result.changed)
        self.assertEqual(len(result.notes), 1)
        self.assertIn("django.tasks is not an app", result.notes[0].message)


class ToBuiltinStringTests(RewriteCase):
    to = "django.tasks"

    def test_tasks_setting(self) -> None:
        self.assertRewrites(
            'TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}\n',
            'TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}\n',
        )

    def test_mock_patch_targets(self) -> None:
        self.assertRewrites(
            """
            @mock.patch("django_tasks.exceptions.InvalidTaskError")
            @mock.patch("django_tasks.utils.normalize_json")
            @mock.patch("django_tasks.signals.task_finished.send")
            def test(self, *mocks): ...
            """,
            """
            @mock.patch("django.tasks.exceptions.InvalidTask")
            @mock.patch("django.utils.json.normalize_json")
            @mock.patch("django.tasks.signals.task_finished.send")
            def test(self, *mocks): ...
            """,
        )

    def test_mock_patch_without_equivalent_is_reported(self) -> None:
        self.assertUnchanged(
            '@mock.patch("django_tasks.utils.get_random_id", return_value="x")\ndef t(m): ...\n',
            notes=(
                Note(
                    1,
                    "'django_tasks.utils.get_random_id' left unchanged: Django has no "
                    "get_random_id(); use django.utils.crypto.get_random_string(32)",
                ),
            ),
        )

    def test_logger_names_are_left_alone_and_reported(self) -> None:
        self.assertUnchanged(
            """
            logging.getLogger("django_tasks")
            logging.getLogger("django_tasks.backends.database")
            LOGGING = {"loggers": {"django_tasks": {"level": "DEBUG"}}}
            with self.assertLogs("django_tasks", "DEBUG"):
                pass
            """,
            notes=(
                Note(1, logger_note("django_tasks")),
                Note(2, logger_note("django_tasks.backends.database")),
                Note(3, logger_note("django_tasks")),
                Note(4, logger_note("django_tasks")),
            ),
        )

    def test_raw_and_single_quoted_strings(self) -> None:
        self.assertRewrites(
            "x = r'django_tasks.backends.dummy.DummyBackend'\n",
            "x = r'django.tasks.backends.dummy.DummyBackend'\n",
        )


class RoundTripTests(SimpleTestCase):
    """To django_tasks and back to django.tasks changes nothing in code using Django's names."""

    sources = [
        "from django.tasks import task, Task as T\n",
        "from django.tasks import (\n    TaskResultStatus,  # statuses\n    task,\n)\n",
        "from django.tasks.backends.dummy import DummyBackend\n",
        "from django.tasks.exceptions import InvalidTask, InvalidTaskBackend\n",
        "import django.tasks.signals\ndjango.tasks.signals.task_enqueued.connect(f)\n",
        "import django.tasks\nx = django.tasks.default_task_backend\n",
        "import django.tasks as dt\ndt.task\n",
        "from django import tasks\ntasks.task\n",
        'TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}\n',
        '@mock.patch("django.tasks.backends.immediate.ImmediateBackend.enqueue")\ndef t(m): ...\n',
        'LOGGING = {"loggers": {"django.tasks": {"level": "INFO"}}}\n',
        "from django.utils.json import normalize_json\n",
        "from django.utils.inspect import is_module_level_function as is_mlf\n",
        "import django.utils.json\nx = django.utils.json.normalize_json(1)\n",
        "import django\nfrom django.db import models\n",
        textwrap.dedent(
            """
            from django.tasks import TaskContext, task
            from django.tasks.exceptions import TaskResultDoesNotExist


            @task(takes_context=True, priority=10)
            def send(context: TaskContext, to: str) -> None:
                try:
                    send.get_result(context.task_result.id)
                except TaskResultDoesNotExist:
                    pass
            """
        ),
    ]

    def test_there_and_back(self) -> None:
        for source in self.sources:
            with self.subTest(source=source):
                there = rewrite_source(source, "django_tasks").source
                back = rewrite_source(there, "django.tasks")
                self.assertEqual(back.source, source)
                self.assertEqual(back.notes, ())

    def test_back_and_there(self) -> None:
        # The same code written for django_tasks survives the opposite trip.
        for source in self.sources:
            with self.subTest(source=source):
                on_package = rewrite_source(source, "django_tasks").source
                there = rewrite_source(on_package, "django.tasks").source
                self.assertEqual(rewrite_source(there, "django_tasks").source, on_package)


class RewriteSourceErrorTests(SimpleTestCase):
    def test_unknown_target(self) -> None:
        with self.assertRaisesMessage(
            ValueError, "Unknown target 'django-tasks': expected 'django_tasks' or 'django.tasks'."
        ):
            rewrite_source("", "django-tasks")  # type: ignore[arg-type]

    def test_invalid_python(self) -> None:
        with self.assertRaises(SyntaxError):
            rewrite_source("from django.tasks import (\n", "django_tasks")
