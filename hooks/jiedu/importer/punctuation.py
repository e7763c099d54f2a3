"""Punctuation width and spaces in a text's paragraphs: step 3 of the import.

Two policies, by how the raw file was made (``sourcekind.py``):

- an **OCR copy** of Chinese print (:func:`normalize`): every ASCII ``, : ; ? ! ( )`` and
  straight double quote the OCR read is the print's full-width mark, except ``,`` and ``:``
  between two digits (1,000 and 12:30); spaces and line breaks are the column's, so they go,
  except one between two Latin words or numbers;
- a **clean copy** (plain text, Markdown, HTML: :func:`normalize_clean`): the text is as its
  author wrote it. An ASCII mark becomes full-width only where the text is Chinese (a Chinese
  character or mark before it, or, for an opening bracket or quote, after it); a line break
  inside a paragraph goes between two Chinese characters and is one space elsewhere; other
  spaces stay.

In both, URLs and e-mail addresses are never touched (``https://`` keeps its colon).
Private-use marker characters (``corrections.py``) pass through. Pure functions.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

#: ASCII punctuation that has a full-width form in Chinese text.
FULLWIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
#: Of those, the ones that stay ASCII between two digits (1,000 and 12:30).
NUMBER_INNER = ",:"
#: A URL or e-mail address: ASCII only, so it stops at the Chinese text after it; not a
#: bracket nor a final full stop or comma (“见www.gov.cn）。”).
URL = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.)[A-Za-z0-9\-._~:/?#@!$&'*+,;=%]*[A-Za-z0-9\-_~/#@$&'*+=%]"
                 r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
#: Characters of Chinese text: Han, CJK and full-width punctuation, curly quotes, dashes, ellipsis.
WIDE = re.compile("[\u2014\u2018\u2019\u201c\u201d\u2026\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff"
                  "\uf900-\ufaff\uff00-\uffef\U00020000-\U0003134f]")
_MARKERS = "\ue000\ue001\ue002"
_SKIP = re.compile(f"[ \t{_MARKERS}\ue100-\ue8ff]")
#: A line break inside a paragraph, with the spaces and indentation around it.
LINE_BREAK = re.compile("[ \t]*\n[ \t\u3000]*")


@dataclass(frozen=True)
class Normalized:
    """A paragraph's text after step 3, and what was changed."""

    text: str
    punctuation: int = 0  # ASCII marks made full-width
    spaces: int = 0  # runs of spaces or line breaks removed (OCR)
    joined: int = 0  # line breaks inside the paragraph joined (clean copies)


def _protected(text: str) -> set[int]:
    return {i for m in URL.finditer(text) for i in range(m.start(), m.end())}


def to_fullwidth(text: str, quotes: bool = True) -> str:
    """OCR policy: replace ASCII , : ; ? ! ( ) and straight double quotes by full-width forms.

    Straight quotes alternate “ and ” within the text; ``,`` and ``:`` between two digits
    stay ASCII, and so does everything else (``.`` in 2.37亿 is never touched), and URLs.

    >>> to_fullwidth('开创了"中国之治"新局面,共有1,000人(约)')
    '开创了“中国之治”新局面，共有1,000人（约）'
    >>> to_fullwidth('"要以党的领导统揽全局""扩大"')
    '“要以党的领导统揽全局”“扩大”'
    >>> to_fullwidth('见https://www.gov.cn/a?b=1,2,详见')
    '见https://www.gov.cn/a?b=1,2，详见'
    """
    out: list[str] = []
    opening = True
    skip = _protected(text)
    for i, ch in enumerate(text):
        if i in skip:
            out.append(ch)
        elif ch == '"' and quotes:
            out.append("“" if opening else "”")
            opening = not opening
        elif ch in FULLWIDTH:
            between_digits = (ch in NUMBER_INNER and 0 < i < len(text) - 1
                              and text[i - 1].isascii() and text[i - 1].isdigit()
                              and text[i + 1].isascii() and text[i + 1].isdigit())
            out.append(ch if between_digits else FULLWIDTH[ch])
        else:
            out.append(ch)
    return "".join(out)


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def remove_spaces(text: str) -> str:
    """OCR policy: remove spaces and line breaks, except one space between two Latin words or
    numbers.

    >>> remove_spaces("践行 党的根本宗旨，夯实基层基 础")
    '践行党的根本宗旨，夯实基层基础'
    >>> remove_spaces("2024 年5月，共有2.37 亿人")
    '2024年5月，共有2.37亿人'
    >>> remove_spaces("使用 Open  Source\\n软件")
    '使用Open Source软件'
    """
    def keep(m: re.Match[str]) -> str:
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        return " " if before and after and _latin(before) and _latin(after) else ""

    return re.sub(r"\s+", keep, text)


def normalize(text: str, quotes: bool = True) -> str:
    """OCR policy: full-width punctuation first (it needs the spaces: ``2023, 2024`` is a
    list), then spaces removed.

    >>> normalize('系统谋划, 顶层设计, 2023, 2024 年 "友好社区" "友好商圈"')
    '系统谋划，顶层设计，2023，2024年“友好社区”“友好商圈”'
    """
    return remove_spaces(to_fullwidth(text, quotes))


def ocr_normalized(text: str, quotes: bool = True) -> Normalized:
    """:func:`normalize`, counting what it changed."""
    wide = to_fullwidth(text, quotes)
    return Normalized(remove_spaces(wide), _converted(text, wide), len(re.findall(r"\s+", wide.strip())) + (wide != wide.strip()))


# -- clean copies -----------------------------------------------------------------------------


def _neighbour(text: str, i: int, step: int) -> str:
    """The nearest character before (step -1) or after (step 1) position ``i`` that is not a
    space or a marker; "" at either end."""
    j = _near(text, i, step)
    return text[j] if 0 <= j < len(text) else ""


def _near(text: str, i: int, step: int) -> int:
    j = i + step
    while 0 <= j < len(text) and _SKIP.match(text[j]):
        j += step
    return j


def _wide(ch: str) -> bool:
    return bool(ch) and bool(WIDE.match(ch))


def chinese_quotes(text: str) -> int:
    """How many straight double quotes stand in Chinese text (a Chinese character next to it).

    >>> chinese_quotes('他说"好"。She said "yes".')
    2
    """
    return sum(1 for i, ch in enumerate(text) if ch == '"' and (_wide(_neighbour(text, i, -1)) or _wide(_neighbour(text, i, 1))))


def to_fullwidth_chinese(text: str, quotes: bool = True) -> str:
    """Clean-copy policy: full-width marks only where the text is Chinese; the ASCII spaces
    after such a mark go when Chinese follows (a full-width mark carries its own space). A
    full stop after Chinese (not before a digit) is 。.

    >>> to_fullwidth_chinese('中文,English, text: 是吗?(一)2,000人. 第3.5条. (2017年通过)(see p. 3)')
    '中文，English, text: 是吗？（一）2,000人。第3.5条。（2017年通过）(see p. 3)'
    >>> to_fullwidth_chinese('访问https://www.gov.cn:443/a,b。他说"好". He said "yes". 如下 : 一')
    '访问https://www.gov.cn:443/a,b。他说“好”。 He said "yes". 如下：一'
    """
    skip = _protected(text)
    out = list(text)
    opened: list[tuple[int, bool]] = []  # each "(" seen, and whether it became full-width
    opening = True
    for i, ch in enumerate(text):
        if i in skip or (ch not in FULLWIDTH and ch not in '".'):
            continue
        before, after = _neighbour(text, i, -1), _neighbour(text, i, 1)
        if ch == '"':
            if quotes and (_wide(before) or _wide(after)):
                out[i] = "“" if opening else "”"
                opening = not opening
        elif ch == "(":
            inside = text[i + 1 : text.find(")", i) if ")" in text[i:] else i + 1]
            wide = _wide(after) or _wide(before) or (bool(WIDE.search(inside)) and not re.search("[A-Za-z]", inside))
            opened.append((i, wide))
            if wide:
                out[i] = "（"
        elif ch == ")":
            wide = opened.pop()[1] if opened else _wide(before)
            if wide:
                out[i] = "）"
        elif ch == ".":
            j = _near(text, i, -1)
            if j >= 0 and _wide(out[j]) and not after.isdigit():  # out: a quote before it is “” now
                out[i] = "。"
        elif _wide(before) or (after and _wide(after) and not (before.isascii() and before.isalpha())
                               and not (ch in NUMBER_INNER and before.isdigit() and after.isdigit())):
            out[i] = FULLWIDTH[ch]
    for i, ch in enumerate(text):  # spaces around a mark made full-width, next to Chinese
        if out[i] == ch or out[i] in ("", " "):
            continue
        j = i + 1
        while j < len(text) and text[j] in " \t\u00a0":
            j += 1
        if out[i] not in "“（" and j > i + 1 and j < len(text) and _wide(text[j]):
            out[i + 1 : j] = [""] * (j - i - 1)
        k = i - 1
        while k >= 0 and text[k] in " \t\u00a0":
            k -= 1
        if out[i] not in "”）" and k < i - 1 and k >= 0 and _wide(out[k]):
            out[k + 1 : i] = [""] * (i - k - 1)
    return "".join(out)


def join_lines(text: str) -> tuple[str, int]:
    """Clean-copy policy: a line break inside a paragraph (with the spaces and indentation
    around it) goes between two Chinese characters and is one space elsewhere. Returns the
    text and the number of breaks joined.

    >>> join_lines("他们都\\n　　说好。\\nHello\\n world")
    ('他们都说好。Hello world', 3)
    """
    def repl(m: re.Match[str]) -> str:
        before, after = _neighbour(text, m.start(), -1), _neighbour(text, m.end() - 1, 1)
        return "" if _wide(before) or _wide(after) else " "

    joined = LINE_BREAK.sub(repl, text)
    return joined, len(LINE_BREAK.findall(text))


def normalize_clean(text: str, quotes: bool = True) -> Normalized:
    """Clean-copy policy: lines joined, full-width marks where the text is Chinese, the
    paragraph's own spaces kept (an ideographic space after 第一条 stays).

    >>> n = normalize_clean('第一条　为了保障, 制定本条例\\n(见www.gov.cn)。')
    >>> print(n.text, n.punctuation, n.joined)
    第一条　为了保障，制定本条例（见www.gov.cn）。 3 1
    """
    joined, breaks = join_lines(text.strip())
    wide = to_fullwidth_chinese(joined, quotes)
    return Normalized(wide, _converted(joined, wide), 0, breaks)


def _converted(before: str, after: str) -> int:
    return sum(before.count(c) - after.count(c) for c in ',:;?!()".')
