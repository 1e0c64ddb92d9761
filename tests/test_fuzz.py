"""Random damage to a release: it loads, or it is refused with a LiaochengDataError.

Never another exception, never a half-loaded release.
"""

import json
import shutil
from pathlib import Path
from typing import Any, List

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import liaocheng_data as ld
from liaocheng_data import _resources

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


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    index=st.integers(min_value=0, max_value=len(FIGURES) - 1),
    choice=st.integers(min_value=0, max_value=10_000),
    replacement=JSON_VALUES,
    delete=st.booleans(),
)
def test_damaged_figure_is_loaded_or_refused(
    tmp_path_factory: Any, index: int, choice: int, replacement: Any, delete: bool
) -> None:
    """Replacing or deleting any one value of any one figure either still validates or is
    refused with a LiaochengDataError naming figures.json."""
    folder = Path(tmp_path_factory.mktemp("fuzz")) / "release"
    shutil.copytree(str(SHIPPED), folder)
    figures = json.loads(json.dumps(FIGURES))
    paths = _paths(figures[index], [])[1:]
    *parents, last = paths[choice % len(paths)]
    node = figures[index]
    for step in parents:
        node = node[step]
    if delete and isinstance(node, dict):
        del node[last]
    else:
        node[last] = replacement
    (folder / "figures.json").write_text(json.dumps(figures, ensure_ascii=False), "utf-8")
    outcome: Any
    try:
        outcome = ld.load_release(folder)
    except ld.LiaochengDataError as exc:
        outcome = exc
    if isinstance(outcome, ld.Release):
        assert len(outcome.figures) == len(FIGURES)
    else:
        assert "figures.json" in str(outcome)
    assert str(ld.get("gdp-2025q1", release="1.0.0").value) == "752.1"


META: Any = json.loads(SHIPPED.joinpath("release.json").read_bytes())


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
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
    folder = Path(tmp_path_factory.mktemp("fuzz")) / "release"
    shutil.copytree(str(SHIPPED), folder)
    meta = json.loads(json.dumps(META))
    paths = _paths(meta, [])[1:]
    *parents, last = paths[choice % len(paths)]
    node = meta
    for step in parents:
        node = node[step]
    if delete and isinstance(node, dict):
        del node[last]
    else:
        node[last] = replacement
    (folder / "release.json").write_text(json.dumps(meta, ensure_ascii=False), "utf-8")
    outcome: Any
    try:
        outcome = ld.load_release(folder)
    except ld.LiaochengDataError as exc:
        outcome = exc
    assert isinstance(outcome, (ld.Release, ld.LiaochengDataError))
