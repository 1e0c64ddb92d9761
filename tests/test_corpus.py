"""The corpus of malformed releases (tests/corpus/*.json), each refused with a clear error.

Each case names the file of release 1.0.0 to break and how: ``raw`` or ``raw_hex`` content,
``replace`` (old, new) or ``replaces`` (several) in its text, ``patch`` operations on its
JSON, ``nested`` (a list nested that deep), ``repeat`` ([head, item, times, tail]: a file
of one item many times),
``prefix_bom``, ``delete``, or ``max_file_bytes`` (a lowered size limit). ``expect``
lists what the error must say: the file, and where there is one, the figure and the field.
"""

import json
import shutil
from pathlib import Path
from typing import Any, Dict, List, Union

import pytest

import liaocheng_data as ld
from liaocheng_data import _loader

CORPUS = sorted((Path(__file__).resolve().parent / "corpus").glob("*.json"))
#: A case's nested names (data format 1) in the flat layout of format 2.
TO_V2 = {nested: flat for flat, nested in _loader.V1_FIELD_NAMES.items()}


def for_format_2(case: Dict[str, Any]) -> Dict[str, Any]:
    """The same break in data format 2: its ``*_v2`` keys where given, else its patch paths
    and expected field names translated to the flat fields."""
    out = dict(case)
    for key in ("replace", "expect"):
        if f"{key}_v2" in case:
            out[key] = case[f"{key}_v2"]
    if "expect_v2" not in case:
        expect = []
        for fragment in case["expect"]:
            for nested, flat in TO_V2.items():
                fragment = fragment.replace(f"{nested}:", f"{flat}:")
            expect.append(fragment)
        out["expect"] = expect
    if "patch" in case and case["file"] == "figures.json":
        patch = []
        for op in case["patch"]:
            path = list(op["path"])
            if len(path) >= 3 and f"{path[-2]}.{path[-1]}" in TO_V2:
                path[-2:] = [TO_V2[f"{path[-2]}.{path[-1]}"]]
            patch.append({**op, "path": path})
        out["patch"] = patch
    return out


def _select(node: Any, step: Union[str, int, Dict[str, str]]) -> Any:
    if isinstance(step, dict):
        return next(item for item in node if item.get("id") == step["id"])
    return node[step]


def _patch(data: Any, ops: List[Dict[str, Any]]) -> None:
    for op in ops:
        *parents, last = op["path"]
        node = data
        for step in parents:
            node = _select(node, step)
        if op["op"] == "delete":
            del node[last]
        elif op["op"] == "add":
            node[last] += op["value"]
        else:
            node[last] = op["value"]


def _break(folder: Path, case: Dict[str, Any]) -> None:
    path = folder / case["file"]
    if case.get("delete"):
        path.unlink()
    elif "raw" in case:
        path.write_text(case["raw"], encoding="utf-8")
    elif "raw_hex" in case:
        path.write_bytes(bytes.fromhex(case["raw_hex"]))
    elif "repeat" in case:
        head, item, times, tail = case["repeat"]
        path.write_text(head + item * times + tail, encoding="utf-8")
    elif "nested" in case:
        path.write_text("[" * case["nested"] + "]" * case["nested"], encoding="utf-8")
    elif case.get("prefix_bom"):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    elif "replaces" in case:
        text = path.read_text(encoding="utf-8")
        for old, new in case["replaces"]:
            assert old in text, "the case's text to replace is not in the file"
            text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")
    elif "replace" in case:
        old, new = case["replace"]
        text = path.read_text(encoding="utf-8")
        assert old in text, "the case's text to replace is not in the file"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    elif "patch" in case:
        data = json.loads(path.read_text(encoding="utf-8"))
        _patch(data, case["patch"])
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


def test_corpus_is_large_enough() -> None:
    """The corpus holds at least 30 malformed releases."""
    assert len(CORPUS) >= 30


@pytest.mark.parametrize("data_format", [1, 2, 3, 4])
@pytest.mark.parametrize("case_file", CORPUS, ids=lambda p: p.stem)
def test_malformed_release_is_refused(
    case_file: Path,
    data_format: int,
    release_copy: Path,
    release_v2: Path,
    release_v3: Path,
    release_v4: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """load_release refuses the broken release with a LiaochengDataError naming the file and,
    where there is one, the figure and the field; the shipped release is unaffected. Every
    case runs on release 1.0.0 as shipped (data format 1) and as upgraded to formats 2, 3 and
    4 (a case that only means something in some formats lists them in ``formats``).
    """
    case = json.loads(case_file.read_text(encoding="utf-8"))
    if data_format not in case.get("formats", (1, 2, 3, 4)):
        return  # (not a skip: the case states the formats in which it is a break)
    if data_format > 1:
        case = for_format_2(case)
        shutil.rmtree(release_copy)
        shutil.copytree({2: release_v2, 3: release_v3, 4: release_v4}[data_format], release_copy)
    before = ld.release("1.0.0")
    if "max_file_bytes" in case:
        monkeypatch.setattr(_loader, "MAX_FILE_BYTES", case["max_file_bytes"])
    _break(release_copy, case)
    with pytest.raises(ld.LiaochengDataError) as info:
        ld.load_release(release_copy)
    error = info.value
    assert type(error).__name__ == case.get("error", "ValidationError")
    problems = getattr(error, "problems", (str(error),))
    text = "\n".join(problems)
    for fragment in case["expect"]:
        assert fragment in text, f"{case_file.stem}: {fragment!r} not in {text!r}"
    if "expect_count" in case:  # one error, not a cascade over the figures that are right
        assert len(problems) == case["expect_count"], text
    assert str(release_copy) in problems[0]  # the message names the file's place
    assert ld.release("1.0.0") is before
    assert ld.get("gdp-2025q1", release="1.0.0").value == before.get("gdp-2025q1").value


def test_corpus_cases_do_break_something(
    release_copy: Path, release_v2: Path, release_v3: Path, release_v4: Path
) -> None:
    """The unbroken copies load, so every refusal above comes from the case itself."""
    assert ld.load_release(release_copy).figures == ld.release("1.0.0").figures
    assert ld.load_release(release_v2).figures == ld.release("1.0.0").figures
    assert ld.load_release(release_v3).figures == ld.release("1.0.0").figures
    assert ld.load_release(release_v4).figures == ld.release("1.0.0").figures
    assert json.loads((release_v2 / "release.json").read_bytes())["format_version"] == 2
    assert json.loads((release_v3 / "release.json").read_bytes())["format_version"] == 3
    assert json.loads((release_v4 / "release.json").read_bytes())["format_version"] == 4
    shutil.rmtree(release_copy)
