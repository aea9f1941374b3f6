"""The character-level normalisation that search applies to the index and to the reader's query.

The build runs this on every surface it writes into the search vocabulary; the browser
(``docs/javascripts/search-worker.js``, function ``normalize``) runs the same steps on the page
text it indexes and on what the reader types, so both sides meet in the same spelling. A test
runs both implementations over the whole site and a table of cases and compares them.

Steps, in order:

1. NFKC, one character at a time, with a following (half-width) voicing mark folded into it:
   full-width Latin and digits, half-width katakana (ﾛｸﾞｲﾝ → ログイン), compatibility forms.
2. ASCII letters to lower case.
3. ヴ and the small ヵ/ヶ: ヴァ ヴィ ヴェ ヴォ ヴ → バ ビ ベ ボ ブ (サーヴァー → サーバー), ヵ ヶ → カ ケ.
4. A dash typed after katakana is the long-vowel mark (ユーザ－ → ユーザー).
5. Kanji numerals to Arabic digits (十二 → 12, 二段階 → 2段階, 六 → 6, 百二十 → 120).
6. White space collapsed to one space, and dropped between Japanese and Latin letters or digits
   (「2 段階認証」 as the pages write it, 「2段階認証」 as readers type it).

Plain Python with no MkDocs imports.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["is_japanese", "normalize"]

_VOICING = {"\uff9e", "\uff9f", "\u3099", "\u309a", "\u309b", "\u309c"}
_VU = [("ヴァ", "バ"), ("ヴィ", "ビ"), ("ヴェ", "ベ"), ("ヴォ", "ボ"), ("ヴ", "ブ"), ("ゔ", "ぶ"),
       ("ヵ", "カ"), ("ヶ", "ケ")]
_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUMERAL_RUN = re.compile("[〇零一二三四五六七八九十百千]+")
_DASH_AFTER_KATAKANA = re.compile("(?<=[\u30a1-\u30fa\u30fc])[-\u2010\u2015\u2212\uff0d]")
_SPACE = re.compile(r"\s+")
_JA = "\u3041-\u3096\u30a1-\u30fa\u30fc\u3005\u4e00-\u9fff"
_SPACE_BETWEEN_SCRIPTS = re.compile(f"(?<=[{_JA}]) (?=[a-z0-9])|(?<=[a-z0-9]) (?=[{_JA}])")


def _nfkc(text: str) -> str:
    out = []
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and text[j] in _VOICING:
            j += 1
        out.append(unicodedata.normalize("NFKC", text[i:j]))
        i = j
    return "".join(out)


def _numeral(run: str) -> str:
    """十二 → 12, 二十 → 20, 百二十三 → 123; a run without 十百千 is read digit by digit (一二 → 12)."""
    if not any(c in _UNITS for c in run):
        return "".join(str(_DIGITS[c]) for c in run)
    total, digit = 0, None
    for c in run:
        if c in _UNITS:
            total += (1 if digit is None else digit) * _UNITS[c]
            digit = None
        else:
            digit = (0 if digit is None else digit * 10) + _DIGITS[c]
    return str(total + (digit or 0))


def normalize(text: str) -> str:
    """The spelling search compares: see the module docstring for the steps."""
    text = _nfkc(text)
    text = re.sub("[A-Z]+", lambda m: m.group(0).lower(), text)
    for before, after in _VU:
        text = text.replace(before, after)
    text = _DASH_AFTER_KATAKANA.sub("ー", text)
    text = _NUMERAL_RUN.sub(lambda m: _numeral(m.group(0)), text)
    text = _SPACE.sub(" ", text)
    return _SPACE_BETWEEN_SCRIPTS.sub("", text)


def is_japanese(char: str) -> bool:
    """Hiragana, katakana (with ー) or kanji."""
    return bool(re.match(f"[{_JA}]", char))
