"""Fake personal data: Japanese names in kanji, e-mail addresses and mobile numbers.

Every value is invented: e-mail addresses use only the reserved domains example.com,
example.jp and example.net, and phone numbers are random digits in the 0X0-XXXX-XXXX format.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from crm_lib.demo.columns import join_strings

# (kanji, romaji) of common family names, most common first
SURNAMES = (
    ("佐藤", "sato"), ("鈴木", "suzuki"), ("高橋", "takahashi"), ("田中", "tanaka"),
    ("伊藤", "ito"), ("渡辺", "watanabe"), ("山本", "yamamoto"), ("中村", "nakamura"),
    ("小林", "kobayashi"), ("加藤", "kato"), ("吉田", "yoshida"), ("山田", "yamada"),
    ("佐々木", "sasaki"), ("山口", "yamaguchi"), ("松本", "matsumoto"), ("井上", "inoue"),
    ("木村", "kimura"), ("林", "hayashi"), ("斎藤", "saito"), ("清水", "shimizu"),
    ("山崎", "yamazaki"), ("森", "mori"), ("池田", "ikeda"), ("橋本", "hashimoto"),
    ("阿部", "abe"), ("石川", "ishikawa"), ("山下", "yamashita"), ("中島", "nakajima"),
    ("石井", "ishii"), ("小川", "ogawa"), ("前田", "maeda"), ("岡田", "okada"),
    ("長谷川", "hasegawa"), ("藤田", "fujita"), ("後藤", "goto"), ("近藤", "kondo"),
    ("村上", "murakami"), ("遠藤", "endo"), ("青木", "aoki"), ("坂本", "sakamoto"),
    ("福田", "fukuda"), ("太田", "ota"), ("西村", "nishimura"), ("藤井", "fujii"),
    ("金子", "kaneko"), ("岡本", "okamoto"), ("藤原", "fujiwara"), ("中野", "nakano"),
    ("三浦", "miura"), ("原田", "harada"),
)  # fmt: skip

GIVEN_FEMALE = (
    ("花子", "hanako"), ("陽子", "yoko"), ("恵子", "keiko"), ("京子", "kyoko"),
    ("幸子", "sachiko"), ("美香", "mika"), ("由美子", "yumiko"), ("真由美", "mayumi"),
    ("久美子", "kumiko"), ("智子", "tomoko"), ("直美", "naomi"), ("裕子", "yuko"),
    ("明美", "akemi"), ("美穂", "miho"), ("愛", "ai"), ("彩", "aya"), ("さくら", "sakura"),
    ("美咲", "misaki"), ("陽菜", "hina"), ("結衣", "yui"), ("千尋", "chihiro"),
    ("麻衣", "mai"), ("香織", "kaori"), ("沙織", "saori"), ("理恵", "rie"), ("奈々", "nana"),
    ("純子", "junko"), ("和子", "kazuko"), ("典子", "noriko"), ("綾香", "ayaka"),
)  # fmt: skip

GIVEN_MALE = (
    ("太郎", "taro"), ("一郎", "ichiro"), ("健一", "kenichi"), ("誠", "makoto"),
    ("浩", "hiroshi"), ("茂", "shigeru"), ("隆", "takashi"), ("大輔", "daisuke"),
    ("翔太", "shota"), ("拓也", "takuya"), ("健太", "kenta"), ("直樹", "naoki"),
    ("和也", "kazuya"), ("剛", "tsuyoshi"), ("修", "osamu"), ("悠斗", "yuto"), ("蓮", "ren"),
    ("大翔", "hiroto"), ("陸", "riku"), ("正樹", "masaki"),
)  # fmt: skip

EMAIL_DOMAINS = ("example.com", "example.jp", "example.net")


def _zipf_weights(k: int) -> np.ndarray:
    w = 1.0 / np.sqrt(np.arange(1, k + 1))
    return w / w.sum()


def fake_names(
    rng: np.random.Generator, female: np.ndarray, serial: np.ndarray
) -> tuple[pa.Array, pa.Array, pa.Array, pa.Array]:
    """Names, surnames, e-mail addresses and phone numbers for people.

    ``female`` is a boolean array (one per person); ``serial`` a unique integer per person that
    makes each e-mail address unique. Returns (full name "姓 名", surname, e-mail, phone).
    """
    n = len(female)
    s_idx = rng.choice(len(SURNAMES), size=n, p=_zipf_weights(len(SURNAMES)))
    f_idx = rng.choice(len(GIVEN_FEMALE), size=n, p=_zipf_weights(len(GIVEN_FEMALE)))
    m_idx = rng.choice(len(GIVEN_MALE), size=n, p=_zipf_weights(len(GIVEN_MALE)))
    given = np.array([g[0] for g in GIVEN_FEMALE + GIVEN_MALE], dtype=object)
    given_r = np.array([g[1] for g in GIVEN_FEMALE + GIVEN_MALE], dtype=object)
    g_idx = np.where(female, f_idx, len(GIVEN_FEMALE) + m_idx)
    sur = pa.array([s[0] for s in SURNAMES]).take(pa.array(s_idx))
    sur_r = pa.array([s[1] for s in SURNAMES]).take(pa.array(s_idx))
    giv = pa.array(given.tolist()).take(pa.array(g_idx))
    giv_r = pa.array(given_r.tolist()).take(pa.array(g_idx))
    full = join_strings(sur, " ", giv)
    domain = pa.array(list(EMAIL_DOMAINS)).take(pa.array(rng.integers(0, 3, n)))
    number = pa.array(np.asarray(serial, dtype=np.int64)).cast(pa.string())
    email = join_strings(giv_r, ".", sur_r, number, "@", domain)
    phone = fake_phones(rng, n)
    return full, sur, email, phone


def fake_phones(rng: np.random.Generator, n: int) -> pa.Array:
    """Random mobile numbers "0X0-XXXX-XXXX" (X in 7, 8, 9 for the prefix)."""
    prefix = pa.array(["070", "080", "090"]).take(pa.array(rng.integers(0, 3, n)))
    mid = pc.utf8_lpad(pa.array(rng.integers(0, 10_000, n)).cast(pa.string()), 4, "0")
    last = pc.utf8_lpad(pa.array(rng.integers(0, 10_000, n)).cast(pa.string()), 4, "0")
    return join_strings(prefix, "-", mid, "-", last)
