r"""Turning the web repost of the article into the clean text that quotes refer to.

The only copy of the article the project holds is a web repost that added pinyin glosses
in ASCII parentheses after many words (``感慨(gǎnkǎi)``, sometimes doubled), site
boilerplate (navigation, view counters, the title four times, a comment section), and
joined the body's paragraphs on one line with single spaces.

:func:`normalize` undoes exactly that and nothing else. The normalized layout is frozen:
the title once, a blank line, then each body paragraph on its own line, and a final newline.

Examples:
    >>> normalize("首页 资讯 正文\n\nT\n\n体育正文 1 0\n\nT\n\n甲(jiǎ)乙 (GDP)丙\nT\n")
    'T\n\n甲乙\n(GDP)丙\n'
"""

import re
import unicodedata
from collections import Counter
from types import MappingProxyType
from typing import Callable, List, Mapping, NamedTuple, Tuple

from .errors import NormalizationError

__all__ = [
    "NORMALIZERS",
    "PINYIN_GLOSS",
    "Gloss",
    "find_glosses",
    "fold",
    "normalize",
    "normalize_plain",
]

#: A pinyin gloss: lower-case Latin letters, with or without tone marks, in ASCII parentheses.
#: Upper-case letters (``(GDP)``), digits, spaces and Chinese text never match.
PINYIN_GLOSS = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")

_NAVIGATION = re.compile(r"首页 资讯 正文")
_COUNTERS = re.compile(r"\S*正文 \d+ \d+")
_COMMENTS_START = "欢迎 发表评论:"


class Gloss(NamedTuple):
    """One pinyin gloss found in a text: its span and its text."""

    start: int
    end: int
    text: str


def find_glosses(text: str) -> Tuple[Gloss, ...]:
    """Every pinyin gloss in ``text``, in order.

    Examples:
        >>> find_glosses("发展的(de)(de)机遇期 (GDP)")
        (Gloss(start=3, end=7, text='(de)'), Gloss(start=7, end=11, text='(de)'))
    """
    return tuple(Gloss(m.start(), m.end(), m.group()) for m in PINYIN_GLOSS.finditer(text))


def _strip_glosses(text: str) -> str:
    return PINYIN_GLOSS.sub("", text)


def normalize(raw: str) -> str:
    """Normalize the repost as received into the frozen clean layout.

    Raises :class:`~liaocheng_data.errors.NormalizationError` when the text does not have
    the repost's shape (no repeated title, no body, or a line of unknown boilerplate), rather
    than guessing.
    """
    if raw.startswith("\ufeff"):
        raw = raw[1:]
    lines = [line.strip() for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    if _COMMENTS_START in lines:
        lines = lines[: lines.index(_COMMENTS_START)]
    lines = [line for line in lines if line]
    if not lines:
        raise NormalizationError("the text is empty")
    counts = Counter(lines)
    title, times = counts.most_common(1)[0]
    if times < 2:
        # A clean copy (no boilerplate, title once): the first line is the title.
        title = lines[0]
    body: List[str] = []
    for line in lines:
        if line == title or _NAVIGATION.fullmatch(line) or _COUNTERS.fullmatch(line):
            continue
        body.append(line)
    if not body:
        raise NormalizationError("no body text found after removing the title and boilerplate")
    paragraphs: List[str] = []
    for line in body:
        paragraphs.extend(part for part in _strip_glosses(line).split(" ") if part)
    return _strip_glosses(title) + "\n\n" + "\n".join(paragraphs) + "\n"


#: Full-width punctuation and its ASCII counterpart in the repost.
_FOLD_TABLE = str.maketrans(
    {"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "！": "!", "？": "?"}
)


def fold(text: str) -> str:
    """Fold punctuation width and drop white space, for comparing copies with other layouts.

    Examples:
        >>> fold("增长6.7%，全省第3") == fold("增长6.7%,全省 第3")
        True
    """
    text = unicodedata.normalize("NFC", text).translate(_FOLD_TABLE)
    return "".join(ch for ch in text if not ch.isspace())


def normalize_plain(raw: str) -> str:
    r"""Normalize a clean copy: only encoding-level differences are removed.

    A leading BOM goes, line ends become ``\n``, the text is put in Unicode NFC, trailing
    white space is removed from each line and the text ends with exactly one newline. Words,
    punctuation and line breaks are kept: a copy that needs more (boilerplate, glosses) needs
    a normalizer of its own, as :func:`normalize` is the repost's.

    Examples:
        >>> normalize_plain("\ufeff标题\r\n\r\n正文 \r\n\n")
        '标题\n\n正文\n'
    """
    if raw.startswith("\ufeff"):
        raw = raw[1:]
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    text = "\n".join(line.rstrip() for line in lines).strip("\n")
    if not text:
        raise NormalizationError("the text is empty")
    return unicodedata.normalize("NFC", text) + "\n"


#: The normalizers a source can name (``Source.normalizer``): ``repost`` is :func:`normalize`
#: (the web repost of the 2025-06-04 article), ``plain`` is :func:`normalize_plain`.
NORMALIZERS: Mapping[str, Callable[[str], str]] = MappingProxyType(
    {"plain": normalize_plain, "repost": normalize}
)
