"""The search vocabulary: every spelling search understands, and the word it stands for.

Built once per site build from the text of the search index, with SudachiPy and SudachiDict:

- every word of the index, cut by Sudachi, under its *key*: Sudachi's normalised form
  (分から, 判ら, わから → 分かる; でき, 出来 → 出来る; ユーザ → ユーザー; 十二 → 12);
- for each content word, the other spellings and inflections the dictionary lists under the
  same normalised form (判らない, 分らない, 出来ない, はいれない …), so a reader's spelling that
  the pages never use still meets the page's word;
- katakana words spelt in hiragana (ぱすわーど → パスワード) and without a final long-vowel
  mark (サーバ → サーバー), for phones and habits;
- English words and the domain terms that no dictionary links (``DOMAIN_TERMS`` below).

The browser cuts both the page text and the query with this one table (longest match, after the
same character normalisation, ``ja_normalize.normalize``), so index and query are segmented and
normalised by the same operation. Function words map to ``""`` (ignored) or ``"~" + lemma`` (ignored, but
shown as part of the word before them: 分から + ない → 「分からない」).

Plain Python with no MkDocs imports.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ja_normalize import normalize

__all__ = ["DOMAIN_TERMS", "ENGLISH_STOP_WORDS", "Vocabulary", "build_vocabulary", "encode_table", "english_key",
           "is_function_word"]

#: Words readers use that no dictionary links to the words the pages use. Each key is the
#: pages' word (its search key is whatever Sudachi makes of it); each value lists the readers'
#: spellings, with the wording that needed them. Nothing else is hand-written.
DOMAIN_TERMS: list[tuple[str, tuple[str, ...]]] = [
    # 「2段階認証 できない」「二段階認証のスマホを機種変更した」「2FA」: MFA has several Japanese names
    ("MFA", ("多要素認証", "2段階認証", "2要素認証", "2段階", "2要素", "多要素", "2fa", "2sv",
             "ワンタイムパスワード", "otp")),
    # 「ログインできません」「SSO ログイン」「login」: AWS says サインイン, readers say ログイン
    ("サインイン", ("ログイン", "ログオン", "サインオン", "login", "log in", "logon", "signin", "sign in",
                "sign-in")),
    # 「AWSに入れない」「コンソールに入れない」: getting in, said as 入る / 入れる
    ("サインイン", ("入る", "入れる")),
    # the same pair for the way out: 「勝手にログアウトされる」 (AWS says サインアウト)
    ("サインアウト", ("ログアウト", "ログオフ", "logout", "log out", "signout", "sign out")),
    # 「sign in as root」「reset root password」
    ("ルート", ("root",)),
    # 「MFA なくした」: Sudachi keeps なくす apart from 無くす; 「lost MFA device」
    ("紛失", ("無くす", "なくす", "失くす", "lost", "lose")),
    # 「ルートのパスワードを再設定」「パスワード再発行」: reset, said as re-set or re-issue
    ("リセット", ("再設定", "再発行", "reset")),
    # 「前の担当者が辞めた」「会社の人がやめて」: the person who left
    ("退職", ("辞める", "やめる", "辞職")),
    # 「会社のアドレスが使えなくなった」: アドレス alone means the mail address
    ("メール", ("アドレス", "メアド", "email", "mail", "e-mail")),
    # 「スマホが壊れて」: the phone that holds the authenticator app
    ("スマートフォン", ("スマホ", "携帯", "ケータイ", "smartphone")),
    # 「アカウントが凍結された」: suspended, said as frozen
    ("停止", ("凍結", "suspended", "suspend")),
    # 「アカウントがサスペンドされた」: suspended, in katakana
    ("停止", ("サスペンド",)),
    # 「authenticator アプリを消した」: the app readers name for their MFA
    ("MFA", ("authenticator",)),
    # 「アマゾンのパスワードで」: Amazon in katakana
    ("Amazon", ("アマゾン",)),
    # English words readers type for the topics (forgot, password, lost, locked, portal …)
    ("パスワード", ("password", "passwd")),
    ("忘れる", ("forgot", "forget", "forgotten")),
    ("アカウント", ("account",)),
    ("ユーザー", ("user",)),
    ("サポート", ("support",)),
    ("問い合わせ", ("contact",)),
    ("ブラウザ", ("browser",)),
    ("キャッシュ", ("cache",)),
    ("クッキー", ("cookie",)),
    ("エイリアス", ("alias",)),
    ("ロック", ("locked", "lock", "lockout")),
    ("ポータル", ("portal",)),
    ("電話", ("phone", "call")),
    ("間違える", ("wrong", "incorrect")),
    ("セッション", ("session",)),
    ("ロール", ("role",)),
    ("トークン", ("token",)),
    ("エラー", ("error",)),
    ("デバイス", ("device",)),
    ("コード", ("code",)),
]

#: English words that carry no topic.
_ENGLISH_STOP = """a an the to in on as of for my i me is it its how what can cannot can't not do does did
    and or with this that your you be was were has have when from are am please at by why where
    which will would should could no"""
ENGLISH_STOP_WORDS = frozenset(_ENGLISH_STOP.split())

#: Sudachi parts of speech that carry no topic, and lemmas too common to tell pages apart.
_STOP_POS = {"助詞", "補助記号", "記号", "空白", "接続詞", "感動詞", "代名詞", "連体詞"}
_ATTACHED_POS = {"助動詞"}  # shown with the word before them
_ATTACHED_LEMMAS = {"為る", "居る", "有る", "成る", "出来る", "無い", "下さる", "来る", "行く", "見る", "致す",
                    "頂く", "仕舞う", "置く", "良い", "御座る", "貰う", "呉れる", "言う", "思う"}
_STOP_LEMMAS = {"事", "物", "様", "為", "時", "場合", "方", "等", "際", "中", "上", "所", "御", "お", "ご"}
#: conjugated forms a reader types (not dialect, volitional or imperative forms)
_FORMS = {"未然形-一般", "連用形-一般", "連用形-促音便", "連用形-撥音便", "連用形-イ音便", "終止形-一般",
          "仮定形-一般", "語幹-一般"}
_INFLECTING = ("動詞", "形容詞", "助動詞")
_MAX_SURFACE = 16
_KATAKANA_WORD = re.compile("^[\u30a1-\u30fa\u30fc]+$")
_ASCII = re.compile("^[\x00-\x7f]+$")
_KANJI = re.compile("[\u3005\u4e00-\u9fff]")


@dataclass
class Vocabulary:
    """surface (normalised) -> key; ``""`` and ``"~…"`` are function words."""

    table: dict[str, str] = field(default_factory=dict)

    def add(self, surface: str, key: str) -> None:
        surface = normalize(surface).strip()
        if surface and len(surface) <= _MAX_SURFACE and surface not in self.table:
            self.table[surface] = key


@functools.cache
def _dictionary(name: str = "small"):
    from sudachipy import Dictionary

    return Dictionary(dict=name)


@functools.cache
def _tokenizer():
    from sudachipy import SplitMode

    return _dictionary().tokenizer(mode=SplitMode.A)


def _key(morpheme) -> str:
    pos = morpheme.part_of_speech()
    lemma = morpheme.normalized_form()
    kana_prefix = pos[0] == "接頭辞" and not _KANJI.search(lemma)  # お, ご (再, 未 are words)
    if (pos[0] in _STOP_POS and pos[1] != "接続助詞") or lemma in _STOP_LEMMAS or kana_prefix:
        return ""
    if pos[0] in _ATTACHED_POS or pos[1] == "接続助詞" or lemma in _ATTACHED_LEMMAS:
        return "~" + normalize(lemma)  # the lemma tells できない from したあと in a phrase
    return normalize(lemma)


def is_function_word(key: str) -> bool:
    """``""`` (ignored) and ``"~…"`` (attached to the word before it, as 「できない」 to サインイン)."""
    return key == "" or key.startswith("~")


def english_key(word: str) -> str:
    """An English word's key: a final plural 's' dropped (devices → device, not access)."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _hiragana(katakana: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "\u30a1" <= c <= "\u30f6" else c for c in katakana)


def _spellings(lemmas: frozenset[str]) -> dict[str, list[tuple[str, str, str, str]]]:
    """Normalised form -> (surface, reading, conjugation type, form) of the dictionary's entries.

    Walking the whole dictionary takes a few seconds, so the answer is kept in the system's
    temporary folder, keyed by the dictionary's version and the set of words asked about.
    """
    from importlib.metadata import version

    digest = hashlib.sha256("\n".join(sorted(lemmas)).encode()).hexdigest()[:16]
    cache = Path(tempfile.gettempdir()) / "search-vocabulary" / f"{version('sudachidict_small')}-{digest}.json"
    if cache.exists():
        return json.loads(cache.read_text(encoding="utf-8"))
    found: dict[str, list[tuple[str, str, str, str]]] = {}
    for entry in _dictionary().entries():
        if entry.normalized_form() in lemmas:
            pos = entry.part_of_speech()
            if pos[0] in _INFLECTING:
                found.setdefault(entry.normalized_form(), []).append(
                    (entry.surface(), entry.reading_form(), pos[4], pos[5]))
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(found, ensure_ascii=False), encoding="utf-8")
    return found


def build_vocabulary(texts: Iterable[str]) -> Vocabulary:
    """The vocabulary of these texts (titles, body text, symptoms, messages of the index)."""
    vocabulary = Vocabulary()
    tokenizer = _tokenizer()
    inflecting: dict[str, tuple[str, str, str]] = {}  # lemma -> (key, conjugation type, reading)
    texts = [*texts, *(s for _, spellings in DOMAIN_TERMS for s in spellings)]
    kanji = set(_KANJI.findall("".join(texts)))
    for text in texts:
        for line in text.splitlines():
            for morpheme in tokenizer.tokenize(line):
                surface = morpheme.surface()
                if _ASCII.match(surface):
                    continue
                key = _key(morpheme)
                vocabulary.add(surface, key)
                pos = morpheme.part_of_speech()
                if pos[0] in _INFLECTING:
                    inflecting.setdefault(morpheme.normalized_form(), (key, pos[4], morpheme.reading_form()))
    _add_dictionary_spellings(vocabulary, inflecting, kanji)
    _add_kana_spellings(vocabulary)
    _add_domain_terms(vocabulary)
    for word in ENGLISH_STOP_WORDS:
        vocabulary.table.setdefault(word, "")
    return vocabulary


def _add_dictionary_spellings(vocabulary: Vocabulary, lemmas: dict[str, tuple[str, str, str]], kanji: set[str]) -> None:
    """Other spellings and inflections of the same word: same conjugation, same first sound
    (not the voiced form a compound takes), no katakana spelling of a verb, and only kanji that
    the site itself uses somewhere (判らない yes: 判 is in 判断; 執らない no)."""
    for lemma, entries in _spellings(frozenset(lemmas)).items():
        key, conjugation, reading = lemmas[lemma]
        for surface, entry_reading, entry_conjugation, form in entries:
            if (entry_conjugation == conjugation and form in _FORMS and len(surface) > 1
                    and entry_reading[:1] == reading[:1] and not re.search("[\u30a1-\u30fa]", surface)
                    and set(_KANJI.findall(surface)) <= kanji):
                vocabulary.add(surface, key)


def _add_kana_spellings(vocabulary: Vocabulary) -> None:
    for surface, key in list(vocabulary.table.items()):
        if is_function_word(key) or not _KATAKANA_WORD.match(surface):
            continue
        if len(surface) >= 3:
            vocabulary.add(_hiragana(surface), key)
        if surface.endswith("ー") and len(surface) >= 4:
            vocabulary.add(surface[:-1], key)


def _analyse(word: str) -> list[str]:
    """The keys of a word or phrase, as the vocabulary cuts it (function words included)."""
    keys = []
    for chunk in re.findall(r"[\x00-\x7f]+|[^\x00-\x7f]+", word):
        if _ASCII.match(chunk):
            words = re.findall("[a-z0-9]+", normalize(chunk))
            keys += ["" if w in ENGLISH_STOP_WORDS else english_key(w) for w in words]
        else:
            keys += [_key(m) for m in _tokenizer().tokenize(chunk) if m.part_of_speech()[0] != "空白"]
    return keys


def _add_domain_terms(vocabulary: Vocabulary) -> None:
    """Readers' spellings of the pages' words: one word becomes an alias of the pages' key (all
    its inflections follow); a phrase becomes one entry that stands for the pages' key and for
    its own words."""
    aliases: dict[str, str] = {}
    phrases: dict[str, str] = {}
    for pages_word, spellings in DOMAIN_TERMS:
        parts = [k for k in _analyse(pages_word) if not is_function_word(k)]
        target = parts[0] if len(parts) == 1 else normalize(pages_word)
        if len(parts) > 1:  # サインアウト cut as サイン|アウト: the whole word is one more key
            phrases[normalize(pages_word)] = " ".join([target, *parts])
        for spelling in spellings:
            keys = [k for k in _analyse(spelling) if not is_function_word(k)]
            if len(keys) == 1 and not _ASCII.match(spelling):
                aliases[keys[0]] = target
                phrases[normalize(spelling)] = target
            else:
                phrases[normalize(spelling)] = " ".join(dict.fromkeys([target, *keys]))
    for surface, key in vocabulary.table.items():
        vocabulary.table[surface] = aliases.get(key, key)
    vocabulary.table.update(phrases)


def encode_table(vocabulary: Vocabulary) -> str:
    """One line per key: the key, then its spellings, tab-separated; ``+key`` when the key is
    itself one of its spellings. ``search-worker.js`` (loadVocabulary) reads it back."""
    by_key: dict[str, list[str]] = {}
    for surface, key in sorted(vocabulary.table.items()):
        by_key.setdefault(key, []).append(surface)
    lines = []
    for key, surfaces in sorted(by_key.items()):
        if key in surfaces and not is_function_word(key):
            surfaces.remove(key)
            key = "+" + key
        lines.append("\t".join([key, *surfaces]))
    return "\n".join(lines)
