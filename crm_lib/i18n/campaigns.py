"""Labels of the campaigns report (effect verification against control groups)."""

_VERDICTS = {
    "roll_out": ("展開を推奨", "roll out"),
    "not_profitable": ("効果はあるが採算割れ", "effective, not profitable"),
    "effective_roi_unknown": ("効果あり（費用不明）", "effective, ROI unknown"),
    "harmful": ("逆効果", "harmful"),
    "no_effect": ("効果なし", "no measurable effect"),
    "too_small_to_tell": ("標本不足で判定不能", "too small to tell"),
}
_OUTCOMES = {
    "repeat": ("リピート購入", "Repeat purchase"),
    "active_late": ("後期の購入継続", "Still buying later"),
    "retained": ("継続（両期間で購入）", "Retained (bought in both periods)"),
}
_STATUS = {
    "analysed": ("効果検証", "verified"),
    "no_control_group": ("対照群なし", "no control group"),
    "no_treatment": ("施策群なし", "no treatment group"),
}
_CHANNELS = {
    "email": ("メール", "e-mail"),
    "dm": ("DM（郵送）", "direct mail"),
    "sms": ("SMS", "SMS"),
    "call": ("電話", "phone call"),
}
_SEGMENTS = {"60+": ("60歳以上", "60 and over"), "under_60": ("60歳未満", "under 60")}

LABELS: dict[str, dict[str, str]] = {
    **{f"cmp_verdict_{k}": {"ja": ja, "en": en} for k, (ja, en) in _VERDICTS.items()},
    **{f"cmp_outcome_{k}": {"ja": ja, "en": en} for k, (ja, en) in _OUTCOMES.items()},
    **{f"cmp_status_{k}": {"ja": ja, "en": en} for k, (ja, en) in _STATUS.items()},
    **{f"cmp_segment_{k}": {"ja": ja, "en": en} for k, (ja, en) in _SEGMENTS.items()},
    **{f"cmp_channel_{k}": {"ja": ja, "en": en} for k, (ja, en) in _CHANNELS.items()},
    # headings
    "cmp_overview": {"ja": "施策と対照群", "en": "Campaigns and control groups"},
    "cmp_effects": {"ja": "施策ごとの効果", "en": "Effect of each campaign"},
    "cmp_long_term": {"ja": "反応期間の後：リピートと継続", "en": "After the response window"},
    "cmp_segments": {
        "ja": "誰に効くか：年代・ランク・RFM別の効果",
        "en": "Whom it works for: lift by age, rank and RFM segment",
    },
    "cmp_trigger": {"ja": "条件つき配信（天気）", "en": "Context-triggered messages"},
    "cmp_pilot": {"ja": "次のパイロットの設計", "en": "Planning the next pilot"},
    # overview
    "cmp_no_contacts": {
        "ja": "施策接触データ（contacts）がないため、このデータでは施策の効果検証はできません。",
        "en": "There is no contacts table, so no campaign can be verified against a control "
        "group in this data.",
    },
    "cmp_overview_text": {
        "ja": "{campaigns}件の施策のうち、対照群（何も送らなかった顧客）のある{analysed}件を"
        "効果検証しました。",
        "en": "Of {campaigns} campaigns, the {analysed} with a control group (customers sent "
        "nothing) are verified.",
    },
    "cmp_overview_uncontrolled": {
        "ja": "{names}は対照群がないため、効果を測れません。送った人の反応率だけでは、"
        "送らなくても買った人との区別がつきません。",
        "en": "{names} have no control group, so their effect cannot be measured: the "
        "response of those sent alone cannot tell them from customers who would have bought "
        "anyway.",
    },
    "cmp_method": {
        "ja": "反応＝送付日から{days}日以内の購入（定期便を除く）。反応率の差の95%区間は"
        "Newcombe法、p値はスコア検定、1人あたり売上の差の区間はBCaブートストラップ"
        "（{resamples:,}回）によります。区間は標本のばらつきによる不確かさです。",
        "en": "Response = a purchase (subscription deliveries aside) within {days} days of "
        "the send. Intervals of the lift are Newcombe's, p-values from the score test, "
        "intervals of revenue per customer from a BCa bootstrap ({resamples:,} resamples); "
        "they cover sampling uncertainty.",
    },
    # effects
    "cmp_chart_lift": {
        "ja": "施策ごとの反応率の差（施策群−対照群、95%区間）",
        "en": "Response lift per campaign (treatment − control, 95 % interval)",
    },
    "cmp_lift_axis": {"ja": "反応率の差（ポイント）", "en": "Lift (points)"},
    "cmp_effect_text": {
        "ja": "{campaign}「{name}」：反応率は施策群{rate_t:.1%}、対照群{rate_c:.1%}で、差は"
        "{lift:+.1f}ポイント（95%区間 {low:+.1f}〜{high:+.1f}、p={p:.3f}）。"
        "増分売上は{revenue}（95%区間 {revenue_low}〜{revenue_high}）。判定：{verdict}。",
        "en": "{campaign} \u201c{name}\u201d: response {rate_t:.1%} treated against "
        "{rate_c:.1%} control, a lift of {lift:+.1f} points (95 % interval {low:+.1f} to "
        "{high:+.1f}, p = {p:.3f}); incremental revenue {revenue} (95 % interval "
        "{revenue_low} to {revenue_high}). Verdict: {verdict}.",
    },
    "cmp_why_roll_out": {
        "ja": "効果は区間の全体でプラス、ROIは{roi:.1f}倍（接触費用{cost}に対して）。",
        "en": "The whole interval is above zero and the ROI is {roi:.1f} (on {cost} of "
        "contact cost).",
    },
    "cmp_why_not_profitable": {
        "ja": "効果はプラスですが、ROIは{roi:.1f}倍（接触費用{cost}）で費用を回収できていません。",
        "en": "The lift is positive, but the ROI is {roi:.1f} on {cost} of contact cost: it "
        "does not pay for itself.",
    },
    "cmp_why_effective_roi_unknown": {
        "ja": "効果はプラスですが、このチャネルの接触費用が設定にないためROIは出せません"
        "（business.contact_cost）。",
        "en": "The lift is positive; the channel has no contact cost in the config "
        "(business.contact_cost), so there is no ROI.",
    },
    "cmp_why_harmful": {
        "ja": "区間の全体がマイナスで、送ったことで購入が減っています。中止を勧めます。",
        "en": "The whole interval is below zero: sending it reduced purchases. Stop it.",
    },
    "cmp_why_no_effect": {
        "ja": "区間が0をまたぎ、この標本で検出できる最小の差（{mde:.1f}ポイント）は意味のある差"
        "（{meaningful:.1f}ポイント）以下なので、意味のある効果はないと判断できます。",
        "en": "The interval spans zero, and this sample could have seen a lift of "
        "{mde:.1f} points (below the {meaningful:.1f} points that matter): no meaningful "
        "effect.",
    },
    "cmp_why_too_small_to_tell": {
        "ja": "区間が0をまたぎ、この標本で検出できる最小の差は{mde:.1f}ポイントと、意味のある差"
        "（{meaningful:.1f}ポイント）より大きいため、効果の有無はまだ判断できません。",
        "en": "The interval spans zero and this sample could only see a lift of {mde:.1f} "
        "points, more than the {meaningful:.1f} points that matter: too small to tell.",
    },
    # effects whose interval includes 0 are not shown (not_shown)
    "cmp_revenue_not_shown": {
        "ja": "増分売上の95%区間は0をまたぐため、売上が増えたとは示されていません。",
        "en": "The incremental revenue's 95 % interval includes zero: an increase in revenue "
        "is not shown.",
    },
    "cmp_long_term_not_shown": {
        "ja": "ただしこの差の95%区間は0をまたぐため、{campaign}がリピート購入を増やしたとは"
        "示されていません。",
        "en": "Its interval includes zero, though: {campaign} is not shown to raise repeat "
        "purchases.",
    },
    "cmp_trigger_not_shown": {
        "ja": "{campaign}：条件による差の95%区間が0をまたぐため、条件に合わせて送ると効果が"
        "高まるとは示されていません。",
        "en": "{campaign}: the difference's interval includes zero, so sending on the trigger "
        "is not shown to work better.",
    },
    "cmp_srm_ok": {
        "ja": "割付比の検定：{checked}件すべてで、対照群の割合は計画どおりです（p≥{alpha}）。",
        "en": "Sample-ratio check: in all {checked} campaigns the control share matches the "
        "plan (p ≥ {alpha}).",
    },
    "cmp_srm_mismatch": {
        "ja": "{campaign}：対照群の割合が計画{planned:.0%}に対して{observed:.1%}です"
        "（p={p:.2g}）。割付か記録に問題があり、この施策の結果は信頼できません。",
        "en": "{campaign}: the control share is {observed:.1%} against the planned "
        "{planned:.0%} (p = {p:.2g}); assignment or logging went wrong, so its result "
        "cannot be trusted.",
    },
    "cmp_srm_unchecked": {
        "ja": "{names}は計画した対照群比率が設定にないため、割付比を検定していません"
        "（params.campaigns.planned_control_share）。",
        "en": "{names}: no planned control share in the config "
        "(params.campaigns.planned_control_share), so the split is not checked.",
    },
    "cmp_cuped": {
        "ja": "CUPED（送付前{days}日の購入額で補正）で1人あたり売上の分散を{low:.0%}〜{high:.0%}"
        "減らしました。14日間の売上は過去の購入額ではあまり予測できないため、効果は小さめです。",
        "en": "CUPED (adjusting for spend in the {days} days before the send) removed "
        "{low:.0%}–{high:.0%} of the variance of revenue per customer; 14-day revenue is "
        "hard to predict from past spend, so the gain is modest.",
    },
    "cmp_arms_single": {
        "ja": "どの施策も施策群は1つで、各施策を有意水準5%で個別に判定しています"
        "（施策間の多重比較の補正はしていません）。",
        "en": "Every campaign has one treatment arm; each is judged on its own at the 5 % "
        "level (no correction across campaigns).",
    },
    "cmp_arms_corrected": {
        "ja": "複数の施策群を持つ施策では、各施策群を対照群と比べ、Holm法で補正したp値で判定します"
        "（Benjamini-Hochberg法の値も表にあります）。",
        "en": "In campaigns with several treatment arms each arm is compared with control "
        "and judged on Holm-adjusted p-values (Benjamini-Hochberg values in the table).",
    },
    # long term
    "cmp_long_term_text": {
        "ja": "送付から{repeat}日後までのリピート購入で差が最も大きいのは{campaign}"
        "（{lift:+.1f}ポイント、95%区間 {low:+.1f}〜{high:+.1f}）です。"
        "値引き・クーポンは1回の注文を買うだけのことがあり、この比較で関係づくりの施策と公平に比べられます。",
        "en": "Over repeat purchases up to day {repeat}, {campaign} shows the largest lift "
        "({lift:+.1f} points, 95 % interval {low:+.1f} to {high:+.1f}). A coupon may buy "
        "just one order; this comparison puts it beside relationship measures fairly.",
    },
    "cmp_long_term_pending": {
        "ja": "{names}は送付から{days}日がまだ経っていないため、継続の効果は未測定です。",
        "en": "{names}: {days} days have not passed since the send; retention is not "
        "measurable yet.",
    },
    "cmp_long_term_none": {
        "ja": "送付から十分な期間が経った施策がまだありません。",
        "en": "No campaign has been followed up long enough yet.",
    },
    # segments
    "cmp_segment_by_age": {"ja": "年代", "en": "age group"},
    "cmp_segment_by_rank": {"ja": "会員ランク", "en": "membership rank"},
    "cmp_segment_by_rfm": {"ja": "RFMセグメント", "en": "RFM segment"},
    "cmp_col_segment_by": {"ja": "切り口", "en": "Segmented by"},
    "cmp_segment_correction": {
        "ja": "会員ランクとRFMセグメントは層が多いため、逆効果の判定には全施策・全層で"
        "Benjamini-Hochberg法の補正をかけています（年代は2層のため補正なし）。ランクとRFMは"
        "送付前日時点のものです。",
        "en": "Membership ranks and RFM segments have many groups, so a harmed group there "
        "must also pass a Benjamini-Hochberg correction over all groups and campaigns (age "
        "has two groups, uncorrected); both are taken as of the day before the send.",
    },
    "cmp_segment_harmed": {
        "ja": "{campaign}は{dimension}「{segment}」で逆効果です：差{lift:+.1f}ポイント"
        "（95%区間 {low:+.1f}〜{high:+.1f}）、層による違いの検定（交互作用）p={p:.2g}。"
        "この層には送らないことを勧めます。",
        "en": "{campaign} harms the {dimension} \u201c{segment}\u201d: a lift of {lift:+.1f} "
        "points (95 % interval {low:+.1f} to {high:+.1f}); the test of the interaction "
        "with the group gives p = {p:.2g}. Do not send it to them.",
    },
    "cmp_segment_none_harmed": {
        "ja": "どの施策でも、逆効果と判定された層はありませんでした。",
        "en": "No campaign is found to harm any group.",
    },
    "cmp_segment_no_age": {
        "ja": "顧客マスタに年代（age_band）がないため、年代別の効果は出せません。",
        "en": "The customers table has no age band, so there is no lift by age.",
    },
    "cmp_chart_segments": {
        "ja": "年代別の反応率の差（95%区間）",
        "en": "Response lift by age group (95 % interval)",
    },
    # trigger
    "cmp_trigger_text": {
        "ja": "{campaign}：{trigger}の日の効果は{on:+.1f}ポイント（95%区間 {on_low:+.1f}〜"
        "{on_high:+.1f}）、それ以外の日は{off:+.1f}ポイント（{off_low:+.1f}〜{off_high:+.1f}）。"
        "条件による差は{diff:+.1f}ポイント（95%区間 {low:+.1f}〜{high:+.1f}）です。",
        "en": "{campaign}: on days with {trigger} the lift is {on:+.1f} points (95 % "
        "interval {on_low:+.1f} to {on_high:+.1f}), on other days {off:+.1f} points "
        "({off_low:+.1f} to {off_high:+.1f}); the difference is {diff:+.1f} points (95 % "
        "interval {low:+.1f} to {high:+.1f}).",
    },
    "cmp_trigger_unknown": {
        "ja": "{customers:,}人は送付日・地域の外部データがないため、この比較から除いています。",
        "en": "{customers:,} customers have no context row for their area and send date "
        "and are left out of this comparison.",
    },
    "cmp_trigger_none": {
        "ja": "条件つき配信の施策が設定されていません（params.campaigns.trigger.campaigns）。",
        "en": "No campaign is configured as context-triggered (params.campaigns.trigger).",
    },
    "cmp_trigger_no_context": {
        "ja": "外部データ（context）か顧客の地域がないため、条件別の効果は出せません。",
        "en": "There is no context table (or no customer region), so there is no effect "
        "by trigger.",
    },
    "cmp_chart_trigger": {
        "ja": "条件の成立日とそれ以外の日の効果（95%区間）",
        "en": "Lift on trigger days and other days (95 % interval)",
    },
    "cmp_trigger_on": {"ja": "条件成立日", "en": "Trigger days"},
    "cmp_trigger_off": {"ja": "それ以外の日", "en": "Other days"},
    # pilot planning
    "cmp_pilot_method": {
        "ja": "次のパイロットで{lift:.1f}ポイントの差を検出力{power:.0%}・有意水準5%（両側）で"
        "捉えるのに必要な人数を、チャネルと層（{dimensions}）ごとに、その層の基準の反応率から"
        "求めました。基準の反応率は、同じチャネルの過去の施策で対照群だった顧客（層は送付前日"
        "時点）の反応率で、次のパイロットでも変わらないと仮定しています。対照群の割合は"
        "{control:.0%}です。検出できる最小の差は、その層の現在の顧客全員でパイロットをした"
        "場合の値です。",
        "en": "The customers the next pilot needs to see a lift of {lift:.1f} points with "
        "{power:.0%} power at the 5 % level (two-sided) are sized per channel and group "
        "({dimensions}) from the group's baseline: the response of the control customers of "
        "the channel's past campaigns in the group (as of the day before each send), assumed "
        "to hold for the next pilot. The pilot puts {control:.0%} of its customers in "
        "control; the detectable lift is what a pilot with every current customer of the "
        "group could see.",
    },
    "cmp_pilot_most": {
        "ja": "最も多くの人数が必要なのは{channel}の{dimension}「{segment}」で、施策群{n_t:,}人・"
        "対照群{n_c:,}人です（基準の反応率{base:.1%}、95%区間 {low:.1%}〜{high:.1%}。区間の"
        "うち最も不利な反応率なら合計{n_high:,}人）。",
        "en": "The most customers are needed for {channel} to the {dimension} "
        "\u201c{segment}\u201d: {n_t:,} treated and {n_c:,} control (baseline {base:.1%}, "
        "95 % interval {low:.1%} to {high:.1%}; {n_high:,} in all at the least favourable "
        "baseline of that interval).",
    },
    "cmp_pilot_smallest_mde": {
        "ja": "検出できる最小の差が最も小さいのは{channel}の{dimension}「{segment}」で、現在の"
        "{customers:,}人全員でパイロットをすれば{mde:.1f}ポイントの差まで捉えられます。",
        "en": "The smallest detectable lift is for {channel} to the {dimension} "
        "\u201c{segment}\u201d: a pilot with all its {customers:,} current customers could see "
        "{mde:.1f} points.",
    },
    "cmp_pilot_exceeds": {
        "ja": "次の{groups}件は、必要な人数が層の現在の顧客数を上回るため、その層だけの"
        "パイロットでは{lift:.1f}ポイントの差を捉えられません：{names}。",
        "en": "Needing more customers than the group has now, so that a pilot on the group "
        "alone cannot see {lift:.1f} points ({groups}): {names}.",
    },
    "cmp_pilot_unsized": {
        "ja": "次の{groups}件は、過去の対照群が{min}人未満か、対照群に反応した人がいないため、"
        "基準の反応率を推定できず、人数を出していません：{names}。",
        "en": "Not sized, because fewer than {min} past control customers, or none who "
        "responded, give no estimate of the baseline ({groups}): {names}.",
    },
    "cmp_pilot_out_of_range": {
        "ja": "基準の反応率に狙う差を足すと100%に達するため、人数を出していません：{names}。",
        "en": "Not sized, as the baseline plus the target lift reaches 100 %: {names}.",
    },
    "cmp_pilot_no_groups": {
        "ja": "このデータには{dimensions}がないため、層ごとのパイロットの人数は出せません。",
        "en": "This data has no {dimensions} to size the next pilot by.",
    },
    "cmp_pilot_group_channels": {"ja": "{segment}（{channels}）", "en": "{segment} ({channels})"},
    "cmp_channel_unknown": {"ja": "チャネル不明", "en": "channel not recorded"},
    "cmp_pilot_status_sized": {"ja": "算出", "en": "sized"},
    "cmp_pilot_status_exceeds_segment": {"ja": "層の人数では不足", "en": "more than the group has"},
    "cmp_pilot_status_few_controls": {"ja": "対照群が少なく推定不可", "en": "few past controls"},
    "cmp_pilot_status_no_responders": {"ja": "対照群の反応なし", "en": "no past control responded"},
    "cmp_pilot_status_out_of_range": {"ja": "100%を超える", "en": "beyond 100 %"},
    "cmp_share_interval": {"ja": "{low:.1%}〜{high:.1%}", "en": "{low:.1%} to {high:.1%}"},
    # whom to contact
    "cmp_uplift": {"ja": "誰に送るか：アップリフトモデル", "en": "Whom to contact: uplift model"},
    "cmp_uplift_text": {
        "ja": "対照群のある{campaigns}件の施策のデータで、顧客ごとの施策効果を予測するモデル"
        "（2モデル法、勾配ブースティング）を学習し、学習に使っていない顧客への{test:,}件の接触で"
        "評価しました。Qini係数は{qini:.3f}（95%区間 {low:.3f}〜{high:.3f}）で、ランダムに"
        "選んだ場合は0です。",
        "en": "A model of each customer's campaign effect (two-model gradient boosting) was "
        "trained on the {campaigns} campaigns with a control group and judged on {test:,} "
        "contacts of customers it did not learn from: Qini coefficient {qini:.3f} (95 % "
        "interval {low:.3f} to {high:.3f}); random targeting scores 0.",
    },
    "cmp_uplift_better": {
        "ja": "区間の全体が0より大きく、モデルで選ぶとランダムに選ぶより効果が上がります。",
        "en": "The whole interval is above zero: choosing by the model beats random targeting.",
    },
    "cmp_uplift_not_better": {
        "ja": "区間が0を含むため、このデータではモデルがランダムな選び方より良いとは言えません。"
        "送付対象の絞り込みには、まだ使わないでください。",
        "en": "The interval includes zero, so in this data the model does not beat random "
        "targeting: do not narrow a target list with it yet.",
    },
    "cmp_target_text": {
        "ja": "{campaign}と同じ施策を次に送る場合、追加の反応1件の価値を{value}（施策群の反応者"
        "1人あたり売上{revenue}×粗利率{margin:.0%}、仮定）、接触費用を1件{cost}とすると、"
        "予測効果の高い順に{share:.0%}（{contacts:,}人）へ送るのが最も利益が大きく、見込み利益は"
        "{profit}（95%区間 {profit_low}〜{profit_high}、この割合での検証用顧客の標本誤差。"
        "割合も同じ顧客で選んだため、やや楽観的）です（全員に送ると{everyone}）。",
        "en": "For the next send like {campaign}, valuing an extra response at {value} "
        "(revenue per treated responder {revenue} × gross margin {margin:.0%}, an "
        "assumption) and a contact at {cost}, sending to the top {share:.0%} by predicted "
        "effect ({contacts:,} customers) earns the most: {profit} expected (95 % interval "
        "{profit_low} to {profit_high}: the sampling noise of the held-out customers at this "
        "share; the share was chosen on the same customers, so it is somewhat optimistic) — "
        "{everyone} if everyone is sent it.",
    },
    "cmp_target_caveat": {
        "ja": "ただしモデルがランダムな選び方を上回ると確認できていないため、この割合は目安です。",
        "en": "The model has not been shown to beat random targeting, so this share is only "
        "a guide.",
    },
    "cmp_do_not_disturb": {
        "ja": "{campaign}と同じ施策を今送ると、{scored:,}人のうち{customers:,}人は"
        "予測効果がマイナス（送ると購入が減る）です。この「送らないリスト」は成果物に保存しています（氏名は伏せ字）。",
        "en": "If a send like {campaign} went out now, {customers:,} of {scored:,} customers "
        "have a negative predicted effect (sending would reduce their purchases); this "
        "do-not-disturb list is saved as an artifact (names masked).",
    },
    "cmp_do_not_disturb_caveat": {
        "ja": "モデルがランダムな選び方を上回ると確認できていないため、このリストは検証すべき"
        "仮説です。次のパイロットでリストの半分にだけ送らず、効果を確かめてください。",
        "en": "The model has not been shown to beat random targeting, so this list is a "
        "hypothesis to test: in the next pilot, hold back half of it and measure.",
    },
    "cmp_trigger_rule": {
        "ja": "{column}が{threshold:g}以上",
        "en": "{column} at least {threshold:g}",
    },
    "cmp_context_precipitation_mm": {"ja": "降水量（mm）", "en": "precipitation (mm)"},
    "cmp_context_temperature_c": {"ja": "気温（℃）", "en": "temperature (°C)"},
    "cmp_chart_qini": {
        "ja": "Qini曲線（学習に使っていない顧客）",
        "en": "Qini curve (customers the model did not learn from)",
    },
    "cmp_qini_model": {"ja": "モデルの順に送る", "en": "By the model"},
    "cmp_qini_random": {"ja": "ランダムに送る", "en": "At random"},
    "cmp_qini_share": {"ja": "送付する割合", "en": "Share contacted"},
    "cmp_qini_incremental": {"ja": "増えた反応数", "en": "Incremental responders"},
    "cmp_col_decile": {"ja": "予測効果の順位（10分位）", "en": "Predicted-uplift decile"},
    # contact fatigue
    "cmp_fatigue": {"ja": "接触疲れ", "en": "Contact fatigue"},
    "cmp_fatigue_cap": {
        "ja": "過去{window}日の接触が{cap}回を超えると、配信停止率は{below:.2%}（95%区間 "
        "{below_low:.2%}〜{below_high:.2%}、{below_n:,}件）から{above:.2%}（{above_low:.2%}〜"
        "{above_high:.2%}、{above_n:,}件）に上がります（1点変化の尤度比検定、統計量{stat:.1f}、"
        "p={p:.3f}）。接触の上限を{window}日{cap}回とすることを勧めます。",
        "en": "Beyond {cap} contacts in the previous {window} days the unsubscribe rate "
        "rises from {below:.2%} (95 % interval {below_low:.2%} to {below_high:.2%}, "
        "{below_n:,} sends) to {above:.2%} ({above_low:.2%} to {above_high:.2%}, "
        "{above_n:,} sends; one-change-point likelihood-ratio scan, statistic {stat:.1f}, "
        "p = {p:.3f}). Cap contacts at {cap} per {window} days.",
    },
    "cmp_fatigue_response": {
        "ja": "{cap}回を超えた接触の反応率は、施策ごとに調整して{diff:+.1f}ポイント"
        "（95%区間 {low:+.1f}〜{high:+.1f}）の差です（観察データのため因果とは限りません）。",
        "en": "Response beyond {cap} contacts differs by {diff:+.1f} points (95 % interval "
        "{low:+.1f} to {high:+.1f}) adjusted for campaign (observational, not necessarily "
        "causal).",
    },
    "cmp_fatigue_channel": {
        "ja": "{channel}だけで見ても上限は{cap}回です（p={p:.3f}）。",
        "en": "For {channel} alone the cap is also {cap} (p = {p:.3f}).",
    },
    "cmp_fatigue_none": {
        "ja": "過去{window}日の接触回数が増えても、配信停止率が上がる証拠はありません"
        "（p={p:.3f}）。上限は推奨しません。",
        "en": "More contacts in the previous {window} days show no rise in unsubscribes "
        "(p = {p:.3f}); no cap is recommended.",
    },
    "cmp_fatigue_absent": {
        "ja": "施策接触データに配信停止（unsubscribed）がないため、接触疲れは測れません。",
        "en": "The contacts table has no unsubscribed column, so fatigue cannot be measured.",
    },
    "cmp_chart_fatigue": {
        "ja": "過去30日の接触回数と配信停止率（95%区間）",
        "en": "Unsubscribe rate by contacts in the previous 30 days (95 % interval)",
    },
    "cmp_fatigue_axis": {"ja": "過去30日の接触回数", "en": "Contacts in the previous 30 days"},
    "cmp_unsubscribe_rate": {"ja": "配信停止率", "en": "Unsubscribe rate"},
    "cmp_response_rate": {"ja": "反応率", "en": "Response rate"},
    # tables
    "cmp_col_campaign": {"ja": "施策", "en": "Campaign"},
    "cmp_col_name": {"ja": "施策名", "en": "Name"},
    "cmp_col_channel": {"ja": "チャネル", "en": "Channel"},
    "cmp_col_first_sent": {"ja": "送付開始", "en": "First send"},
    "cmp_col_contacts": {"ja": "接触数", "en": "Contacts"},
    "cmp_col_status": {"ja": "検証", "en": "Verification"},
    "cmp_col_treated": {"ja": "施策群", "en": "Treated"},
    "cmp_col_control": {"ja": "対照群", "en": "Control"},
    "cmp_col_rate_t": {"ja": "反応率（施策群）", "en": "Response (treated)"},
    "cmp_col_rate_c": {"ja": "反応率（対照群）", "en": "Response (control)"},
    "cmp_col_lift": {"ja": "差（ポイント）", "en": "Lift (points)"},
    "cmp_col_interval": {"ja": "95%区間", "en": "95 % interval"},
    "cmp_col_p": {"ja": "p値", "en": "p-value"},
    "cmp_col_srm": {"ja": "割付比の検定p値", "en": "Split check p"},
    "cmp_col_p_holm": {"ja": "p値（Holm補正）", "en": "p (Holm)"},
    "cmp_col_p_bh": {"ja": "p値（BH補正）", "en": "p (Benjamini-Hochberg)"},
    "cmp_col_interaction_p": {"ja": "交互作用のp値", "en": "Interaction p"},
    "cmp_col_revenue": {"ja": "増分売上", "en": "Incremental revenue"},
    "cmp_col_roi": {"ja": "ROI（倍）", "en": "ROI"},
    "cmp_col_mde": {"ja": "検出可能な最小の差", "en": "Detectable lift"},
    "cmp_col_verdict": {"ja": "判定", "en": "Verdict"},
    "cmp_col_outcome": {"ja": "指標", "en": "Outcome"},
    "cmp_col_segment": {"ja": "層", "en": "Group"},
    "cmp_col_baseline": {"ja": "対照群の反応率", "en": "Baseline response"},
    "cmp_col_pilot_controls": {"ja": "過去の対照群の人数", "en": "Past control customers"},
    "cmp_col_pilot_treatment": {"ja": "必要な人数（施策群）", "en": "Needed: treated"},
    "cmp_col_pilot_control": {"ja": "必要な人数（対照群）", "en": "Needed: control"},
    "cmp_col_pilot_high": {
        "ja": "必要な合計（区間内で最も不利な反応率）",
        "en": "Needed in all, least favourable baseline",
    },
    "cmp_col_pilot_customers": {"ja": "層の現在の顧客数", "en": "Customers in the group now"},
    "cmp_col_pilot_mde": {"ja": "全員で検出できる最小の差", "en": "Detectable lift, all of them"},
    "cmp_col_pilot_status": {"ja": "人数の算出", "en": "Sizing"},
    "cmp_interval": {"ja": "{low:+.1f}〜{high:+.1f}", "en": "{low:+.1f} to {high:+.1f}"},
    "cmp_money_interval": {"ja": "{low}〜{high}", "en": "{low} to {high}"},
}
