import ast
from pathlib import Path
from typing import Dict, Set

import liaocheng_data

# Each module may import only modules of a lower layer (DESIGN.md: one way, no cycles).
LAYERS = [
    {"errors", "numerals", "_resources", "_version"},
    {"_manifest_format"},
    {"_manifest"},
    {"sourcetext", "models"},
    {"_loader"},
    {"api", "completeness", "upgrade"},
    {"citation", "integrity", "versions"},
    {"exports"},  # its DataFrame and Parquet carry the citation
    {"maintain"},
    {"__main__", "__init__"},
]
RANK: Dict[str, int] = {name: i for i, layer in enumerate(LAYERS) for name in layer}


def _imports(path: Path) -> Set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(node.module.split(".")[0])
            else:
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("liaocheng_data."):
            found.add(node.module.split(".")[1])  # type: ignore[union-attr]
    return found


def test_every_module_has_a_layer() -> None:
    """A new module must be placed in a layer before it can be imported."""
    package = Path(liaocheng_data.__file__).parent
    assert {p.stem for p in package.glob("*.py")} == set(RANK)


def test_no_import_runs_upward() -> None:
    """No module imports one of its own or a higher layer (no cycles, one-way flow)."""
    package = Path(liaocheng_data.__file__).parent
    bad = []
    for path in package.glob("*.py"):
        for target in _imports(path):
            if target in RANK and RANK[target] >= RANK[path.stem] and path.stem != "__init__":
                bad.append(f"{path.stem} imports {target}")
            if path.stem == "__init__" and target == "__main__":
                bad.append("__init__ imports __main__")
    assert bad == []


#: Optional dependencies, imported inside the one function that needs them so that importing
#: the package never pays for them.
OPTIONAL = {
    "pandas",
    "numpy",
}  # numpy comes with pandas; pyarrow is imported by name (import_module): it has no type stubs

#: Standard-library modules only a miss (``difflib``'s suggestions) or a Jupyter view
#: (``html.escape``) needs, imported where used so that import plus the first ``get()``
#: stays within the target in ``benchmarks/run.py``.
DEFERRED = {"difflib", "html"}


def test_no_function_local_imports() -> None:
    """Imports sit at module top level, not inside functions (no hidden cycles), except an
    optional dependency's and the deferred standard-library modules.
    """
    package = Path(liaocheng_data.__file__).parent
    offenders = []
    for path in package.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for func in ast.walk(tree):
            if isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for node in ast.walk(func):
                    if isinstance(node, ast.Import):
                        names = {alias.name.split(".")[0] for alias in node.names}
                    elif isinstance(node, ast.ImportFrom):
                        names = {"." if node.level else (node.module or "").split(".")[0]}
                    else:
                        continue
                    if names - OPTIONAL - DEFERRED:
                        offenders.append(f"{path.stem}.{func.name}")
    assert offenders == []
