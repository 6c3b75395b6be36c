"""``rewrite-imports``, one import form per case, in both directions.

Every case goes through ``check_transformed`` / ``check_noop``: the output is
the expected text, it compiles, a second run changes nothing, and the notes
are exactly the expected ones (``(line, fragment of the message)``).
"""

import textwrap
from collections.abc import Sequence

from django.test import SimpleTestCase

from django_tasks._cli.rewrite import rewrite_source

Reports = Sequence[tuple[int, str]]


def _dedent(source: str) -> str:
    return textwrap.dedent(source).lstrip("\n")


class RewriteChecks(SimpleTestCase):
    """The checks every rewrite case makes; ``to`` is the target of the class."""

    to = ""

    def check_transformed(self, before: str, after: str, reports: Reports = ()) -> None:
        before, after = _dedent(before), _dedent(after)
        result = rewrite_source(before, self.to)  # type: ignore[arg-type]
        self.assertEqual(result.source, after)
        compile(result.source, "<rewritten>", "exec", dont_inherit=True)
        self.assertEqual(
            [note.line for note in result.notes],
            sorted(line for line, _ in reports),
            result.notes,
        )
        for line, fragment in reports:
            messages = [note.message for note in result.notes if note.line == line]
            self.assertTrue(
                any(fragment in message for message in messages),
                f"no note with {fragment!r} at line {line}: {messages}",
            )
        again = rewrite_source(result.source, self.to)  # type: ignore[arg-type]
        self.assertEqual(again.source, result.source, "a second run changed the output")

    def check_noop(self, source: str, reports: Reports = ()) -> None:
        self.check_transformed(source, source, reports)


class ToPackageImportFormTests(RewriteChecks):
    """Code written for Django 6's django.tasks, moved to django_tasks."""

    to = "django_tasks"

    def test_from_import_after_an_indented_block(self) -> None:
        # The import right after a block starts with DEDENT tokens: it once
        # lost its `from`.
        for block in (
            "if TYPE_CHECKING:\n    import x\n",
            "if TYPE_CHECKING:\n    import x\n    # a comment\n",
            "try:\n    import x\nexcept ImportError:\n    x = None\n",
            "def f():\n    return 1\n",
            "class C:\n    a = 1\n\n\n",
        ):
            with self.subTest(block=block):
                self.check_transformed(
                    f"{block}from django.tasks.base import Task\n",
                    f"{block}from django_tasks.base import Task\n",
                )

    def test_nested_blocks_then_import(self) -> None:
        self.check_transformed(
            """
            def f():
                if x:
                    if y:
                        pass
                from django.tasks import task
            """,
            """
            def f():
                if x:
                    if y:
                        pass
                from django_tasks import task
            """,
        )

    def test_from_import_forms(self) -> None:
        cases = {
            "from django.tasks import task\n": "from django_tasks import task\n",
            "from django.tasks import task as t\n": "from django_tasks import task as t\n",
            "from django.tasks import (task)\n": "from django_tasks import (task)\n",
            "from django.tasks import *\n": "from django_tasks import *\n",
            "from django.tasks.backends.immediate import ImmediateBackend\n": (
                "from django_tasks.backends.immediate import ImmediateBackend\n"
            ),
            "from django.tasks import backends\n": "from django_tasks import backends\n",
            "from  django.tasks  import  task\n": "from  django_tasks  import  task\n",
        }
        for before, after in cases.items():
            with self.subTest(before=before):
                self.check_transformed(before, after)

    def test_import_forms(self) -> None:
        cases = {
            "import django.tasks\ndjango.tasks.task\n": "import django_tasks\ndjango_tasks.task\n",
            "import django.tasks as t\nt.task\n": "import django_tasks as t\nt.task\n",
            "import django.tasks.base as b\nb.Task\n": "import django_tasks.base as b\nb.Task\n",
            "from django import tasks\ntasks.task\n": "import django_tasks as tasks\ntasks.task\n",
            "from django import tasks as t\nt.task\n": "import django_tasks as t\nt.task\n",
        }
        for before, after in cases.items():
            with self.subTest(before=before):
                self.check_transformed(before, after)

    def test_import_inside_function_and_if(self) -> None:
        self.check_transformed(
            """
            def f():
                if True: from django.tasks import task
                return task
            """,
            """
            def f():
                if True: from django_tasks import task
                return task
            """,
        )

    def test_unrelated_django_imports(self) -> None:
        self.check_noop(
            """
            from django.utils import timezone
            from django.utils.inspect import func_accepts_kwargs
            import django.utils.inspect
            from django_tasks_sqs import SQSBackend
            import django_tasks_rq
            """
        )


class ToPackageDjangoUtilsTests(RewriteChecks):
    """Django 6's helpers in django.utils, which older Djangos lack."""

    to = "django_tasks"

    def test_from_django_utils_import_json(self) -> None:
        self.check_transformed(
            """
            from django.utils import json
            json.normalize_json({})
            """,
            """
            from django_tasks import utils as json
            json.normalize_json({})
            """,
        )

    def test_from_django_utils_import_json_among_others(self) -> None:
        self.check_transformed(
            """
            from django.utils import json, timezone
            json.normalize_json(timezone.now())
            """,
            """
            from django.utils import timezone
            from django_tasks import utils as json
            json.normalize_json(timezone.now())
            """,
        )

    def test_from_django_utils_import_inspect_for_the_helper_only(self) -> None:
        self.check_transformed(
            """
            from django.utils import inspect as i
            i.is_module_level_function(f)
            """,
            """
            from django_tasks import utils as i
            i.is_module_level_function(f)
            """,
        )

    def test_inspect_used_for_more_is_reported(self) -> None:
        self.check_noop(
            """
            from django.utils import inspect
            inspect.func_accepts_kwargs(f)
            inspect.is_module_level_function(f)
            """,
            reports=[(3, "use django_tasks.utils.is_module_level_function")],
        )

    def test_json_used_for_more_is_reported(self) -> None:
        self.check_noop(
            """
            from django.utils import json
            json.something_else()
            """,
            reports=[(1, "exists from Django 6.0 only")],
        )

    def test_import_django_utils_json_is_replaced(self) -> None:
        self.check_transformed(
            """
            import django.utils.json
            django.utils.json.normalize_json({})
            """,
            """
            import django_tasks.utils
            django_tasks.utils.normalize_json({})
            """,
        )

    def test_import_django_utils_json_keeps_django_bound(self) -> None:
        self.check_transformed(
            """
            import django.utils.json
            django.utils.json.normalize_json(django.VERSION)
            """,
            """
            import django
            import django_tasks.utils
            django_tasks.utils.normalize_json(django.VERSION)
            """,
        )

    def test_import_django_utils_json_as(self) -> None:
        self.check_transformed(
            """
            import django.utils.json as j
            j.normalize_json({})
            """,
            """
            import django_tasks.utils as j
            j.normalize_json({})
            """,
        )

    def test_helper_imported_by_name(self) -> None:
        self.check_transformed(
            """
            from django.utils.json import normalize_json
            from django.utils.inspect import is_module_level_function
            """,
            """
            from django_tasks.utils import normalize_json
            from django_tasks.utils import is_module_level_function
            """,
        )


class ToBuiltinImportFormTests(RewriteChecks):
    """Code written for the django_tasks package, moved to Django 6's django.tasks."""

    to = "django.tasks"

    def test_from_import_after_an_indented_block(self) -> None:
        for block in (
            "if TYPE_CHECKING:\n    import x\n",
            "if TYPE_CHECKING:\n    import x\n    # a comment\n",
            "def f():\n    return 1\n",
            "class C:\n    a = 1\n",
        ):
            with self.subTest(block=block):
                self.check_transformed(
                    f"{block}from django_tasks.base import Task\n",
                    f"{block}from django.tasks.base import Task\n",
                )

    def test_from_import_forms(self) -> None:
        cases = {
            "from django_tasks import task\n": "from django.tasks import task\n",
            "from django_tasks import task as t\n": "from django.tasks import task as t\n",
            "from django_tasks import *\n": "from django.tasks import *\n",
            "from django_tasks.signals import task_enqueued\n": (
                "from django.tasks.signals import task_enqueued\n"
            ),
            "from django_tasks.backends.dummy import DummyBackend\n": (
                "from django.tasks.backends.dummy import DummyBackend\n"
            ),
        }
        for before, after in cases.items():
            with self.subTest(before=before):
                self.check_transformed(before, after)

    def test_import_forms(self) -> None:
        cases = {
            "import django_tasks\ndjango_tasks.task\n": "import django.tasks\ndjango.tasks.task\n",
            "import django_tasks as t\nt.task\n": "import django.tasks as t\nt.task\n",
            "import django_tasks as tasks\ntasks.task\n": "from django import tasks\ntasks.task\n",
            "import django_tasks.base as b\nb.Task\n": "import django.tasks.base as b\nb.Task\n",
        }
        for before, after in cases.items():
            with self.subTest(before=before):
                self.check_transformed(before, after)


class ToBuiltinOldBackportTests(RewriteChecks):
    """Names and modules of the older django-tasks backport (<= 0.12)."""

    to = "django.tasks"

    def test_old_task_module(self) -> None:
        self.check_transformed(
            "from django_tasks.task import Task, TaskResult\n",
            "from django.tasks.base import Task, TaskResult\n",
        )

    def test_import_old_task_module(self) -> None:
        self.check_transformed(
            """
            import django_tasks.task as t
            t.Task
            """,
            """
            import django.tasks.base as t
            t.Task
            """,
        )

    def test_result_does_not_exist_is_renamed(self) -> None:
        self.check_transformed(
            """
            from django_tasks.exceptions import ResultDoesNotExist
            raise ResultDoesNotExist
            """,
            """
            from django.tasks.exceptions import TaskResultDoesNotExist
            raise TaskResultDoesNotExist
            """,
        )

    def test_result_status_is_reported(self) -> None:
        self.check_noop(
            "from django_tasks import ResultStatus\n",
            reports=[(1, "TaskResultStatus replaced ResultStatus")],
        )

    def test_result_status_in_old_task_module_is_reported(self) -> None:
        self.check_noop(
            "from django_tasks.task import ResultStatus\n",
            reports=[(1, "TaskResultStatus replaced ResultStatus")],
        )

    def test_name_django_lacks_in_a_module(self) -> None:
        self.check_noop(
            "from django_tasks.exceptions import NoSuchThing\n",
            reports=[(1, "django.tasks.exceptions has no NoSuchThing")],
        )

    def test_old_backends(self) -> None:
        self.check_noop(
            "from django_tasks.backends.database import DatabaseBackend\n",
            reports=[(1, "django.tasks has no backends.database")],
        )

    def test_helpers_django_lacks(self) -> None:
        self.check_noop(
            "from django_tasks.utils import get_module_path, get_random_id\n",
            reports=[(1, "no get_module_path()"), (1, "no get_random_id()")],
        )


class MoreImportFormTests(RewriteChecks):
    """Forms met in real code bases, both directions."""

    def test_relative_imports_are_not_the_task_api(self) -> None:
        for to in ("django.tasks", "django_tasks"):
            with self.subTest(to=to):
                self.to = to
                self.check_noop("from . import tasks\nfrom .tasks import task\n")

    def test_several_modules_in_one_import_statement(self) -> None:
        self.to = "django.tasks"
        self.check_transformed(
            "import os, django_tasks\ndjango_tasks.task\nos.sep\n",
            "import os, django.tasks\ndjango.tasks.task\nos.sep\n",
        )
        self.to = "django_tasks"
        self.check_transformed(
            "import os, django.tasks\ndjango.tasks.task\nos.sep\n",
            "import os, django_tasks\ndjango_tasks.task\nos.sep\n",
        )

    def test_type_checking_block_and_string_annotation(self) -> None:
        self.to = "django.tasks"
        self.check_transformed(
            """
            from typing import TYPE_CHECKING
            if TYPE_CHECKING:
                from django_tasks import Task
            x: "django_tasks.Task"
            """,
            """
            from typing import TYPE_CHECKING
            if TYPE_CHECKING:
                from django.tasks import Task
            x: "django.tasks.Task"
            """,
        )

    def test_renamed_name_imported_under_an_alias(self) -> None:
        self.to = "django.tasks"
        self.check_transformed(
            "from django_tasks import InvalidTaskBackendError as E\nraise E\n",
            "from django.tasks import InvalidTaskBackend as E\nraise E\n",
        )

    def test_re_exported_old_name_stays_bound(self) -> None:
        self.to = "django.tasks"
        self.check_transformed(
            "__all__ = ['InvalidTaskError']\n"
            "from django_tasks.exceptions import InvalidTaskError\n",
            "__all__ = ['InvalidTaskError']\n"
            "from django.tasks.exceptions import InvalidTask as InvalidTaskError\n",
        )

    def test_import_in_async_function_and_after_match_and_with(self) -> None:
        self.to = "django_tasks"
        self.check_transformed(
            """
            async def f():
                from django.tasks import task
                return task
            match x:
                case 1:
                    pass
            from django.tasks import Task
            with open(f) as g:
                pass
            import django.tasks
            django.tasks.task
            """,
            """
            async def f():
                from django_tasks import task
                return task
            match x:
                case 1:
                    pass
            from django_tasks import Task
            with open(f) as g:
                pass
            import django_tasks
            django_tasks.task
            """,
        )

    def test_import_module_call(self) -> None:
        self.to = "django_tasks"
        self.check_transformed(
            'importlib.import_module("django.tasks.backends.dummy")\n',
            'importlib.import_module("django_tasks.backends.dummy")\n',
        )
