"""Flat records of figures, for CSV and JSON output.

>>> import liaocheng_data as ld
>>> row = to_row(ld.get("gdp-2025q1"))
>>> row["value"], row["scale"], row["base_value"], row["unit"], row["place_code"]
('752.1', 8, '75210000000', 'CNY', '371500')
"""

import csv
import io
import json
from typing import Any, Dict, Iterable, List, Optional, Tuple, Union

from .models import Figure
from .units import format_decimal

__all__ = ["COLUMNS", "to_csv", "to_json", "to_row"]

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
    prov = figure.provenance
    return {
        "id": figure.id,
        "label_zh": figure.label_zh,
        "label_en": figure.label_en,
        "indicator": figure.indicator,
        "measure": figure.measure,
        "value": format_decimal(figure.value),
        "scale": figure.scale,
        "unit": figure.unit.code,
        "unit_zh": figure.unit.zh,
        "unit_en": figure.unit.en,
        "base_value": format_decimal(figure.base_value),
        "qualifier": figure.qualifier,
        "period_start": None if figure.period.start is None else figure.period.start.isoformat(),
        "period_end": figure.period.end.isoformat(),
        "period_label": figure.period.label,
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
        "source_id": prov.source_id,
        "quote": prov.quote,
        "quote_start": prov.start,
        "quote_end": prov.end,
        "literal": prov.literal,
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
    """Figures as a JSON array of full nested records (``Figure.model_dump(mode="json")``)."""
    records: List[Dict[str, Any]] = [f.model_dump(mode="json") for f in figures]
    return json.dumps(records, ensure_ascii=False, indent=indent) + "\n"
