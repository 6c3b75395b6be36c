"""Every Python example on the site is run by the doctest builder.

A page that shows Python in a plain code block (```python) fails the build
(with -W): write it as a ``{doctest}`` (``>>>`` sessions) or ``{testcode}``
block instead, so ``sphinx-build -b doctest`` runs it on each Django the docs
environment tests. A module the examples import (a task must live in a module)
is kept in ``docs/examples/`` and shown with ``{literalinclude}``: it runs when
a doctest on the page imports it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

PYTHON = {"python", "python3", "py", "pycon", "ipython"}
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def check_examples(app: Any, doctree: nodes.document) -> None:
    for block in doctree.findall(nodes.literal_block):
        language = block.get("language", "")
        # sphinx.ext.doctest marks the blocks it runs with "testnodetype".
        included = Path(block.get("source", "")).resolve()
        if included.is_relative_to(EXAMPLES) and included.suffix == ".py":
            continue
        if language in PYTHON and "testnodetype" not in block:
            logger.warning(
                "Python example that the doctest builder does not run: write it as "
                "a {doctest} or {testcode} block",
                location=block,
                type="examples",
            )


def setup(app: Any) -> dict[str, Any]:
    app.connect("doctree-read", check_examples)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
