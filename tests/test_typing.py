"""The public API's types, checked statically (mypy --strict, pyright strict) and run."""

import json
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Dict, Optional, Tuple

import pandas as pd
import pytest
from typing_extensions import assert_type

import liaocheng_data as ld
import liaocheng_data.exports
from liaocheng_data.numerals import UnitKind


def test_public_api_types() -> None:
    """Accessors and model fields have the types the docs promise."""
    figure = ld.get("gdp-2025q1")
    assert_type(figure, ld.Figure)
    assert_type(figure.value, Decimal)
    assert_type(figure.base_value, Decimal)
    assert_type(figure.scale, int)
    assert_type(figure.period.start, Optional[date])
    assert_type(figure.period.end, date)
    assert_type(figure.place.code, Optional[str])
    assert_type(figure.entity, Optional[ld.Entity])
    assert_type(ld.figures(), Tuple[ld.Figure, ...])
    assert_type(ld.events(), Tuple[ld.Event, ...])
    assert_type(ld.releases(), Tuple[str, ...])
    assert_type(ld.release(), ld.Release)
    assert_type(ld.release().get("gdp-2025q1"), ld.Figure)
    assert_type(ld.sources(), Tuple[ld.Source, ...])
    assert_type(ld.cite("gdp-2025q1", style="apa"), str)
    assert_type(ld.verify().ok, bool)
    assert_type(ld.diff("1.0.0", "1.0.0"), ld.ReleaseDiff)
    assert_type(ld.history("gdp-2025q1"), Tuple[ld.HistoryEntry, ...])
    assert_type(ld.DATA_VERSION, str)
    assert_type(figure.unit_code, str)
    assert_type(figure.measure, str)
    assert_type(figure.topics, Tuple[str, ...])
    assert_type(figure.unit.kind, UnitKind)
    assert_type(ld.units(), Tuple[ld.UnitDefinition, ...])
    assert_type(ld.measures(), Tuple[ld.Measure, ...])
    assert_type(ld.topics(), Tuple[ld.Topic, ...])
    assert isinstance(figure.value, Decimal)


def test_dataframe_export_types() -> None:
    """The export functions are reachable from the package root with their types."""
    assert_type(ld.to_dataframe(ld.figures(topic="trade", release="1.0.0")), pd.DataFrame)
    assert_type(
        ld.to_row(ld.get("gdp-2025q1", release="1.0.0")), Dict[str, liaocheng_data.exports.Cell]
    )


def test_a_misspelt_name_is_a_type_error() -> None:
    """The lazy root shows type checkers no ``__getattr__``: a typo is an error there (both
    checkers fail this file if the ignore below stops being needed) and at run time.
    """
    with pytest.raises(AttributeError, match="figuers"):
        ld.figuers(topic="trade")  # type: ignore[attr-defined]


CONSUMER_OK = """\
import liaocheng_data as ld

trade = ld.figures(topic="trade")
print(trade[0].base_value, ld.DATA_VERSION)
"""
CONSUMER_TYPO = """\
import liaocheng_data as ld

trade = ld.figuers(topic="trade")
"""


@pytest.mark.skipif(
    sys.version_info < (3, 10),
    reason="mypy 2.4 and pyright 1.1.414 are in the test extra only for Python >= 3.10 "
    "(mypy 2 needs it); the lint job runs both",
)
def test_type_checkers_reject_a_consumers_typo(tmp_path: Path) -> None:
    """Mypy --strict and pyright strict accept a consumer's correct code and reject
    ``ld.figuers(...)`` as an unknown attribute of the module.
    """
    (tmp_path / "ok.py").write_text(CONSUMER_OK, encoding="utf-8")
    (tmp_path / "typo.py").write_text(CONSUMER_TYPO, encoding="utf-8")
    config = {"include": ["ok.py", "typo.py"], "typeCheckingMode": "strict"}
    (tmp_path / "pyrightconfig.json").write_text(json.dumps(config), encoding="utf-8")
    checkers = [  # run side by side: each takes seconds
        subprocess.Popen(
            [sys.executable, "-m", *args],
            cwd=tmp_path,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for args in (
            ["mypy", "--strict", "--cache-dir", str(tmp_path / "cache"), "ok.py", "typo.py"],
            ["pyright", "--outputjson", "--pythonpath", sys.executable, "-p", str(tmp_path)],
        )
    ]
    (mypy_out, mypy_err), (pyright_out, _) = (c.communicate(timeout=300) for c in checkers)

    errors = [line for line in mypy_out.splitlines() if ": error:" in line]
    assert checkers[0].returncode == 1, mypy_out + mypy_err
    assert len(errors) == 1 and errors[0].startswith("typo.py:3: error:"), mypy_out
    assert '"figuers"' in errors[0] and "[attr-defined]" in errors[0]

    report = json.loads(pyright_out)
    found = [
        (Path(d["file"]).name, d["range"]["start"]["line"] + 1, d.get("rule"), d["message"])
        for d in report["generalDiagnostics"]
        if d["severity"] == "error"
    ]
    assert checkers[1].returncode == 1 and report["summary"]["filesAnalyzed"] == 2
    assert found and {where[:2] for where in found} == {("typo.py", 3)}, found
    assert any(
        rule == "reportAttributeAccessIssue" and '"figuers"' in message
        for _, _, rule, message in found
    ), found
