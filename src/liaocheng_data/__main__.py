"""The ``liaocheng-data`` command line (also ``python -m liaocheng_data``).

``main(argv)`` returns the exit status: 0 ok, 1 a problem found (one line on stderr, no
traceback), 2 a usage error.
"""

import argparse
import json
import os
import sys
import unicodedata
from datetime import date
from typing import Callable, Dict, List, Optional, Sequence, TextIO

from . import api
from ._loader import shipped_versions
from ._version import __version__
from .citation import STYLES, cite
from .errors import LiaochengDataError, ValidationError
from .exports import FORMATS, export, json_schema, to_csv, to_json
from .integrity import verify
from .models import Event, Figure
from .versions import as_release, check_changes, diff

__all__ = ["entrypoint", "main"]

_QUALIFIER_MARK = {
    "exact": "", "more_than": ">", "at_least": "≥", "approximately": "≈", "imprecise": "~",
}  # fmt: skip

_EPILOG = """\
examples:
  liaocheng-data list
  liaocheng-data list --topic trade --format csv > trade.csv
  liaocheng-data list --place 临清市 --start 2025-01-01
  liaocheng-data show gdp-2025q1
  liaocheng-data events
  liaocheng-data releases
  liaocheng-data cite gdp-2025q1 --style apa
  liaocheng-data verify --source my-copy-of-the-article.txt
  liaocheng-data list --search 民间投资
  liaocheng-data export --format datapackage --output liaocheng-package
  liaocheng-data export --format csv --bom --output figures.csv
  liaocheng-data diff 1.0.0 path/to/prepared/release
  liaocheng-data validate path/to/prepared/release
"""


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide and full-width characters take two.

    Examples:
        >>> display_width("聊城"), display_width("GDP")
        (4, 3)
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def _table(rows: Sequence[Sequence[str]]) -> str:
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines: List[str] = []
    for row in rows:
        cells = [_pad(cell, widths[i]) for i, cell in enumerate(row[:-1])] + [row[-1]]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"


def _value_text(figure: Figure) -> str:
    return _QUALIFIER_MARK[figure.qualifier] + figure.provenance.literal


def _period_text(figure: Figure) -> str:
    start = "" if figure.period.start is None else figure.period.start.isoformat()
    return f"{start}..{figure.period.end.isoformat()}"


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _cmd_list(args: argparse.Namespace, out: TextIO) -> int:
    found = api.figures(
        release=args.release,
        indicator=args.indicator,
        measure=args.measure,
        place=args.place,
        entity=args.entity,
        topic=args.topic,
        start=args.start,
        end=args.end,
        search=args.search,
    )
    if args.format == "csv":
        out.write(to_csv(found))
    elif args.format == "json":
        out.write(to_json(found))
    else:
        rows = [["ID", "VALUE", "PERIOD", "PLACE", "LABEL"]]
        rows += [
            [f.id, _value_text(f), _period_text(f), f.place.name_zh, f.label_en] for f in found
        ]
        out.write(_table(rows))
    return 0


def _cmd_show(args: argparse.Namespace, out: TextIO) -> int:
    figure = api.get(args.id, release=args.release)
    if args.format == "json":
        out.write(json.dumps(figure.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n")
        return 0
    rel = api.release(args.release)
    source = next(s for s in rel.sources if s.id == figure.provenance.source_id)
    qualifier = "" if figure.qualifier == "exact" else f" ({figure.qualifier})"
    entity = figure.entity
    lines = [
        f"{figure.id}  (data release {figure.release})",
        f"  label         {figure.label_zh} / {figure.label_en}",
        f"  indicator     {figure.indicator}   measure {figure.measure}",
        f"  value         {figure.value} x 10^{figure.scale} {figure.unit.code}{qualifier}",
        f"  base value    {figure.base_value} {figure.unit.code} ({figure.unit.en})",
        f"  as printed    {figure.provenance.literal}",
        f"  period        {_period_text(figure)}  ({figure.period.label})",
        f"  place         {figure.place.name_zh} / {figure.place.name_en}"
        f" [{figure.place.code or figure.place.id}]",
    ]
    if entity is not None:
        official = "" if entity.name_en_official else ", English name is our translation"
        lines.append(f"  organisation  {entity.name_zh} / {entity.name_en}{official}")
    if figure.rank_scope:
        lines.append(f"  rank within   {figure.rank_scope}")
    lines += [
        f"  topics        {', '.join(figure.topics)}",
        f"  quote         “{figure.provenance.quote}”",
        f"                characters {figure.provenance.start}..{figure.provenance.end} of "
        f"the normalized text of {source.id}",
        f"  source        {source.publisher_zh} ({source.publisher_en}), "
        f"{source.date.isoformat()}, {source.placement}",
        f"                {source.title_zh}",
        "                by " + ", ".join(f"{a.name_zh} ({a.name_en})" for a in source.authors),
    ]
    for item in figure.corroborated_by:
        lines.append(f"  corroborated  {item}")
    if figure.note:
        lines.append(f"  note          {figure.note}")
    out.write("\n".join(lines) + "\n")
    return 0


def _event_row(event: Event) -> List[str]:
    place = "" if event.place is None else event.place.name_zh
    return [event.date.isoformat(), event.id, place, event.label_en]


def _cmd_events(args: argparse.Namespace, out: TextIO) -> int:
    found = api.events(release=args.release)
    if args.format == "json":
        records = [e.model_dump(mode="json") for e in found]
        out.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(_table([["DATE", "ID", "PLACE", "LABEL"]] + [_event_row(e) for e in found]))
    return 0


def _cmd_cite(args: argparse.Namespace, out: TextIO) -> int:
    out.write(cite(args.id or None, style=args.style, release=args.release))
    return 0


def _cmd_verify(args: argparse.Namespace, out: TextIO) -> int:
    report = verify(source=args.source, release=args.release)
    for problem in report.problems:
        print(problem, file=sys.stderr)
    if report.ok:
        what = f"{report.files_checked} data files"
        if args.source:
            what += f" and {report.quotes_checked} quotes against {args.source}"
        out.write(f"ok: {what} verified\n")
    return 0 if report.ok else 1


def _cmd_sources(args: argparse.Namespace, out: TextIO) -> int:
    records = [s.model_dump(mode="json") for s in api.sources(release=args.release)]
    if args.format == "json":
        out.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
        return 0
    for s in api.sources(release=args.release):
        authors = ", ".join(f"{a.name_zh} ({a.name_en})" for a in s.authors)
        lines = [
            f"{s.id}",
            f"  title      {s.title_zh}",
            f"             {s.title_en}"
            + (" (our translation)" if s.title_en_is_translation else ""),
            f"  publisher  {s.publisher_zh} ({s.publisher_en}), {s.publisher_place}",
            f"  date       {s.date.isoformat()}, {s.placement}",
            f"  authors    {authors}",
            f"  language   {s.language}",
            f"  copy held  {s.copy_held}" + (f" <{s.copy_held_url}>" if s.copy_held_url else ""),
            f"  text       {s.text} (sha256 {s.sha256})",
            f"  rights     {s.rights}",
        ]
        if s.reprint is not None:
            r = s.reprint
            when = "" if r.date is None else f", {r.date.isoformat()}"
            lines.append(f"  reprint    {r.publisher_zh} ({r.publisher_en}){when}: {r.note}")
        out.write("\n".join(lines) + "\n")
    return 0


def _cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    path = export(args.format, args.output, release=args.release, bom=args.bom)
    print(f"wrote {path}", file=sys.stderr)
    return 0


def _cmd_schema(args: argparse.Namespace, out: TextIO) -> int:
    out.write(json.dumps(json_schema(release=args.release), ensure_ascii=False, indent=2) + "\n")
    return 0


def _cmd_vocab(args: argparse.Namespace, out: TextIO) -> int:
    rel = api.release(args.release)
    if args.table == "units":
        rows = [[u.code, u.kind, u.zh, u.en] for u in rel.units]
        records: List[Dict[str, str]] = [u.model_dump() for u in rel.units]
        head = ["code", "kind", "zh", "en"]
    else:
        terms = rel.measures if args.table == "measures" else rel.topics
        rows = [[t.id, t.zh, t.en, t.definition] for t in terms]
        records = [t.model_dump() for t in terms]
        head = ["id", "zh", "en", "definition"]
    if args.format == "json":
        out.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(_table([head, *rows]))
    return 0


def _cmd_releases(args: argparse.Namespace, out: TextIO) -> int:
    shipped = set(shipped_versions())
    for version in api.releases():
        origin = "shipped" if version in shipped else "entry point"
        out.write(f"{version}  ({origin})\n" if args.origin else version + "\n")
    return 0


def _cmd_diff(args: argparse.Namespace, out: TextIO) -> int:
    d = diff(args.old, args.new)
    if args.format == "json":
        record = {
            "old": d.old_version,
            "new": d.new_version,
            "added": [f.id for f in d.added],
            "removed": [f.id for f in d.removed],
            "renamed": [{"old_id": o, "new_id": n} for o, n in d.renamed],
            "changed": [
                {
                    "id": c.id,
                    "fields": [{"field": f.field, "old": f.old, "new": f.new} for f in c.fields],
                }
                for c in d.changed
            ],
            "reasons": dict(d.reasons),
        }
        out.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
        return 0
    lines = [f"diff {d.old_version} -> {d.new_version}"]

    def reason(figure_id: str) -> str:
        return f"   [{d.reasons[figure_id]}]" if figure_id in d.reasons else ""

    lines += [f"added    {f.id}{reason(f.id)}" for f in d.added]
    lines += [f"removed  {f.id}{reason(f.id)}" for f in d.removed]
    lines += [f"renamed  {o} -> {n}{reason(n)}" for o, n in d.renamed]
    for c in d.changed:
        lines.append(f"changed  {c.id}{reason(c.id)}")
        lines += [f"           {f.field}: {f.old!r} -> {f.new!r}" for f in c.fields]
    if d.empty:
        lines.append("no differences")
    out.write("\n".join(lines) + "\n")
    return 0


def _cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    try:
        rel = api.load_release(args.directory)
    except ValidationError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    previous = args.previous or rel.previous_version
    problems: List[str] = []
    if previous is not None:
        if args.previous is None and previous not in api.releases():
            print(f"warning: previous_version {previous} is not installed; declared changes "
                  "not checked (pass --previous DIR)", file=sys.stderr)  # fmt: skip
        else:
            problems, warnings = check_changes(as_release(previous), rel)
            for warning in warnings:
                print(f"warning: {warning}", file=sys.stderr)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    out.write(f"ok: {args.directory} is a valid data release {rel.version} "
              f"({len(rel.figures)} figures, {len(rel.events)} events)\n")  # fmt: skip
    return 0


#: Subcommands that take no --release: they list releases, compare the ones named, validate a
#: directory, or describe the export format, whatever the release.
_NO_RELEASE = frozenset({"releases", "diff", "validate"})


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="liaocheng-data",
        description="Figures of the Dazhong Daily's 2025-06-04 report on Liaocheng's economy.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"liaocheng-data {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def add(name: str, helptext: str, func: Callable[[argparse.Namespace, TextIO], int],
            formats: Sequence[str]) -> argparse.ArgumentParser:  # fmt: skip
        p = sub.add_parser(name, help=helptext, description=helptext, epilog=_EPILOG,
                           formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
        p.set_defaults(func=func)
        if name not in _NO_RELEASE:
            p.add_argument("--release", metavar="VERSION", help="data release (default: newest)")
        if formats:
            p.add_argument("--format", choices=formats, default=formats[0],
                           help=f"output format (default: {formats[0]})")  # fmt: skip
        return p

    p = add("list", "list figures, filtered", _cmd_list, ("table", "csv", "json"))
    p.add_argument("--indicator", help="indicator code, e.g. gdp")
    p.add_argument("--measure", help="measure id, e.g. level (see: vocab measures)")
    p.add_argument("--place", help="place id, code or name; includes the places under it")
    p.add_argument("--entity", help="organisation id or name")
    p.add_argument("--topic", help="topic id, e.g. trade (see: vocab topics)")
    p.add_argument("--start", type=_date, help="keep figures whose period ends on or after")
    p.add_argument("--end", type=_date, help="keep figures whose period starts on or before")
    p.add_argument("--search", metavar="TEXT",
                   help="keep figures whose labels, quote, place or organisation contain "
                        "every word (Chinese or English)")  # fmt: skip
    p = add("show", "show one figure: every field, the quote and the source", _cmd_show,
            ("text", "json"))  # fmt: skip
    p.add_argument("id", help="figure id, e.g. gdp-2025q1")
    add("events", "list the dated events the article reports", _cmd_events, ("table", "json"))
    p = add("releases", "list the available data releases, oldest first", _cmd_releases, ())
    p.add_argument("--origin", action="store_true", help="say where each release comes from")
    p = add("diff", "compare two releases (versions or directories)", _cmd_diff, ("text", "json"))
    p.add_argument("old", help="version or release directory")
    p.add_argument("new", help="version or release directory")
    p = add("validate", "validate a release directory; exit 0 only if valid", _cmd_validate, ())
    p.add_argument("directory")
    p.add_argument(
        "--previous",
        metavar="REF",
        help="release to check declared changes against (default: previous_version)",
    )
    add("sources", "show the source records: the article's bibliographic facts", _cmd_sources,
        ("text", "json"))  # fmt: skip
    p = add("cite", "cite the dataset, or figures", _cmd_cite, ())
    p.add_argument("id", nargs="*", help="figure ids (default: cite the dataset)")
    p.add_argument("--style", choices=STYLES, default="bibtex", help="(default: bibtex)")
    p = add("export", "write the figures as CSV, JSON, JSON Lines, a Data Package or Parquet",
            _cmd_export, FORMATS)  # fmt: skip
    p.add_argument("--output", "-o", required=True, metavar="PATH",
                   help="file to write (a folder for datapackage)")  # fmt: skip
    p.add_argument("--bom", action="store_true", help="CSV only: start with a BOM for Excel")
    add("schema", "print the JSON Schema of exported JSON records", _cmd_schema, ())
    p = add("vocab", "list a release's units, measures or topics, with their definitions",
            _cmd_vocab, ("table", "json"))  # fmt: skip
    p.add_argument("table", choices=("units", "measures", "topics"))
    p = add("verify", "check the installed data, and the quotes against a copy", _cmd_verify, ())
    p.add_argument("--source", metavar="FILE", help="your copy of the article (repost or clean)")
    return parser


def main(argv: Optional[Sequence[str]] = None, out: Optional[TextIO] = None) -> int:
    """Run the command line; return the exit status."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    stream = sys.stdout if out is None else out
    try:
        status: int = args.func(args, stream)
    except LiaochengDataError as exc:
        print(f"liaocheng-data: error: {exc}", file=sys.stderr)
        return 1
    return status


def entrypoint() -> None:
    """Console-script entry point: exit with :func:`main`'s status; quiet on a closed pipe."""
    try:
        status = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, as the Python docs advise.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        status = 1
    sys.exit(status)


if __name__ == "__main__":
    entrypoint()
