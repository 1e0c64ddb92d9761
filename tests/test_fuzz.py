"""Random damage to a release: it loads, or it is refused with a LiaochengDataError.

Never another exception, never a half-loaded release.
"""

import json
import shutil
from pathlib import Path
from typing import Any, List

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import liaocheng_data as ld
from liaocheng_data import _resources
from liaocheng_data.models import figure_problems

SHIPPED = _resources.data_root().joinpath("releases").joinpath("1.0.0")
FIGURES: List[Any] = json.loads(SHIPPED.joinpath("figures.json").read_bytes())

SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(value: Any, prefix: List[Any]) -> List[List[Any]]:
    out = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            out += _paths(item, [*prefix, key])
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out += _paths(item, [*prefix, i])
    return out


def _damage(document: Any, choice: int, replacement: Any, delete: bool) -> None:
    """Replace (or delete) the value at one path of ``document``, chosen by ``choice``."""
    paths = _paths(document, [])[1:]
    *parents, last = paths[choice % len(paths)]
    node = document
    for step in parents:
        node = node[step]
    if delete and isinstance(node, dict):
        del node[last]
    else:
        node[last] = replacement


def _write_and_load(tmp_path_factory: Any, name: str, document: Any) -> Any:
    """A copy of release 1.0.0 with ``name`` replaced: the loaded release, or the error."""
    folder = Path(tmp_path_factory.mktemp("fuzz")) / "release"
    shutil.copytree(str(SHIPPED), folder)
    (folder / name).write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    return _load(folder)


def _load(folder: Path) -> Any:
    """The loaded release, or the LiaochengDataError that refused it."""
    try:
        return ld.load_release(folder)
    except ld.LiaochengDataError as exc:
        return exc


FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.mark.parametrize("data_format", [1, 2, 3])
@FUZZ
@given(
    index=st.integers(min_value=0, max_value=len(FIGURES) - 1),
    choice=st.integers(min_value=0, max_value=10_000),
    replacement=JSON_VALUES,
    delete=st.booleans(),
)
def test_damaged_figure_is_loaded_or_refused(
    data_format: int,
    release_v2: Path,
    release_v3: Path,
    tmp_path_factory: Any,
    index: int,
    choice: int,
    replacement: Any,
    delete: bool,
) -> None:
    """Replacing or deleting any one value of any one figure (release 1.0.0 as shipped in
    data format 1, and upgraded to formats 2 and 3) either still validates or is refused with a
    LiaochengDataError naming figures.json; a figure that still loads breaks none of the rules
    a figure checks on its own."""
    source = {1: Path(str(SHIPPED)), 2: release_v2, 3: release_v3}[data_format]
    figures = json.loads((source / "figures.json").read_bytes())
    _damage(figures[index], choice, replacement, delete)
    folder = Path(tmp_path_factory.mktemp("fuzz")) / "release"
    shutil.copytree(str(source), folder)
    (folder / "figures.json").write_text(json.dumps(figures, ensure_ascii=False), "utf-8")
    outcome = _load(folder)
    if isinstance(outcome, ld.Release):
        assert len(outcome.figures) == len(FIGURES)
        assert all(figure_problems(f) == [] for f in outcome.figures)
    else:
        assert "figures.json" in str(outcome)
    assert str(ld.get("gdp-2025q1", release="1.0.0").value) == "752.1"


META: Any = json.loads(SHIPPED.joinpath("release.json").read_bytes())


@FUZZ
@given(
    choice=st.integers(min_value=0, max_value=10_000),
    replacement=JSON_VALUES,
    delete=st.booleans(),
)
def test_damaged_metadata_is_loaded_or_refused(
    tmp_path_factory: Any, choice: int, replacement: Any, delete: bool
) -> None:
    """Replacing or deleting any one value of release.json either still validates or is
    refused with a LiaochengDataError (never another exception)."""
    meta = json.loads(json.dumps(META))
    _damage(meta, choice, replacement, delete)
    outcome = _write_and_load(tmp_path_factory, "release.json", meta)
    assert isinstance(outcome, (ld.Release, ld.LiaochengDataError))
