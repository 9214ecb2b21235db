"""Reference list of Japan's 47 prefectures: region, population and a rough climate.

Population: 2020 census, thousands of people (weights for where customers live).
Climate: annual mean temperature of the prefectural capital (°C, rounded), half the
August-January swing (°C), and whether winter brings heavy snow (Sea of Japan side).
"""

from __future__ import annotations

import numpy as np

REGIONS = ("北海道", "東北", "関東", "中部", "近畿", "中国", "四国", "九州・沖縄")

# name, region, population (thousands), mean temperature °C, seasonal half-swing °C, snowy
PREFECTURES: tuple[tuple[str, str, int, float, float, bool], ...] = (
    ("北海道", "北海道", 5225, 9.2, 13.0, True),
    ("青森県", "東北", 1238, 10.7, 12.3, True),
    ("岩手県", "東北", 1211, 10.4, 12.6, False),
    ("宮城県", "東北", 2302, 12.8, 11.5, False),
    ("秋田県", "東北", 960, 11.7, 12.0, True),
    ("山形県", "東北", 1068, 11.9, 12.6, True),
    ("福島県", "東北", 1833, 13.4, 12.2, False),
    ("茨城県", "関東", 2867, 14.1, 11.2, False),
    ("栃木県", "関東", 1933, 14.3, 11.8, False),
    ("群馬県", "関東", 1939, 15.0, 11.8, False),
    ("埼玉県", "関東", 7345, 15.4, 11.5, False),
    ("千葉県", "関東", 6284, 16.2, 10.6, False),
    ("東京都", "関東", 14048, 15.8, 10.8, False),
    ("神奈川県", "関東", 9237, 16.2, 10.5, False),
    ("新潟県", "中部", 2201, 13.9, 11.6, True),
    ("富山県", "中部", 1035, 14.5, 11.9, True),
    ("石川県", "中部", 1133, 15.0, 11.5, True),
    ("福井県", "中部", 767, 14.8, 11.9, True),
    ("山梨県", "中部", 810, 15.1, 12.3, False),
    ("長野県", "中部", 2048, 12.3, 12.9, False),
    ("岐阜県", "中部", 1979, 16.2, 12.0, False),
    ("静岡県", "中部", 3633, 16.9, 10.2, False),
    ("愛知県", "中部", 7542, 16.2, 11.7, False),
    ("三重県", "近畿", 1770, 16.2, 11.2, False),
    ("滋賀県", "近畿", 1414, 15.0, 11.8, False),
    ("京都府", "近畿", 2578, 16.2, 12.0, False),
    ("大阪府", "近畿", 8838, 17.1, 11.3, False),
    ("兵庫県", "近畿", 5465, 17.0, 11.0, False),
    ("奈良県", "近畿", 1324, 15.2, 11.9, False),
    ("和歌山県", "近畿", 923, 16.9, 10.6, False),
    ("鳥取県", "中国", 553, 15.2, 11.4, True),
    ("島根県", "中国", 671, 15.2, 11.1, True),
    ("岡山県", "中国", 1888, 16.2, 11.8, False),
    ("広島県", "中国", 2800, 16.5, 11.6, False),
    ("山口県", "中国", 1342, 15.6, 11.2, False),
    ("徳島県", "四国", 720, 16.6, 11.1, False),
    ("香川県", "四国", 950, 16.7, 11.5, False),
    ("愛媛県", "四国", 1335, 16.5, 11.0, False),
    ("高知県", "四国", 692, 17.3, 10.6, False),
    ("福岡県", "九州・沖縄", 5135, 17.3, 10.7, False),
    ("佐賀県", "九州・沖縄", 811, 16.9, 11.0, False),
    ("長崎県", "九州・沖縄", 1312, 17.2, 10.3, False),
    ("熊本県", "九州・沖縄", 1738, 17.2, 11.2, False),
    ("大分県", "九州・沖縄", 1124, 16.8, 10.6, False),
    ("宮崎県", "九州・沖縄", 1070, 17.7, 10.2, False),
    ("鹿児島県", "九州・沖縄", 1588, 18.8, 9.8, False),
    ("沖縄県", "九州・沖縄", 1467, 23.3, 5.9, False),
)

NAMES = tuple(p[0] for p in PREFECTURES)
REGION_OF = np.array([REGIONS.index(p[1]) for p in PREFECTURES], dtype=np.int8)
POPULATION_THOUSANDS = np.array([p[2] for p in PREFECTURES], dtype=np.float64)
MEAN_TEMPERATURE_C = np.array([p[3] for p in PREFECTURES], dtype=np.float64)
SEASONAL_SWING_C = np.array([p[4] for p in PREFECTURES], dtype=np.float64)
SNOWY = np.array([p[5] for p in PREFECTURES], dtype=bool)
HOKKAIDO = NAMES.index("北海道")
OKINAWA = NAMES.index("沖縄県")


def draw_prefectures(rng: np.random.Generator, n: int) -> np.ndarray:
    """Prefecture codes (0-46) for ``n`` people, weighted by population."""
    weights = POPULATION_THOUSANDS / POPULATION_THOUSANDS.sum()
    return rng.choice(len(PREFECTURES), size=n, p=weights).astype(np.int8)
