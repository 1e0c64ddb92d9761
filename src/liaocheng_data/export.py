"""Exports: CSV, JSON, JSON Lines, a Frictionless Data Package, JSON Schema, DataFrame.

CSV rows are flat (:data:`COLUMNS`); JSON and JSON Lines records are the full figures
(``Figure.model_dump(mode="json")``), described by :func:`json_schema`. Exact numbers travel
as decimal strings in JSON and as plain decimal text in CSV, never as floats.

Examples:
    >>> import liaocheng_data as ld
    >>> row = to_row(ld.get("gdp-2025q1", release="1.0.0"))
    >>> row["value"], row["scale"], row["base_value"], row["unit"], row["place_code"]
    ('752.1', 8, '75210000000', 'CNY', '371500')
"""

import csv
import io
import json
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Optional, Tuple, Union

from pydantic import TypeAdapter

from ._version import __version__
from .api import ReleaseRef
from .api import release as _release
from .models import Figure, Release
from .numerals import QUALIFIERS, format_decimal

if TYPE_CHECKING:  # pragma: no cover
    import pandas

__all__ = [
    "COLUMNS",
    "FORMATS",
    "export",
    "json_schema",
    "to_csv",
    "to_dataframe",
    "to_json",
    "to_jsonl",
    "to_row",
    "write_datapackage",
]

#: The formats :func:`export` writes.
FORMATS = ("csv", "json", "jsonl", "datapackage")

#: The columns of a flat figure record, in order.
COLUMNS: Tuple[str, ...] = (
    "id", "label_zh", "label_en", "indicator", "measure", "value", "scale", "unit", "unit_zh",
    "unit_en", "base_value", "qualifier", "period_start", "period_end", "period_label",
    "place_id", "place_code", "place_parent_code", "place_name_zh", "place_name_en",
    "entity_id", "entity_name_zh", "entity_name_en", "rank_scope", "topics", "source_id",
    "quote", "quote_start", "quote_end", "literal", "note", "release",
)  # fmt: skip

Cell = Union[str, int, None]


def to_row(figure: Figure) -> Dict[str, Cell]:
    """One figure as a flat record: exact numbers as strings, dates as ISO strings."""
    entity = figure.entity
    start = figure.period_start
    return {
        "id": figure.id,
        "label_zh": figure.label_zh,
        "label_en": figure.label_en,
        "indicator": figure.indicator,
        "measure": figure.measure,
        "value": format_decimal(figure.value),
        "scale": figure.scale,
        "unit": figure.unit_code,
        "unit_zh": figure.unit_zh,
        "unit_en": figure.unit.en,
        "base_value": format_decimal(figure.base_value),
        "qualifier": figure.qualifier,
        "period_start": None if start is None else start.isoformat(),
        "period_end": figure.period_end.isoformat(),
        "period_label": figure.period_label,
        "place_id": figure.place.id,
        "place_code": figure.place.code,
        "place_parent_code": figure.place.parent_code,
        "place_name_zh": figure.place.name_zh,
        "place_name_en": figure.place.name_en,
        "entity_id": None if entity is None else entity.id,
        "entity_name_zh": None if entity is None else entity.name_zh,
        "entity_name_en": None if entity is None else entity.name_en,
        "rank_scope": figure.rank_scope,
        "topics": ";".join(figure.topics),
        "source_id": figure.source_id,
        "quote": figure.quote,
        "quote_start": figure.quote_start,
        "quote_end": figure.quote_end,
        "literal": figure.literal,
        "note": figure.note,
        "release": figure.release,
    }


def to_csv(figures: Iterable[Figure], *, bom: bool = False) -> str:
    """Figures as CSV text (``bom=True`` prefixes a BOM so that Excel reads UTF-8).

    Empty cells stand for None.
    """
    out = io.StringIO()
    if bom:
        out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for figure in figures:
        writer.writerow(to_row(figure))
    return out.getvalue()


def to_json(figures: Iterable[Figure], *, indent: Optional[int] = 2) -> str:
    """Figures as a JSON array of full records (``Figure.model_dump(mode="json")``)."""
    records: List[Dict[str, Any]] = [f.model_dump(mode="json") for f in figures]
    return json.dumps(records, ensure_ascii=False, indent=indent) + "\n"


def to_jsonl(figures: Iterable[Figure]) -> str:
    """Figures as JSON Lines: one full record a line."""
    return "".join(
        json.dumps(f.model_dump(mode="json"), ensure_ascii=False) + "\n" for f in figures
    )


def json_schema(*, release: ReleaseRef = None) -> Dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one exported JSON or JSON Lines record of a release;
    the choices of ``measure``, ``unit_code`` and ``topics`` are the release's vocabulary.

    Examples:
        >>> schema = json_schema(release="1.0.0")
        >>> schema["properties"]["value"]["type"]
        'string'
        >>> schema["properties"]["measure"]["enum"][:2]
        ['level', 'yoy_growth']
    """
    rel = _release(release)
    schema = TypeAdapter(Figure).json_schema(mode="serialization")
    properties = schema["properties"]
    properties["measure"]["enum"] = [m.id for m in rel.measures]
    properties["unit_code"]["enum"] = [u.code for u in rel.units]
    properties["topics"]["items"]["enum"] = [t.id for t in rel.topics]
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "liaocheng-data figure record"
    _describe(schema, _SCHEMA_DESCRIPTIONS["Figure"])
    for name, definition in schema.get("$defs", {}).items():
        if name in _SCHEMA_DESCRIPTIONS:
            _describe(definition, _SCHEMA_DESCRIPTIONS[name])
    return schema


#: The schema's descriptions, stated here rather than taken from docstrings, which
#: ``python -OO`` strips: the schema is the same however Python runs.
_SCHEMA_DESCRIPTIONS = {
    "Figure": (
        "One figure as exported by liaocheng-data (JSON: an array of these; JSON Lines: one a "
        "line). value is the number as printed, a decimal string; base value = value × "
        "10**scale."
    ),
    "Entity": (
        "An organisation named in the article.\n\n``name_en_official`` is True when "
        "``name_en`` is the organisation's own English name,\nFalse when it is our "
        "translation."
    ),
    "Place": "A place: GB/T 2260 code (``CN`` for national scope; None for towns and zones).",
}


def _describe(node: Dict[str, Any], text: str) -> None:
    """Set ``node``'s description, placed first among its keys after any title."""
    rest = {k: v for k, v in node.items() if k not in ("description", "title")}
    title = node.get("title")
    node.clear()
    if title is not None:
        node["title"] = title
    node["description"] = text
    node.update(rest)


_FIELD_TYPES = {
    "value": "number", "base_value": "number", "scale": "integer", "quote_start": "integer",
    "quote_end": "integer", "period_start": "date", "period_end": "date",
}  # fmt: skip
_FIELD_DOCS = {
    "id": "Stable figure id.",
    "value": "The number exactly as printed (before the Chinese magnitude word).",
    "scale": "Power of ten of the Chinese magnitude word (万 4, 亿 8, ...).",
    "unit": "ISO 4217 (money) or UCUM unit code.",
    "base_value": "value × 10**scale, exact.",
    "qualifier": "How the printed number bounds the true one.",
    "period_start": "First day of the period; empty when the article states none.",
    "period_end": "Last day of the period.",
    "place_code": "GB/T 2260 code, or CN; empty for towns and zones without one.",
    "quote": "Verbatim quote of the article stating the figure.",
    "quote_start": "Offset of the quote in the normalized source text (code points).",
    "literal": "The figure as printed in the article.",
}


def _table_schema(rel: Release) -> Dict[str, Any]:
    enums: Dict[str, Tuple[str, ...]] = {
        "measure": tuple(m.id for m in rel.measures),
        "qualifier": QUALIFIERS,
        "unit": tuple(u.code for u in rel.units),
    }
    fields: List[Dict[str, Any]] = []
    for name in COLUMNS:
        field: Dict[str, Any] = {"name": name, "type": _FIELD_TYPES.get(name, "string")}
        if name in _FIELD_DOCS:
            field["description"] = _FIELD_DOCS[name]
        constraints: Dict[str, Any] = {}
        if name in ("id", "value", "scale", "unit", "measure", "period_end", "quote", "literal"):
            constraints["required"] = True
        if name == "id":
            constraints["unique"] = True
        if name in enums:
            constraints["enum"] = list(enums[name])
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    return {"fields": fields, "primaryKey": ["id"], "missingValues": [""]}


def write_datapackage(folder: "Union[str, PathLike[str]]", *, release: ReleaseRef = None) -> Path:
    """Write a Frictionless Data Package: ``datapackage.json`` and ``figures.csv``.

    The package's ``version`` is the data release; ``sources``, ``licenses`` and
    ``contributors`` come from the release metadata. Returns the descriptor's path.
    """
    rel = _release(release)
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    (out / "figures.csv").write_bytes(to_csv(rel.figures).encode("utf-8"))
    source = rel.sources[0]
    descriptor = {
        "profile": "tabular-data-package",
        "name": "liaocheng-data",
        "title": rel.title,
        "description": rel.description + " " + rel.translation_statement,
        "version": rel.version,
        "created": rel.date.isoformat() + "T00:00:00Z",
        "homepage": None,
        "keywords": ["Liaocheng", "Shandong", "economy", "provenance"],
        "licenses": [
            {"name": lic.name, "title": lic.title, **({"path": lic.path} if lic.path else {})}
            for lic in rel.licenses
            if lic.path
        ],
        "sources": [
            {
                "title": f"{s.publisher_zh} ({s.publisher_en}), {s.date.isoformat()}, "
                f"{s.placement}: {s.title_zh}",
                **({"path": s.copy_held_url} if s.copy_held_url else {}),
            }
            for s in rel.sources
        ],
        "contributors": [
            {"title": "liaocheng-data contributors", "role": "author"},
            *(
                {
                    "title": f"{a.name_zh} ({a.name_en})",
                    "role": "contributor",
                    "organization": source.publisher_en,
                }
                for a in source.authors
            ),
        ],
        "x-liaocheng-data": {"package_version": __version__, "rights": source.rights},
        "resources": [
            {
                "name": "figures",
                "path": "figures.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": _table_schema(rel),
            }
        ],
    }
    del descriptor["homepage"]
    path = out / "datapackage.json"
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def to_dataframe(release: ReleaseRef = None) -> "pandas.DataFrame":
    """One row per figure (the CSV columns), indexed by nothing in particular.

    Needs the ``pandas`` extra. ``value`` and ``base_value`` hold :class:`decimal.Decimal`
    objects (dtype ``object``), so no digit is lost; convert with ``.astype(float)`` when a
    float is good enough. ``period_start`` and ``period_end`` are ``datetime64`` dates (``NaT``
    where the article states no start); ``scale``, ``quote_start`` and ``quote_end`` integers.
    """
    try:
        import pandas as pd  # an optional dependency, imported only when asked for
    except ImportError:
        raise ImportError(
            "to_dataframe needs pandas: pip install 'liaocheng-data[pandas]'"
        ) from None
    rel = _release(release)
    rows: List[Dict[str, Any]] = [
        {**to_row(f), "value": f.value, "base_value": f.base_value} for f in rel.figures
    ]
    frame: pandas.DataFrame = pd.DataFrame(rows, columns=list(COLUMNS))
    for name in ("period_start", "period_end"):
        frame[name] = pd.to_datetime(frame[name], format="%Y-%m-%d")
    for name in ("scale", "quote_start", "quote_end"):
        frame[name] = frame[name].astype("int64")
    return frame


def export(
    format: str,
    output: "Union[str, PathLike[str]]",
    *,
    release: ReleaseRef = None,
    bom: bool = False,
) -> Path:
    """Write a release's figures as ``csv``, ``json``, ``jsonl`` or ``datapackage`` (a folder).

    ``bom=True`` (CSV only) starts the file with a byte-order mark so that Excel reads the
    Chinese text as UTF-8. Returns the path written.
    """
    if format not in FORMATS:
        raise ValueError(f"format: {format!r} is not one of {', '.join(FORMATS)}")
    if bom and format != "csv":
        raise ValueError("bom: only CSV takes a byte-order mark")
    path = Path(output)
    if format == "datapackage":
        return write_datapackage(path, release=release)
    figures = _release(release).figures
    text = {
        "csv": lambda: to_csv(figures, bom=bom),
        "json": lambda: to_json(figures),
        "jsonl": lambda: to_jsonl(figures),
    }[format]()
    path.write_bytes(text.encode("utf-8"))  # exactly these bytes: no newline translation
    return path
