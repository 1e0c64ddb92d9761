import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import liaocheng_data

MODULES = [
    "liaocheng_data",
    *sorted(m.name for m in pkgutil.iter_modules(liaocheng_data.__path__, "liaocheng_data.")),
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    """Every example in the package's docstrings runs and prints what it shows."""
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def test_there_are_examples() -> None:
    """The public modules do carry examples (the doctest run is not vacuous)."""
    finder = doctest.DocTestFinder()
    total = sum(
        len(t.examples) for name in MODULES for t in finder.find(importlib.import_module(name))
    )
    assert total >= 40


def test_readme_example_runs() -> None:
    """The README's Python example runs as shown."""
    readme = Path(__file__).resolve().parent.parent / "README.md"
    text = readme.read_text(encoding="utf-8")
    block = text.split("```python\n", 1)[1].split("```", 1)[0]
    test = doctest.DocTestParser().get_doctest(block, {}, "README", str(readme), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0 and runner.tries >= 4
