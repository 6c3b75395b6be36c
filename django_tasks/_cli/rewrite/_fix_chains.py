"""Attribute chains on an imported module: ``django_tasks.base.Task`` and ``b.Task``.

A chain is moved where ``import x.y`` (or ``import x.y as b``) binds its
root; the ``import`` statements follow: replaced, kept when something still
needs the old root, or joined by the imports the moved chains need.
"""

import ast

from django_tasks._cli.rewrite._fix_imports import DJANGO_6_ONLY_MODULE, Bindings
from django_tasks._cli.rewrite._paths import (
    BUILTIN,
    PACKAGE,
    Unsupported,
    map_module,
    map_path,
    required_module,
)
from django_tasks._cli.rewrite._source import Source, under

__all__ = ["fix_chains"]


def fix_chains(src: Source, bindings: Bindings) -> None:
    fixer = _ChainFixer(src, bindings)
    if src.to == BUILTIN:
        fixer._root_chains_to_builtin()
        fixer._module_alias_chains()
    else:
        fixer._root_chains_to_package()


class _ChainFixer:
    def __init__(self, src: Source, bindings: Bindings) -> None:
        self.src = src
        self.bindings = bindings

    def _replace_chain(self, chain: ast.expr, old: str, new: str) -> bool:
        start, end = self.src.span(chain)
        if self.src.text[start:end] != old:
            self.src.note(
                chain.lineno,
                f"{old} left unchanged: it is split over lines or spaced; write {new}",
            )
            return False
        self.src.replace(start, end, new)
        return True

    def _covered(self, module: str, imported: list[str]) -> bool:
        return any(name == module or name.startswith(module + ".") for name in imported)

    def _root_chains_to_builtin(self) -> None:
        if not self.bindings.root_imports:
            return
        mapped: list[tuple[ast.expr, str, str]] = []
        unsupported = False
        for chain, dotted in self.src.chains(PACKAGE):
            target = map_path(dotted, self.src.to)
            if isinstance(target, Unsupported):
                self.src.note(chain.lineno, f"{dotted} left unchanged: {target.reason}")
                unsupported = True
            elif target is not None:
                if self._replace_chain(chain, dotted, target):
                    mapped.append((chain, dotted, target))
                else:
                    unsupported = True  # Still spelled django_tasks.
        needed: list[str] = []
        for _, dotted, _ in mapped:
            module = required_module(dotted, self.src.to)
            if module not in needed:
                needed.append(module)

        imported = [alias.name for _, alias in self.bindings.other_imports]
        anchor = self.bindings.root_imports[0][0]
        if unsupported:
            # Something still needs the name django_tasks: keep its imports
            # and import what the rewritten expressions need next to them.
            for _, alias, target in self.bindings.root_imports:
                if isinstance(target, str):
                    imported.append(alias.name)
            missing = [module for module in needed if not self._covered(module, imported)]
            self.src.insert_after(anchor, [f"import {module}" for module in missing])
            return
        for statement, alias, target in self.bindings.root_imports:
            if isinstance(target, Unsupported):
                # `import django_tasks.utils`: replace it with a module the
                # rewritten expressions need, if any.
                candidates = [m for m in needed if not self._covered(m, imported)]
                if not mapped:
                    self.src.note(
                        alias.lineno, f"import {alias.name} left unchanged: {target.reason}"
                    )
                    imported.append(alias.name)
                    continue
                if not candidates and self.src.delete_statement(statement):
                    # Everything it served is imported otherwise already.
                    continue
                target = candidates[0] if candidates else BUILTIN
            self.src.replace(*self.src.name_span(alias), target)
            imported.append(target)
        missing = [module for module in needed if not self._covered(module, imported)]
        self.src.insert_after(anchor, [f"import {module}" for module in missing])

    def _root_chains_to_package(self) -> None:
        django_bound = bool(self.bindings.root_imports) or any(
            alias.name == "django" or alias.name.startswith("django.")
            for _, alias in self.bindings.other_imports
        )
        if not django_bound:
            return
        needed: list[str] = []
        still_uses_django = False
        unmoved: list[str] = []
        for chain, dotted in self.src.chains("django"):
            target = map_path(dotted, self.src.to)
            if isinstance(target, str) and self._replace_chain(chain, dotted, target):
                module = required_module(dotted, self.src.to)
                if module not in needed:
                    needed.append(module)
                continue
            if isinstance(target, Unsupported):
                self.src.note(chain.lineno, f"{dotted} left unchanged: {target.reason}")
            still_uses_django = True
            unmoved.append(dotted)
        imported = [alias.name for _, alias in self.bindings.other_imports]
        rebinding: list[ast.Import] = []
        for statement, alias, target in self.bindings.root_imports:
            assert isinstance(target, str)  # Everything under django.tasks maps.
            self.src.replace(*self.src.name_span(alias), target)
            imported.append(target)
            rebinding.append(statement)
        for statement, alias in self.bindings.other_imports:
            if alias.name != DJANGO_6_ONLY_MODULE:
                continue
            # `import django.utils.json` fails before Django 6.0.
            if any(under(dotted, alias.name) for dotted in unmoved):
                self.src.note(
                    alias.lineno,
                    f"import {alias.name} left unchanged: it exists from Django 6.0 only; "
                    "use django_tasks.utils.normalize_json",
                )
                continue
            self.src.replace(*self.src.name_span(alias), PACKAGE + ".utils")
            imported.remove(alias.name)
            imported.append(PACKAGE + ".utils")
            rebinding.append(statement)
        missing = [module for module in needed if not self._covered(module, imported)]
        if missing:
            anchor = (
                self.bindings.root_imports[0][0]
                if self.bindings.root_imports
                else next(
                    statement
                    for statement, alias in self.bindings.other_imports
                    if alias.name == "django" or alias.name.startswith("django.")
                )
            )
            self.src.insert_after(anchor, [f"import {module}" for module in missing])
        if (
            rebinding
            and still_uses_django
            and not any(name == "django" or name.startswith("django.") for name in imported)
        ):
            # `import django.tasks` also bound `django`, which other code uses.
            self.src.insert_before(rebinding[0], "import django")

    def _module_alias_chains(self) -> None:
        for local, module in self.bindings.module_aliases.items():
            mapped_module = map_module(module, self.src.to)
            if not isinstance(mapped_module, str):
                continue
            for chain, dotted in self.src.chains(local):
                if dotted == local:
                    continue
                rest = dotted[len(local) + 1 :]
                target = map_path(f"{module}.{rest}", self.src.to)
                if isinstance(target, Unsupported):
                    self.src.note(chain.lineno, f"{dotted} left unchanged: {target.reason}")
                elif target is not None and target.startswith(mapped_module + "."):
                    self._replace_chain(
                        chain, dotted, f"{local}.{target[len(mapped_module) + 1 :]}"
                    )
                elif target is not None:
                    self.src.note(
                        chain.lineno,
                        f"{dotted} left unchanged: it is {target} in Django; import it from there",
                    )
