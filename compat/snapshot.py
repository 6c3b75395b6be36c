"""Snapshot the public surface of ``django.tasks`` (or of ``django_tasks``) as JSON.

What the snapshot records, per public module: ``__all__`` (as a sorted set),
and for every public name its kind and shape -- classes (bases, MRO,
metaclass, dataclass flags and fields, ``__slots__``, enum members, and every
member the package itself defines: methods with their signatures, properties,
class attributes such as ``supports_*`` and ``task_class``), functions
(signature, async or not), and data (type and value). Parameters are recorded
by name, kind and default; annotations are not (Django's code has none).

A public name is one bound at the top level of the module's source (by
``def``, ``class``, assignment or an import from inside the package) that does
not start with ``_``, plus the names in ``__all__``; imports of other
libraries (``dataclass``, ``import_string``, ...) are not part of it.

Introspecting ``django_tasks`` maps its module names onto Django's
(``django_tasks.base`` -> ``django.tasks.base``, and the private
``django_tasks._backport.*`` modules the same way), so the two snapshots can be
compared with :func:`diff`.

Regenerate the committed snapshots (from the repository root)::

    /path/to/django-6.1-venv/bin/python compat/snapshot.py django.tasks \\
        --output compat/snapshots/django-6.1.json
    /path/to/django-6.0-venv/bin/python compat/snapshot.py django.tasks \\
        --output compat/snapshots/django-6.0.json

Compare the installed package with a snapshot::

    python compat/snapshot.py django_tasks --compare compat/snapshots/django-6.1.json
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import enum
import importlib
import inspect
import json
import logging
import pkgutil
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

SNAPSHOT_DIR = Path(__file__).resolve().parent / "snapshots"

# The package whose surface is the reference, and the one mapped onto it.
DJANGO_PACKAGE = "django.tasks"
BACKPORT_PACKAGE = "django_tasks"
_BACKPORT_PRIVATE = "django_tasks._backport"

# Dunder members worth recording: the constructor and the hooks Django's
# classes define themselves. Everything else dunder is Python's or dataclasses'.
_RECORDED_DUNDERS = frozenset({"__init__", "__post_init__", "__reduce__", "__getitem__"})

JSON = Any


def map_name(name: str) -> str:
    """Map a ``django_tasks`` module or qualified name onto ``django.tasks``'s."""
    for prefix in (_BACKPORT_PRIVATE, BACKPORT_PACKAGE):
        if name == prefix or name.startswith(prefix + "."):
            return DJANGO_PACKAGE + name[len(prefix) :]
    return name


def _qualified(obj: Any) -> str:
    module = getattr(obj, "__module__", None) or "?"
    qualname = getattr(obj, "__qualname__", None) or type(obj).__qualname__
    return map_name(f"{module}.{qualname}")


def _describe_value(value: Any) -> JSON:
    """A JSON description of a default or a class attribute's value."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, enum.Enum):
        return {"enum_member": _qualified(type(value)) + "." + value.name}
    if isinstance(value, (int, float)) and type(value) in (int, float):
        return value
    if isinstance(value, (set, frozenset)):
        return {"type": type(value).__name__, "items": sorted(map(repr, value))}
    if isinstance(value, (list, tuple)):
        return {"type": type(value).__name__, "items": [_describe_value(v) for v in value]}
    if isinstance(value, dict):
        return {"type": "dict", "items": {str(k): _describe_value(v) for k, v in value.items()}}
    if isinstance(value, type):
        return {"class": _qualified(value)}
    if inspect.isfunction(value) or inspect.isbuiltin(value):
        return {"function": _qualified(value)}
    return {"instance_of": _qualified(type(value))}


def _describe_signature(func: Any) -> JSON:
    try:
        signature = inspect.signature(func)
    except (TypeError, ValueError):
        return None
    parameters = []
    for parameter in signature.parameters.values():
        entry: dict[str, JSON] = {"name": parameter.name, "kind": parameter.kind.name}
        if parameter.default is not inspect.Parameter.empty:
            entry["default"] = _describe_value(parameter.default)
        parameters.append(entry)
    return parameters


def _describe_function(func: Any) -> JSON:
    return {
        "kind": "function",
        "async": inspect.iscoroutinefunction(func),
        "signature": _describe_signature(func),
    }


def _describe_member(cls: type, name: str, raw: Any) -> JSON:
    if isinstance(raw, property):
        return {"kind": "property", "settable": raw.fset is not None}
    if isinstance(raw, classmethod):
        return {**_describe_function(raw.__func__), "kind": "classmethod"}
    if isinstance(raw, staticmethod):
        return {**_describe_function(raw.__func__), "kind": "staticmethod"}
    if inspect.isfunction(raw):
        description = {**_describe_function(raw), "kind": "method"}
        if name in getattr(cls, "__abstractmethods__", ()):
            description["abstract"] = True
        return description
    if isinstance(raw, types.MemberDescriptorType):
        # A slot; dataclass fields are described with the dataclass.
        return {"kind": "slot"}
    return {"kind": "attribute", "value": _describe_value(raw)}


def _in_package(obj: Any) -> bool:
    module = map_name(getattr(obj, "__module__", None) or "")
    return module == DJANGO_PACKAGE or module.startswith(DJANGO_PACKAGE + ".")


def _class_members(cls: type) -> dict[str, JSON]:
    """Members the package defines on ``cls`` or its package-defined bases.

    Members inherited from classes outside the package (``TextChoices``,
    ``BaseConnectionHandler``, ``Exception``) are covered by the recorded MRO.
    """
    members: dict[str, JSON] = {}
    for klass in reversed(cls.__mro__):
        if not _in_package(klass):
            continue
        for name, raw in vars(klass).items():
            if name.startswith("__") and name not in _RECORDED_DUNDERS:
                continue
            if isinstance(raw, enum.Enum) or name in getattr(cls, "__dataclass_fields__", {}):
                continue
            if name == "_abc_impl" or (name[:1] == "_" != name[1:2] and name[-1:] == "_"):
                continue  # ABC's cache and enum's ``_sunder_`` names (they vary by Python).
            members[name] = {**_describe_member(cls, name, raw), "defined_in": _qualified(klass)}
    return dict(sorted(members.items()))


def _describe_dataclass(cls: type) -> JSON:
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    fields = []
    for field in dataclasses.fields(cls):
        entry: dict[str, JSON] = {
            "name": field.name,
            "init": field.init,
            "kw_only": field.kw_only,
            "repr": field.repr,
            "compare": field.compare,
        }
        if field.default is not dataclasses.MISSING:
            entry["default"] = _describe_value(field.default)
        if field.default_factory is not dataclasses.MISSING:
            entry["default_factory"] = _describe_value(field.default_factory)
        fields.append(entry)
    return {
        "eq": params.eq,
        "fields": fields,
        "frozen": params.frozen,
        "kw_only": all(f["kw_only"] for f in fields),
        "order": params.order,
        "slots": "__slots__" in vars(cls),
        "unsafe_hash": params.unsafe_hash,
    }


def _describe_class(cls: type) -> JSON:
    # The MRO up to the first class from outside the package: what follows
    # is that class's business (and varies with Django's and Python's versions).
    mro = []
    for klass in cls.__mro__[1:]:
        if klass is not object:
            mro.append(_qualified(klass))
        if not _in_package(klass):
            break
    description: dict[str, JSON] = {
        "kind": "exception" if issubclass(cls, BaseException) else "class",
        "bases": [_qualified(base) for base in cls.__bases__],
        "mro": mro,
        "abstract": inspect.isabstract(cls),
        "members": _class_members(cls),
    }
    if type(cls) not in {type(base) for base in cls.__bases__}:
        # Only a metaclass the class asks for; an inherited one is the base's.
        description["metaclass"] = _qualified(type(cls))
    if dataclasses.is_dataclass(cls):
        description["dataclass"] = _describe_dataclass(cls)
    if "__slots__" in vars(cls):
        description["slots"] = sorted(vars(cls)["__slots__"])
    if issubclass(cls, enum.Enum):
        description["enum_members"] = {
            member.name: {"value": member.value, "label": str(getattr(member, "label", ""))}
            for member in cls
        }
    return description


def _describe_instance(value: Any) -> JSON:
    description: dict[str, JSON] = {"kind": "data", "type": _qualified(type(value))}
    if isinstance(value, logging.Logger):
        description["logger_name"] = value.name
    elif type(value).__name__ == "ConnectionProxy":
        description["alias"] = value.__dict__.get("_alias")
    elif isinstance(value, (type(None), bool, int, float, str, set, frozenset, list, tuple)):
        description["value"] = _describe_value(value)
    return description


def describe(module_name: str, name: str, value: Any) -> JSON:
    """Describe ``value``, bound to ``name`` in the module ``module_name``."""
    if isinstance(value, (type, types.FunctionType)):
        home = _qualified(value)
        if home != f"{map_name(module_name)}.{name}":
            # A re-export: described once, where it is defined.
            return {"kind": "reference", "to": home}
        if isinstance(value, type):
            return _describe_class(value)
        return _describe_function(value)
    return _describe_instance(value)


def _source_bindings(module: types.ModuleType) -> tuple[set[str], set[str]]:
    """Names the module's source binds at top level: ``(defined, imported)``.

    ``defined``: by ``def``, ``class`` or assignment. ``imported``: by an
    import from inside the package (``from .base import Task``). Imports of
    other libraries (``from dataclasses import dataclass``) are neither.
    """
    # Read the file: inspect.getsource() fails on an empty ``__init__.py``.
    source = Path(module.__file__ or "").read_text(encoding="utf-8")
    defined: set[str] = set()
    imported: set[str] = set()

    def visit(statements: list[ast.stmt]) -> None:
        for node in statements:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                defined.add(node.name)
            elif isinstance(node, ast.Assign):
                for target in node.targets:
                    defined.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                defined.add(node.target.id)
            elif isinstance(node, ast.ImportFrom):
                source_module = node.module or ""
                if node.level or source_module.startswith((DJANGO_PACKAGE, BACKPORT_PACKAGE)):
                    imported.update(alias.asname or alias.name for alias in node.names)
            elif isinstance(node, ast.If):
                visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.Try):
                for block in (node.body, node.orelse, node.finalbody):
                    visit(block)
                for handler in node.handlers:
                    visit(handler.body)

    visit(ast.parse(source).body)
    return defined, imported - defined


def public_modules(package: str) -> Iterator[types.ModuleType]:
    root = importlib.import_module(package)
    yield root
    for info in pkgutil.walk_packages(root.__path__, prefix=package + "."):
        if any(part.startswith("_") for part in info.name.split(".")):
            continue
        yield importlib.import_module(info.name)


def snapshot_module(module: types.ModuleType) -> JSON:
    """``names``: what the module defines or lists in ``__all__``.

    ``imports``: other names it imports from inside the package for its own
    use (``django.tasks.backends.base.Task``); reachable, but not its API.
    """
    declared = list(getattr(module, "__all__", []))
    defined, imported = _source_bindings(module)
    names = {n for n in defined if not n.startswith("_")} | set(declared)
    sections: dict[str, dict[str, JSON]] = {"names": {}, "imports": {}}
    for name in sorted(names | imported):
        if name.startswith("_"):
            continue
        value = getattr(module, name)
        if isinstance(value, types.ModuleType):
            continue  # Submodules are snapshotted on their own.
        section = "names" if name in names else "imports"
        sections[section][name] = describe(module.__name__, name, value)
    return {
        "__all__": sorted(declared) if hasattr(module, "__all__") else None,
        **sections,
    }


def snapshot(package: str = DJANGO_PACKAGE) -> JSON:
    """The public surface of ``package``, keyed by (mapped) module name."""
    _ensure_django()
    import django

    modules = {
        map_name(module.__name__): snapshot_module(module) for module in public_modules(package)
    }
    return {
        "package": package,
        "django": django.get_version(),
        "modules": dict(sorted(modules.items())),
    }


def _ensure_django() -> None:
    from django.conf import settings

    if not settings.configured:
        settings.configure()
        import django

        django.setup()


def dumps(data: JSON) -> str:
    return json.dumps(data, indent=2, sort_keys=True) + "\n"


def load(path: Path | str) -> JSON:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def snapshot_path(version: tuple[int, ...] | str) -> Path:
    if not isinstance(version, str):
        version = f"{version[0]}.{version[1]}"
    return SNAPSHOT_DIR / f"django-{version}.json"


_MISSING = "<missing>"
_NOT_A_CLASS = frozenset({"reference", "function", "data"})


def diff(expected: JSON, actual: JSON) -> dict[str, dict[str, JSON]]:
    """Differences between two snapshots, ``{path: {"django": ..., "backport": ...}}``.

    ``expected`` is Django's, ``actual`` the package's. A path names a module
    (``django.tasks.base``), its ``__all__`` (``django.tasks.base/__all__``), a
    name (``django.tasks.base/task``), a class's property
    (``django.tasks.base/Task/bases``) or a class member
    (``django.tasks.base/Task/members/using``). A side that lacks the thing
    shows ``"<missing>"``; a whole missing name or module shows its kind on
    the side that has it.

    Not differences: names Django's modules merely import for their own use
    (their ``imports``) and the package does not re-export, and private
    members (``_name``) only the package's classes have.
    """
    differences: dict[str, dict[str, JSON]] = {}
    left_modules, right_modules = expected["modules"], actual["modules"]
    for module in sorted(left_modules.keys() | right_modules.keys()):
        left, right = left_modules.get(module), right_modules.get(module)
        if left is None or right is None:
            differences[module] = {
                "django": _MISSING if left is None else "module",
                "backport": _MISSING if right is None else "module",
            }
            continue
        if left["__all__"] != right["__all__"]:
            differences[f"{module}/__all__"] = {
                "django": left["__all__"],
                "backport": right["__all__"],
            }
        required = left["names"]
        optional = left["imports"]
        offered = {**right["imports"], **right["names"]}
        for name in sorted(required.keys() | offered.keys()):
            theirs = required.get(name, optional.get(name))
            ours = offered.get(name)
            if name not in required and ours is None:
                continue  # An import Django makes for its own use.
            _diff_name(differences, f"{module}/{name}", theirs, ours)
    return differences


def _diff_name(
    differences: dict[str, dict[str, JSON]], path: str, theirs: JSON, ours: JSON
) -> None:
    if theirs == ours:
        return
    if theirs is None or ours is None:
        differences[path] = {
            "django": _MISSING if theirs is None else theirs["kind"],
            "backport": _MISSING if ours is None else ours["kind"],
        }
        return
    if theirs["kind"] in _NOT_A_CLASS or ours["kind"] in _NOT_A_CLASS:
        differences[path] = {"django": theirs, "backport": ours}
        return
    for key in sorted((theirs.keys() | ours.keys()) - {"members"}):
        if theirs.get(key, _MISSING) != ours.get(key, _MISSING):
            differences[f"{path}/{key}"] = {
                "django": theirs.get(key, _MISSING),
                "backport": ours.get(key, _MISSING),
            }
    their_members, our_members = theirs["members"], ours["members"]
    for member in sorted(their_members.keys() | our_members.keys()):
        if member not in their_members and member.startswith("_"):
            continue  # An implementation detail of the package.
        old = their_members.get(member, _MISSING)
        new = our_members.get(member, _MISSING)
        if old != new:
            differences[f"{path}/members/{member}"] = {"django": old, "backport": new}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "package",
        nargs="?",
        default=DJANGO_PACKAGE,
        choices=[DJANGO_PACKAGE, BACKPORT_PACKAGE],
    )
    parser.add_argument("--output", "-o", type=Path, help="write here instead of stdout")
    parser.add_argument(
        "--compare", type=Path, help="print the differences from this snapshot instead"
    )
    args = parser.parse_args(argv)
    data = snapshot(args.package)
    if args.compare:
        differences = diff(load(args.compare), data)
        sys.stdout.write(dumps(differences))
        return 1 if differences else 0
    if args.output:
        args.output.write_text(dumps(data), encoding="utf-8")
    else:
        sys.stdout.write(dumps(data))
    return 0


if __name__ == "__main__":
    sys.exit(main())
