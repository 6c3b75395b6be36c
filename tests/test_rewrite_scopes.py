"""A renamed import is renamed where it is used, and nowhere else (Python's scoping)."""

from test_rewrite_imports import RewriteChecks


class ToBuiltinScopeTests(RewriteChecks):
    to = "django.tasks"

    def test_parameter_of_the_same_name_is_not_renamed(self) -> None:
        self.check_transformed(
            """
            from django_tasks.exceptions import InvalidTaskError

            def f(InvalidTaskError):
                return InvalidTaskError

            def g():
                raise InvalidTaskError
            """,
            """
            from django.tasks.exceptions import InvalidTask

            def f(InvalidTaskError):
                return InvalidTaskError

            def g():
                raise InvalidTask
            """,
        )

    def test_class_attribute_of_the_same_name_is_not_renamed(self) -> None:
        self.check_transformed(
            """
            from django_tasks.exceptions import InvalidTaskError

            class C:
                InvalidTaskError = InvalidTaskError
                seen = InvalidTaskError

                def m(self):
                    raise InvalidTaskError
            """,
            """
            from django.tasks.exceptions import InvalidTask

            class C:
                InvalidTaskError = InvalidTask
                seen = InvalidTaskError

                def m(self):
                    raise InvalidTask
            """,
        )

    def test_local_variable_comprehension_and_lambda(self) -> None:
        self.check_transformed(
            """
            from django_tasks.exceptions import InvalidTaskError

            def f():
                InvalidTaskError = 1
                return InvalidTaskError

            a = [InvalidTaskError for InvalidTaskError in range(3)]
            b = lambda InvalidTaskError: InvalidTaskError
            c = lambda: InvalidTaskError
            """,
            """
            from django.tasks.exceptions import InvalidTask

            def f():
                InvalidTaskError = 1
                return InvalidTaskError

            a = [InvalidTaskError for InvalidTaskError in range(3)]
            b = lambda InvalidTaskError: InvalidTaskError
            c = lambda: InvalidTask
            """,
        )

    def test_global_assignment_elsewhere_keeps_the_old_name(self) -> None:
        # `global x; x = ...` rebinds the import from a function: renaming
        # the import would leave that function's uses behind.
        self.check_transformed(
            """
            from django_tasks.exceptions import InvalidTaskError

            def f():
                global InvalidTaskError
                InvalidTaskError = ValueError
            """,
            """
            from django.tasks.exceptions import InvalidTask as InvalidTaskError

            def f():
                global InvalidTaskError
                InvalidTaskError = ValueError
            """,
        )

    def test_rebound_at_module_level_keeps_the_old_name(self) -> None:
        self.check_transformed(
            """
            try:
                from django_tasks.exceptions import InvalidTaskError
            except ImportError:
                InvalidTaskError = ValueError
            raise InvalidTaskError
            """,
            """
            try:
                from django.tasks.exceptions import InvalidTask as InvalidTaskError
            except ImportError:
                InvalidTaskError = ValueError
            raise InvalidTaskError
            """,
            reports=[(1, "try/except ImportError")],
        )

    def test_import_inside_a_function_renames_there_only(self) -> None:
        self.check_transformed(
            """
            def f():
                from django_tasks.exceptions import InvalidTaskError
                raise InvalidTaskError

            def g(x):
                return InvalidTaskError
            """,
            """
            def f():
                from django.tasks.exceptions import InvalidTask
                raise InvalidTask

            def g(x):
                return InvalidTaskError
            """,
        )

    def test_decorator_default_and_annotation_are_in_the_enclosing_scope(self) -> None:
        self.check_transformed(
            """
            from django_tasks.exceptions import InvalidTaskError

            def f(InvalidTaskError: InvalidTaskError = InvalidTaskError) -> InvalidTaskError:
                return InvalidTaskError
            """,
            """
            from django.tasks.exceptions import InvalidTask

            def f(InvalidTaskError: InvalidTask = InvalidTask) -> InvalidTask:
                return InvalidTaskError
            """,
        )

    def test_attributes_and_keywords_are_not_names(self) -> None:
        self.check_transformed(
            """
            from django_tasks.exceptions import InvalidTaskError
            x.InvalidTaskError
            f(InvalidTaskError=InvalidTaskError)
            """,
            """
            from django.tasks.exceptions import InvalidTask
            x.InvalidTaskError
            f(InvalidTaskError=InvalidTask)
            """,
        )

    def test_module_alias_shadowed_by_a_parameter(self) -> None:
        self.check_transformed(
            """
            import django_tasks

            def f(django_tasks):
                return django_tasks.InvalidTaskBackendError

            django_tasks.InvalidTaskBackendError
            """,
            """
            import django.tasks

            def f(django_tasks):
                return django_tasks.InvalidTaskBackendError

            django.tasks.InvalidTaskBackend
            """,
        )
