from datetime import date
from typing import Any

import pytest

import liaocheng_data as ld


def test_versions_and_data_version() -> None:
    """DATA_VERSION is the newest shipped release; the package version is separate."""
    from liaocheng_data._loader import shipped_versions

    assert shipped_versions()[-1] == ld.DATA_VERSION  # (entry points may add newer ones)
    assert ld.release().version == ld.DATA_VERSION
    assert ld.__version__ != ""


def test_get_unknown_id_suggests() -> None:
    """An unknown id raises FigureNotFoundError, a KeyError, suggesting close ids."""
    with pytest.raises(ld.FigureNotFoundError) as info:
        ld.get("gdp-growth-2025")
    assert isinstance(info.value, KeyError)
    assert isinstance(info.value, ld.LiaochengDataError)
    assert "gdp-growth-2025q1" in info.value.suggestions
    assert str(info.value).startswith("no figure 'gdp-growth-2025'")


def test_unknown_release() -> None:
    """An unknown release version names the ones that exist."""
    with pytest.raises(ld.ReleaseNotFoundError, match=r"available: 1\.0\.0"):
        ld.release("9.9.9")


def test_filters_by_indicator_and_measure() -> None:
    """Indicator and measure filters pick the series and its kind."""
    assert [f.id for f in ld.figures(indicator="bus-exports", release="1.0.0")] == [
        "zhongtong-bus-exports-2024",
        "zhongtong-bus-exports-growth-2024",
    ]
    ranks = ld.figures(measure="rank", release="1.0.0")
    assert ranks and all(f.unit.code == "{rank}" for f in ranks)


def test_place_filter_includes_places_below() -> None:
    """A county's filter includes its towns; the city's includes every county and zone."""
    linqing = {f.place.id for f in ld.figures(place="371581", release="1.0.0")}
    assert linqing == {"371581", "yandian-town"}
    assert {f.id for f in ld.figures(place="临清市", release="1.0.0")} == {
        f.id for f in ld.figures(place="Linqing", release="1.0.0")
    }
    city = ld.figures(place="聊城市", release="1.0.0")
    assert {f.place.id for f in city} >= {"371500", "yandian-town", "liaocheng-hi-tech-zone"}
    assert all(f.place.code != "CN" for f in city)
    assert len(ld.figures(place="CN", release="1.0.0")) == len(ld.figures(release="1.0.0"))


def test_entity_and_topic_filters() -> None:
    """Organisation (id or name) and topic filters match."""
    xinfa = ld.figures(entity="信发集团", release="1.0.0")
    assert (
        xinfa
        == ld.figures(entity="Xinfa Group", release="1.0.0")
        == ld.figures(entity="xinfa-group", release="1.0.0")
    )
    assert len(xinfa) == 8
    assert all("green" in f.topics for f in ld.figures(topic="green", release="1.0.0"))


def test_date_range_filter_overlaps() -> None:
    """A date range keeps the figures whose period overlaps it."""
    in_2024 = ld.figures(start=date(2024, 1, 1), end=date(2024, 12, 31), release="1.0.0")
    ids = {f.id for f in in_2024}
    assert "zhongtong-bus-exports-2024" in ids
    assert "gdp-2025q1" not in ids
    assert "rongda-jinyi-roast-duck-exports-cumulative" in ids  # open start, ends 2024-12-31
    only_q1 = ld.figures(
        start=date(2025, 1, 1), end=date(2025, 3, 31), measure="yoy_growth", release="1.0.0"
    )
    assert all(f.period.end >= date(2025, 1, 1) for f in only_q1)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({"measure": "levle"}, "measure"), ({"topic": "sports"}, "topic"),
     ({"place": "Atlantis"}, "place"), ({"entity": "Acme"}, "entity")],
)  # fmt: skip
def test_bad_filter_values(kwargs: Any, match: str) -> None:
    """A filter value that names nothing known is an error naming the filter."""
    with pytest.raises(ld.InvalidFilterError, match=match):
        ld.figures(**kwargs)


def test_unknown_filter_name_is_an_error() -> None:
    """A misspelt filter name is refused rather than ignored."""
    with pytest.raises(TypeError):
        ld.figures(indicatr="gdp")  # type: ignore[call-arg]


def test_results_are_immutable() -> None:
    """Accessors return tuples of frozen objects."""
    result = ld.figures()
    assert isinstance(result, tuple)
    assert isinstance(ld.events(), tuple)
    with pytest.raises(TypeError):
        ld.release().figures_by_id["x"] = result[0]  # type: ignore[index]


def test_release_objects_can_be_passed_as_release(tmp_path: Any) -> None:
    """A loaded Release can stand wherever a version is accepted."""
    rel = ld.release("1.0.0")
    assert ld.get("gdp-2025q1", release=rel) is rel.get("gdp-2025q1")
    assert ld.figures(release=rel) == rel.figures


def test_import_reads_nothing() -> None:
    """Importing the package loads no release (checked in a fresh interpreter)."""
    import subprocess
    import sys

    code = (
        "import liaocheng_data, liaocheng_data._loader as l, sys; "
        "assert l._cache == {} and l._index is None; "
        "liaocheng_data.releases(); assert l._cache == {}; print('ok')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"


def test_import_is_lazy_and_light() -> None:
    """`import liaocheng_data` loads neither pydantic nor any release (a fresh interpreter)."""
    import subprocess
    import sys

    code = (
        "import sys, liaocheng_data as ld; "
        "assert 'pydantic' not in sys.modules, 'pydantic imported'; "
        "assert ld.DATA_VERSION and ld.__version__; "
        "ld.get('gdp-2025q1'); assert 'pydantic' in sys.modules; print('lazy')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "lazy", out.stderr


def test_first_get_leaves_suggestion_and_html_modules_unloaded() -> None:
    """A first successful ``get()`` imports neither ``difflib`` (needed only to suggest ids on
    a miss) nor ``html`` (needed only by Jupyter's views); a miss then still suggests."""
    import subprocess
    import sys

    code = """
import sys, liaocheng_data as ld
ld.get("gdp-2025q1", release="1.0.0")
print(sorted(m for m in ("difflib", "html") if m in sys.modules))
print(ld.release("1.0.0")._repr_html_()[:3])
try:
    ld.get("gdp-2025q2", release="1.0.0")
except ld.FigureNotFoundError as exc:
    print(exc.suggestions)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    expected = ["[]", "<p>", "('gdp-2025q1', 'gdp-growth-2025q1')"]
    assert out.stdout.splitlines() == expected, out.stderr


def test_every_public_name_resolves() -> None:
    """Each name in __all__ resolves to an object (never a submodule) from the module that the
    type checkers are told about."""
    import ast
    import types
    from pathlib import Path

    source = Path(ld.__file__).read_text(encoding="utf-8")
    declared = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module != "_version":
            for alias in node.names:
                declared[alias.name] = node.module
    lazy = ld._LAZY  # type: ignore[attr-defined]
    assert declared == lazy
    for name in ld.__all__:
        value = getattr(ld, name)
        assert not isinstance(value, types.ModuleType), name
        if name in lazy:
            assert (
                getattr(__import__(f"liaocheng_data.{lazy[name]}", fromlist=["x"]), name) is value
            )
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        ld.nope  # type: ignore[attr-defined]  # noqa: B018


def test_no_submodule_shadows_a_public_name() -> None:
    """With every submodule imported first (a fresh interpreter), each public name is still
    its function or class, never a submodule bound over it; dir() lists exactly __all__.
    """
    import subprocess
    import sys

    code = (
        "import pkgutil, importlib, types, liaocheng_data as ld\n"
        "for m in pkgutil.iter_modules(ld.__path__, 'liaocheng_data.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = [n for n in ld.__all__ if isinstance(getattr(ld, n), types.ModuleType)]\n"
        "assert not bad, bad\n"
        "assert callable(ld.export) and callable(ld.to_dataframe)\n"
        "assert dir(ld) == sorted(ld.__all__), set(dir(ld)) ^ set(ld.__all__)\n"
        "print('ok')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "ok", out.stderr


def test_dir_lists_the_public_names_only() -> None:
    """dir(ld) shows the public API (export functions included), not typing helpers."""
    names = dir(ld)
    assert {"to_dataframe", "to_arrow", "write_parquet", "export", "to_csv"} <= set(names)
    assert not {"Any", "Dict", "List", "TYPE_CHECKING", "importlib"} & set(names)
