"""Search normalisation and vocabulary: one rule per row, as the build applies them."""

from __future__ import annotations

import pytest

from ja_normalize import normalize
from search_vocabulary import build_vocabulary, english_key


@pytest.mark.parametrize(
    ("text", "normalized"),
    [
        ("ＩＡＭユーザー", "iamユーザー"),          # full-width Latin (NFKC), lower case
        ("ﾛｸﾞｲﾝ", "ログイン"),                    # half-width katakana with its voicing mark
        ("サーヴァー", "サーバー"),                 # ヴァ → バ
        ("ヴ", "ブ"),
        ("12ヶ月", "12ケ月"),                     # small ヶ
        ("ユーザ－", "ユーザー"),                   # a dash typed after katakana is ー
        ("十二時間", "12時間"),                   # kanji numerals
        ("二段階認証", "2段階認証"),
        ("六桁", "6桁"),
        ("百二十三", "123"),
        ("一二", "12"),                           # digit by digit without 十百千
        ("2 段階認証", "2段階認証"),                # space between digits and Japanese dropped
        ("IAM ユーザー", "iamユーザー"),
        ("sign   in", "sign in"),                 # spaces collapsed, kept between Latin words
        ("ルートユーザー パスワード", "ルートユーザー パスワード"),  # kept between Japanese words
    ],
)
def test_normalize(text: str, normalized: str) -> None:
    assert normalize(text) == normalized


@pytest.mark.parametrize(
    ("word", "key"), [("devices", "device"), ("access", "access"), ("aws", "aws"), ("its", "its")]
)
def test_english_key_drops_a_plural_s(word: str, key: str) -> None:
    assert english_key(word) == key


@pytest.fixture(scope="module")
def vocabulary():
    return build_vocabulary([
        "ポータルの URL が分からない",
        "登録メールアドレスが使えない場合はサポートに問い合わせます。判断してください。",
        "パスワードを忘れた。MFA デバイスをなくした。",
        "サインインできない・サインアウトする",
        "サーバーのユーザー",
    ]).table


@pytest.mark.parametrize(
    ("spelling", "key", "rule"),
    [
        ("分から", "分かる", "the page's own spelling: Sudachi's normalised form"),
        ("わから", "分かる", "kana spelling of the same verb, from the dictionary"),
        ("判ら", "分かる", "kanji variant from the dictionary (判 is used on the site: 判断)"),
        ("分ら", "分かる", "okurigana variant from the dictionary"),
        ("わすれ", "忘れる", "hiragana inflection from the dictionary"),
        ("ぱすわーど", "パスワード", "katakana word typed in hiragana"),
        ("サーバ", "サーバー", "katakana word without its final ー"),
        ("ユーザ", "ユーザー", "dictionary variant"),
        ("なくし", "紛失", "domain table: なくす is 紛失 on these pages"),
        ("無くし", "紛失", "domain table alias reaches the dictionary's inflections"),
        ("ログイン", "サインイン", "domain table: ログイン is サインイン"),
        ("はいれ", "サインイン", "domain table: 入る (getting in), dictionary kana inflection"),
        ("ログアウト", "サインアウト", "domain table: a multi-token word of the pages is one more key"),
        ("2段階認証", "mfa 2 段階 認証", "domain phrase: the pages' key and its own words"),
        ("スマホ", "スマートフォン", "reader's word"),
        ("password", "パスワード password", "English word"),
        ("forgot", "忘れる forgot", "English word"),
        ("the", "", "English stop word"),
        ("を", "", "particle: ignored"),
        ("ない", "~ない", "auxiliary: no topic, shown with the word before it; its lemma counts in phrases"),
        ("でき", "~出来る", "できる carries no topic"),
    ],
)
def test_vocabulary(vocabulary, spelling: str, key: str, rule: str) -> None:
    assert vocabulary.get(spelling) == key, rule


def test_vocabulary_keeps_out_kanji_the_site_never_uses(vocabulary) -> None:
    """取る's rare spellings (執る) are in the dictionary; the site uses no 執, so no entry."""
    assert not any("執" in surface for surface in vocabulary)
