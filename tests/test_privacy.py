"""Personal data masking: names, e-mail addresses, phone numbers, and free text; one policy
(``business.privacy``) for every stakeholder page and shared artifact; per-customer
artifacts marked as personal data; and a run whose every text column holds personal data
shows none of it on any page."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from crm_lib import artifacts
from crm_lib.config import load_config
from crm_lib.errors import ConfigError
from crm_lib.i18n import Translator
from crm_lib.money import Money
from crm_lib.notebook import cell_text
from crm_lib.params import Privacy
from crm_lib.privacy import (
    Masker,
    MaskingTranslator,
    mask_email,
    mask_name,
    mask_phone,
    mask_text,
)
from crm_lib.section import Code, Items, Sentence

sys.path.insert(0, str(Path(__file__).parent))
from test_hostile_data import CRM, pages, plant, retarget_config, run_pipeline

PHONES = ("090-1234-5678", "03-1234-5678", "０９０－１２３４－５６７８", "+81 90 1234 5678",
          "09012345678", "(03) 1234-5678", "0312345678", "080 9876 5432")  # fmt: skip


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


@pytest.mark.parametrize("phone", PHONES)
def test_japanese_phone_formats_are_masked_in_text_and_columns(phone):
    """Hyphens, spaces, parentheses, full-width digits, +81 and bare digits: only the
    prefix and the last four digits remain, in a note and in the phone column."""
    digits = unicodedata.normalize("NFKC", phone)
    middle = re.sub(r"\D", "", digits)[-8:-4]
    for masked in (mask_text(f"折り返し先 {phone} まで"), mask_phone(phone)):
        shown = unicodedata.normalize("NFKC", masked)
        assert phone not in masked and middle not in shown, masked
        assert shown.rstrip(" まで").endswith(digits[-4:]), masked
    assert mask_phone("9012345678") == "******5678"  # a format nobody planned for


def test_order_dates_and_amounts_are_not_phone_numbers():
    text = "2025-01-05 に 12,345円、注文番号 O00000001、顧客 C0000001、0.5%"
    assert mask_text(text) == text


def test_known_customer_names_are_masked_inside_any_text():
    masker = Masker(names=["山田 花子", "Emily Carter", "林"])
    assert masker.text("山田花子様よりお電話") == "山**様よりお電話"
    assert masker.text("担当: 山田　花子") == "担当: 山田 **"
    assert masker.text("ＥＭＩＬＹ ＣＡＲＴＥＲ 様") == "ＥＭＩＬＹ ** 様"
    assert masker.text("Emily Carters' Club") == "Emily Carters' Club"  # not the same word
    assert masker.text("林業フェア") == "林業フェア"  # one character: not searched
    assert masker.text("web_ad 山田 花子 090-1234-5678") == "web_ad 山田 ** 090-****-5678"


def test_the_policy_decides_what_is_masked():
    everything = Masker(Privacy(), names=["山田 花子"])
    only_phones = Masker(Privacy(name=False, email=False), names=["山田 花子"])
    note = "山田 花子 hanako@example.jp 090-1234-5678"
    assert everything.text(note) == "山田 ** h***@example.jp 090-****-5678"
    assert only_phones.text(note) == "山田 花子 hanako@example.jp 090-****-5678"
    names = pd.Series(["山田 花子"])
    assert only_phones.names(names).iloc[0] == "山田 花子"
    assert everything.names(names).iloc[0] == "山田 **"


def test_a_column_is_masked_as_each_of_its_values_would_be(monkeypatch):
    """The column path looks only at values that may hold personal data; the rest must be
    what the full search would have left, and ids must not reach the full search."""
    names = ["山田 花子", "Emily Carter", "ｱﾝﾅ ｽﾐｽ", "c0 x"]
    values = ["C0000001", "O00000042", "山田花子様", "ＥＭＩＬＹ　carter", "emilycarter",
              "mail: a.b@example.jp", "ｔｅｌ ０３－１２３４－５６７８", "03-1-2345", "03-1-234",
              "web_ad", "アンナスミス", "ｱﾝﾅ ｽﾐｽ様", "C0 X1", None, 12345678, "特になし",
              "Emily\tCarter", "EMILY CARTERS", "2025-01-05", *PHONES]  # fmt: skip
    for policy in (Privacy(), Privacy(name=False), Privacy(email=False, phone=False)):
        column = Masker(policy, names=names).texts(pd.Series(values, dtype=object))
        one_by_one = Masker(policy, names=names)
        expected = [None if v is None else one_by_one.text(v) for v in values]
        assert [None if pd.isna(v) else v for v in column] == expected
    searched = []
    masker = Masker(names=names[:3])
    full = masker._mask
    monkeypatch.setattr(masker, "_mask", lambda text: searched.append(text) or full(text))
    ids = pd.Series([f"C{i:07d}" for i in range(2000)] + ["hanako@example.jp"])
    assert masker.texts(ids).iloc[-1] == "h***@example.jp"
    assert searched == ["hanako@example.jp"]


def test_privacy_policy_is_in_the_config_all_masked_by_default():
    config = load_config(None)
    assert config.business.privacy == Privacy(name=True, email=True, phone=True)
    shown = load_config(None, ["business.privacy.name=false"]).business.privacy
    assert (shown.name, shown.email, shown.phone) == (False, True, True)
    with pytest.raises(ConfigError, match="business.privacy.adress"):
        load_config(None, ["business.privacy.adress=false"])


def test_sentences_and_table_cells_cite_data_with_personal_data_masked():
    masker = Masker(names=["山田 花子"])
    t = MaskingTranslator("en", Money("JPY", "en"), masker)
    cited = {"best": "紹介 山田 花子", "best_rate": 0.5, "worst_rate": 0.1}
    sentence = Sentence(
        "seg_f2_channel_text", cited | {"worst": Code("jny_acq_", "taro@example.jp")}
    )
    text = t.sentence(sentence)
    assert "花子" not in text and "taro@" not in text and "紹介 山田 **" in text
    assert "t***@example.jp" in text and "50.0%" in text
    assert t.value(Items(("a 090-1234-5678", "b"))) == "a 090-****-5678, b"
    assert t.code("seg_name_", "champions") == Translator("en")("seg_name_champions")  # a label
    assert cell_text("hanako@example.jp", "text", t) == "h***@example.jp"
    assert cell_text(["山田 花子"], "text", t) == "['山田 **']"


def test_per_customer_artifacts_are_marked_personal_data():
    """A table with a row per person (a customer, or a prospect: a lead) is personal data."""
    for artifact in artifacts.CATALOG.values():
        per_person = {"customer_id", "lead_id"} & set(artifact.columns)
        assert artifact.personal_data == bool(per_person), artifact.name


def test_shared_artifacts_are_masked_personal_ones_kept(tmp_path):
    from crm_lib.notebook import RunContext

    ctx = RunContext("journey", None, None, None, MaskingTranslator("ja"), None, tmp_path)
    ctx.save_artifact(
        pd.DataFrame({"from_event": ["dm 090-1234-5678"], "to_event": ["x"], "transitions": [1]}),
        artifacts.JOURNEY_TRANSITIONS,
    )
    per_customer = pd.DataFrame({"customer_id": ["C1"], "segment": ["a@example.jp"]})
    ctx.save_artifact(per_customer, artifacts.CUSTOMER_SEGMENTS)
    shared = artifacts.JOURNEY_TRANSITIONS.read(tmp_path)
    assert shared["from_event"].iloc[0] == "dm 090-****-5678"
    assert artifacts.CUSTOMER_SEGMENTS.read(tmp_path)["segment"].iloc[0] == "a@example.jp"
    listed = {a["name"]: a["personal_data"] for a in artifacts.saved(tmp_path)}
    assert listed == {"journey_transitions": False, "customer_segments": True}


# --- a run on personal data planted in every text column --------------------------------

PEOPLE = (
    ("蒼井 梨紗子", "risako.aoi.planted@example.org", "090-1234-5678"),
    ("Emily Planted-Carter", "emily.carter.planted@example.com", "03-1234-5678"),
    ("綾瀬　千早", "chihaya.ayase.planted@example.jp", "０９０－１２３４－５６７８"),
    ("榎本 武揚", "takeaki.enomoto.planted@example.net", "+81 90 1234 5678"),
)
PLANTED = tuple(v for person in PEOPLE for v in person)


def _variants(value: str) -> set[str]:
    """How a planted value could show on a page: as it is, without spaces, in NFKC, its
    digits alone, a given name alone, an address's local part."""
    found = {value, re.sub(r"\s", "", value), unicodedata.normalize("NFKC", value)}
    if "@" in value:
        found.add(value.split("@")[0])
    elif re.search(r"\d{4}", unicodedata.normalize("NFKC", value)):
        found.add(re.sub(r"\D", "", unicodedata.normalize("NFKC", value)))
    else:
        found.add(re.split(r"[ 　]", value)[-1])  # the given name
    return found


def _searchable(page: Path) -> str:
    """A page's text for searching: without the inlined plotly.js bundle, with the chart
    JSON's ``\\uXXXX`` escapes and the HTML entities decoded."""
    source = page.read_text(encoding="utf-8")
    source = re.sub(r"<script>\s*/\*\*\s*\n?\s*\* plotly\.js.*?</script>", "", source, flags=re.S)
    assert "plotly.js v" not in source, f"{page.name}: the plotly.js bundle was not stripped"
    source = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), source)
    return html.unescape(source)


def _plant_people(data: Path) -> dict[str, str]:
    """The planted people as four customers, and one planted value appended to every value
    of every other text column (a channel, a plan, a campaign, a note ...)."""
    customers = pd.read_parquet(data / "customers.parquet")
    for i, (name, email, phone) in enumerate(PEOPLE):
        customers.loc[i, ["name", "email", "phone"]] = [name, email, phone]
    customers.to_parquet(data / "customers.parquet", index=False)
    own = {v for person in PEOPLE for v in person} | set(customers["name"].dropna())
    own |= set(customers["email"].dropna()) | set(customers["phone"].dropna())
    return plant(data, lambda v, i: v if v in own else f"{v} {PLANTED[i % len(PLANTED)]}")


@pytest.fixture(scope="module")
def personal_run(tmp_path_factory) -> tuple[Path, pd.DataFrame]:
    base = tmp_path_factory.mktemp("personal")
    data = base / "data"
    made = subprocess.run(
        [*CRM, "demo-data", "--out", str(data), "--customers", "300"],
        capture_output=True,
        text=True,
    )
    assert made.returncode == 0, made.stderr
    mapping = _plant_people(data)
    customers = pd.read_parquet(data / "customers.parquet")
    return run_pipeline(retarget_config(data, mapping), base / "reports"), customers


@pytest.mark.slow
def test_no_page_or_shared_artifact_shows_planted_personal_data(personal_run):
    run_dir, customers = personal_run
    planted = {v for value in PLANTED for v in _variants(value)}
    everyone = set(customers["email"]) | set(customers["phone"])
    for name in customers["name"]:  # every customer's full name, with or without its space
        if len(re.sub(r"\s", "", name)) >= 4:
            everyone |= {name, re.sub(r"\s", "", name)}
    found = {}
    for page in pages(run_dir):
        text = _searchable(page)
        shown = sorted(v for v in planted | everyone if v in text)
        if shown:
            found[page.name] = shown[:8]
    for artifact in artifacts.CATALOG.values():
        frame = artifact.read(run_dir)
        if frame is None or artifact.personal_data:
            continue
        text = frame.astype(str).to_csv()
        shown = sorted(v for v in planted | everyone if v in text)
        if shown:
            found[f"artifacts/{artifact.name}"] = shown[:8]
    listed = sorted((run_dir / "lists").glob("*.csv"))
    assert listed  # the action lists a CRM manager opens in Excel are checked too
    for path in listed:
        text = path.read_text(encoding="utf-8-sig")
        shown = sorted(v for v in planted | everyone if v in text)
        if shown:
            found[f"lists/{path.name}"] = shown[:8]
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)
    churn = _searchable(run_dir / "churn.html")
    assert re.search(r"<td>\S+ \*\*</td>", churn)  # the at-risk list shows masked names
    segments = _searchable(run_dir / "segments.html")  # the channels, masked, not dropped
    assert "蒼井 **" in segments or "r***@example.org" in segments or "-****-" in segments
