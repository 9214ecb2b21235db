"""Personal data masking: names, e-mail addresses, phone numbers, and free text."""

from __future__ import annotations

import pandas as pd

from crm_lib.privacy import mask_email, mask_name, mask_phone, mask_text


def test_masks_single_values():
    assert mask_name("山田 花子") == "山田 **"
    assert mask_name("山田　花子") == "山田 **"  # full-width space
    assert mask_email("taro.yamada12@example.jp") == "t***@example.jp"
    assert mask_phone("090-1234-5678") == "090-****-5678"
    assert mask_phone("09012345678") == "090-****-5678"


def test_masks_series_and_keeps_missing_values():
    names = pd.Series(["山田 花子", None, "鈴木"])
    masked = mask_name(names)
    assert masked.iloc[0] == "山田 **" and pd.isna(masked.iloc[1]) and masked.iloc[2] == "鈴**"


def test_mask_text_leaves_no_address_or_number():
    note = "携帯番号 080-1238-3369 まで折り返し希望。メール mayumi.fujita1@example.net 宛に送付。"
    masked = mask_text(pd.Series([note, "特になし"]))
    assert (
        masked.iloc[0]
        == "携帯番号 080-****-3369 まで折り返し希望。メール m***@example.net 宛に送付。"
    )
    assert masked.iloc[1] == "特になし"
    assert "@example.net" in masked.iloc[0] and "mayumi" not in masked.iloc[0]
