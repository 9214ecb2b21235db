"""Labels of the executive report (keys ``exec_``): KPIs, goal status, findings, actions."""

LABELS: dict[str, dict[str, str]] = {
    # KPIs
    "exec_kpi_repeat_rate": {
        "ja": "リピート率（直近{months}か月）",
        "en": "Repeat rate (last {months} months)",
    },
    "exec_kpi_f2_rate": {"ja": "F2転換率", "en": "F2 conversion rate"},
    "exec_kpi_churn_rate": {"ja": "離反率", "en": "Churn rate"},
    "exec_kpi_active_customers": {
        "ja": "稼働顧客数（直近{months}か月）",
        "en": "Active customers (last {months} months)",
    },
    "exec_kpi_revenue": {"ja": "売上（直近{months}か月）", "en": "Revenue (last {months} months)"},
    "exec_kpi_average_clv": {"ja": "平均LTV", "en": "Average CLV"},
    "exec_kpi_nps": {"ja": "NPS", "en": "NPS"},
    "exec_kpi_top20_revenue_share": {
        "ja": "上位20%顧客の売上構成比",
        "en": "Revenue share of the top 20 %",
    },
    # goal panel
    "exec_goals": {"ja": "目標（KPI）の達成状況", "en": "Goals (KPIs)"},
    "exec_goals_text": {
        "ja": "{total}件の目標のうち、達成{met}件、要注意{at_risk}件、未達{missed}件、"
        "データなし{no_data}件です。",
        "en": "Of {total} goals, {met} met, {at_risk} at risk, {missed} missed and "
        "{no_data} without data.",
    },
    "exec_goals_legend": {
        "ja": "✓ 達成：目標どおり。△ 要注意：目標に届いていないが差が目標値の{tolerance:.0%}以内。"
        "✗ 未達：それ以上の差。– データなし：このKPIを出すレポートやデータが今回の実行に"
        "ありません。○ 参考：良し悪しの方向を決めていないKPI（設定の goals に direction を"
        "書くと判定します）。"
        "推移は{periods}期（{months}か月ごと）で、各点はその期末までの直近の期間の値"
        "（リピート率・売上・稼働顧客数・NPS・上位20%の売上構成比）、F2転換率だけはその期に初回"
        "購入した顧客（コホート）の値です。最新の推移は前の期との差で示します。LTV・離反率など"
        "モデルによるKPIには推移がありません。",
        "en": "✓ met: on target. △ at risk: short of the target by at most {tolerance:.0%} of "
        "it. ✗ missed: further off. – no data: no report or data of this run gives this KPI. "
        "○ for reference: a KPI with no better direction (give the goal a direction in the "
        "config to judge it). Trends show {periods} periods {months} months apart: each point "
        "is the KPI over the window ending then (repeat rate, revenue, active customers, NPS, "
        "the top 20 %'s revenue share), except F2 conversion, which is per cohort of "
        "customers who first bought in that period. The latest move is shown against the "
        "previous period; model KPIs such as CLV and churn rate have no trend.",
    },
    "exec_no_goals": {
        "ja": "設定ファイルに目標（goals）がありません。",
        "en": "The config sets no goals.",
    },
    "exec_status_met": {"ja": "達成", "en": "met"},
    "exec_status_at_risk": {"ja": "要注意", "en": "at risk"},
    "exec_status_missed": {"ja": "未達", "en": "missed"},
    "exec_status_no_data": {"ja": "データなし", "en": "no data"},
    "exec_status_reference": {"ja": "参考", "en": "for reference"},
    "exec_no_data": {"ja": "データなし", "en": "no data"},
    "exec_target": {"ja": "目標", "en": "Target"},
    "exec_direction_up": {"ja": "以上", "en": "or more"},
    "exec_direction_down": {"ja": "以下", "en": "or less"},
    "exec_direction_none": {"ja": "方向の指定なし", "en": "no direction set"},
    "exec_trend_model": {"ja": "モデルによる値のため推移なし", "en": "Model figure: no trend"},
    "exec_trend_short": {
        "ja": "推移を出せる期間がありません",
        "en": "Too little history for a trend",
    },
    "exec_trend_change": {
        "ja": "前期（{since}）から{change}{verdict}",
        "en": "{change} on the previous period ({since}){verdict}",
    },
    "exec_trend_cohort": {
        "ja": "{end}までの{months}か月に初回購入したコホート：{value}、前のコホートから"
        "{change}{verdict}",
        "en": "Cohort of first purchases in the {months} months to {end}: {value}, {change} "
        "on the cohort before{verdict}",
    },
    "exec_verdict_better": {"ja": "（改善）", "en": " (better)"},
    "exec_verdict_worse": {"ja": "（悪化）", "en": " (worse)"},
    "exec_verdict_flat": {"ja": "（横ばい）", "en": " (unchanged)"},
    "exec_verdict_none": {"ja": "", "en": ""},
    # trend chart
    "exec_trend": {"ja": "KPIの推移", "en": "KPI trends"},
    "exec_chart_trend": {
        "ja": "KPIの推移（点線＝目標）",
        "en": "KPI trends (dotted line = target)",
    },
    "exec_period_end": {"ja": "期末", "en": "Period end"},
    "exec_trend_incomplete": {
        "ja": "{kpi}の推移は初回購入の期ごとのコホートで、初回購入から{days}日たっていない顧客を"
        "含む直近{count}期（{first}〜{last}）は、まだ判定できないため除いています。",
        "en": "{kpi} is trended per cohort of first purchases; the latest {count} periods "
        "({first} to {last}) hold customers whose first purchase is less than {days} days "
        "old and are left out until they can be judged.",
    },
    "exec_no_trend": {
        "ja": "推移を出せるKPIが目標にありません。",
        "en": "None of the goals has a KPI with a trend.",
    },
    # findings
    "exec_findings": {"ja": "主な発見", "en": "Key findings"},
    "exec_no_findings": {
        "ja": "今回の実行には、発見を書けるレポートがありません。",
        "en": "No report of this run gives figures for findings.",
    },
    "exec_details": {"ja": "詳細", "en": "Details"},
    "exec_findings_order": {
        "ja": "並び順：目標に届いていないものを不足の大きい順に、次に前期からの変化がふだんの"
        "変動（期ごとの変化の標準偏差）の{z:.0f}倍以上のものを変化の大きい順に、残りは標準の順です。",
        "en": "Order: findings that miss a target first, largest miss first; then those whose "
        "change on the previous period is at least {z:.0f} times the usual movement (the "
        "standard deviation of the period-to-period changes), largest first; the rest in "
        "the standard order.",
    },
    "exec_cmp_previous": {
        "ja": "前期（{previous_end}時点）の{previous}から{change}{verdict}です。",
        "en": "That is {change} on the previous period ({previous} as of {previous_end}){verdict}.",
    },
    "exec_cmp_cohort": {
        "ja": "{days}日を追えた最新のコホート（{latest_end}までの{months}か月に初回購入）は"
        "{latest}で、前のコホートの{previous}から{change}{verdict}です。",
        "en": "The latest cohort followed for {days} days (first purchase in the {months} "
        "months to {latest_end}) converted {latest}, {change} on the cohort before "
        "({previous}){verdict}.",
    },
    "exec_cmp_target_met": {
        "ja": "目標{target}を達成しています。",
        "en": "The target of {target} is met.",
    },
    "exec_cmp_target_at_risk": {
        "ja": "目標{target}まであと{gap}です（要注意）。",
        "en": "It is {gap} short of the target of {target} (at risk).",
    },
    "exec_cmp_target_missed": {
        "ja": "目標{target}に{gap}届いていません（未達）。",
        "en": "It misses the target of {target} by {gap}.",
    },
    "exec_cmp_target_reference": {
        "ja": "目標{target}との差は{gap}です（良し悪しの方向は指定なし）。",
        "en": "It is {gap} from the target of {target} (no better direction set).",
    },
    "exec_finding_concentration": {
        "ja": "上位20%の顧客が直近{months}か月の売上の{share:.0%}をもたらしています。",
        "en": "The top 20 % of customers bring {share:.0%} of the last {months} months' revenue.",
    },
    "exec_finding_churn": {
        "ja": "離反率は{rate:.1%}です（定義：{definition}、判定期間{days}日）。"
        "いま離反しそうな顧客の、失われうる価値は{value}です。",
        "en": "The churn rate is {rate:.1%} ({definition}; {days}-day window). Customers likely "
        "to churn now hold {value} of value at risk.",
    },
    "exec_churn_def_window": {"ja": "判定期間に購入がない", "en": "no purchase in the window"},
    "exec_churn_def_rhythm": {
        "ja": "自分の購入間隔に比べて購入が途絶えた",
        "en": "purchases stopped for longer than the customer's own rhythm allows",
    },
    "exec_churn_def_p_alive": {
        "ja": "購入回数モデルで離脱とみなされた",
        "en": "deemed gone by the purchase model",
    },
    "exec_finding_f2": {
        "ja": "初回購入から{days}日以内に2回目を購入した顧客（F2転換率）は{rate:.1%}です。",
        "en": "{rate:.1%} of new customers bought a second time within {days} days (F2 "
        "conversion).",
    },
    "exec_finding_clv": {
        "ja": "今後{weeks}週間の1人あたり平均LTVは{mean}で、上位20%の顧客がLTVの"
        "{share:.0%}を占めます。",
        "en": "Average CLV over the next {weeks} weeks is {mean} per customer; the top "
        "20 % of customers hold {share:.0%} of it.",
    },
    "exec_finding_journey": {
        "ja": "カスタマージャーニーで最も大きな離脱は{from_stage}→{to_stage}で、"
        "{share:.0%}（{lost:,}人）が次へ進んでいません。",
        "en": "The journey's largest drop-off is {from_stage} → {to_stage}: {share:.0%} "
        "({lost:,} people) do not move on.",
    },
    "exec_finding_emerging": {
        "ja": "お客様の声で急に増えた語は「{term}」です。直近の期間にこの語を含む声は"
        "{recent:,}件で、声全体の{recent_share:.1%}（それ以前は{baseline_share:.1%}）でした。",
        "en": "The term on the rise in customers' comments is \u201c{term}\u201d: {recent:,} "
        "comments in the latest period, {recent_share:.1%} of all (before: "
        "{baseline_share:.1%}).",
    },
    "exec_finding_leads": {
        "ja": "見込み客{count:,}件の{share:.1%}にフォローがありません。フォローのなかった見込み客の"
        "{lost:.1%}は{days}日以内に購入していません（他社に流れた可能性の上限）。",
        "en": "{share:.1%} of {count:,} leads were never followed up; {lost:.1%} of those did not "
        "buy within {days} days (the upper bound of prospects lost to a competitor).",
    },
    "exec_finding_lapsed": {
        "ja": "リピート顧客の{share:.1%}は、すでに離れている可能性が高い状態です"
        "（生存確率50%未満）。",
        "en": "{share:.1%} of repeat customers have probably lapsed (P(alive) below 50 %).",
    },
    # actions
    "exec_actions": {"ja": "推奨アクション（測定した効果を優先）", "en": "Recommended actions"},
    "exec_actions_note": {
        "ja": "「未測定」のアクションは対象の価値だけを示し、大きい順に並べています。効果はまだ"
        "測っていないため、対照群つきのパイロットで確かめてから展開してください。",
        "en": "\u201cNot measured\u201d actions show only what is at stake, largest first: "
        "their effect has not been measured, so pilot them against a control group before "
        "rolling them out.",
    },
    "exec_actions_measured": {
        "ja": "「測定」のアクションは対照群との比較で効果を確かめたもので、先に、増分売上の"
        "大きい順に並べています。",
        "en": "\u201cMeasured\u201d actions rest on an effect measured against a control "
        "group; they come first, largest incremental revenue first.",
    },
    "exec_basis_measured": {"ja": "測定", "en": "measured"},
    "exec_basis_assumed": {"ja": "未測定", "en": "not measured"},
    "exec_action_roll_out": {
        "ja": "{campaign}を展開：パイロットで反応率が{lift:+.1f}ポイント（95%区間 {low:+.1f}〜"
        "{high:+.1f}）上がり、増分売上は{revenue}（{revenue_low}〜{revenue_high}）でした。",
        "en": "Roll out {campaign}: in the pilot it raised response by {lift:+.1f} points "
        "(95 % interval {low:+.1f} to {high:+.1f}), incremental revenue {revenue} "
        "({revenue_low} to {revenue_high}).",
    },
    "exec_action_stop": {
        "ja": "{campaign}を中止：反応率の差は{lift:+.1f}ポイント（95%区間 {low:+.1f}〜{high:+.1f}）"
        "で逆効果、売上の差は{revenue}（{revenue_low}〜{revenue_high}）でした。",
        "en": "Stop {campaign}: it changed response by {lift:+.1f} points (95 % interval "
        "{low:+.1f} to {high:+.1f}) and revenue by {revenue} ({revenue_low} to "
        "{revenue_high}).",
    },
    "exec_action_spare": {
        "ja": "{campaign}を{segment}には送らない：この層では反応率の差が{lift:+.1f}ポイント"
        "でした（逆効果）。",
        "en": "Do not send {campaign} to customers {segment}: their response lift was "
        "{lift:+.1f} points (harmful).",
    },
    "exec_action_cap": {
        "ja": "接触は30日に{cap}回までに：それを超えると配信停止が増えます。",
        "en": "Cap contacts at {cap} per 30 days: beyond that, unsubscribes rise.",
    },
    "exec_action_target": {
        "ja": "次の{campaign}型の配信は、予測アップリフトの上位{share:.0%}（{contacts:,}人）に"
        "絞って送る：見込み利益{profit}（95%区間 {low}〜{high}）。予測モデルは検証用の顧客で"
        "ランダムな選び方を上回りました（Qini {qini:.3f}、95%区間 {qini_low:.3f}〜"
        "{qini_high:.3f}）。",
        "en": "Send the next campaign like {campaign} to the top {share:.0%} by predicted "
        "uplift ({contacts:,} customers): {profit} expected profit (95 % interval {low} to "
        "{high}); the model beat random targeting on held-out customers (Qini {qini:.3f}, "
        "95 % interval {qini_low:.3f} to {qini_high:.3f}).",
    },
    "exec_action_target_unproven": {
        "ja": "予測アップリフトで送付先を絞るのはまだ早い：モデルがランダムな選び方を上回ると"
        "確認できていません（{campaign}型、Qini {qini:.3f}、95%区間 {qini_low:.3f}〜"
        "{qini_high:.3f}）。絞り込み配信と全員配信を比べるパイロットで確かめてください。",
        "en": "Do not target by predicted uplift yet: the model has not been shown to beat "
        "random targeting (like {campaign}: Qini {qini:.3f}, 95 % interval {qini_low:.3f} to "
        "{qini_high:.3f}); pilot a targeted send against an untargeted one first.",
    },
    "exec_no_actions": {
        "ja": "今回の実行には、アクションを推定できるレポートがありません。",
        "en": "No report of this run gives figures to estimate actions.",
    },
    "exec_action_churn": {
        "ja": "離反の恐れが高い顧客へのフォロー：対象の価値{at_stake}。",
        "en": "Follow up customers likely to churn: {at_stake} at stake.",
    },
    "exec_action_rank": {
        "ja": "会員ランクを失いそうな{customers:,}人へ、ランク維持に必要な購入（合計{gap}）を"
        "案内：年間購入額{at_stake}。",
        "en": "Tell the {customers:,} customers about to lose their membership rank what keeps "
        "it (together {gap} of spend): {at_stake} of yearly spend at stake.",
    },
    "exec_action_lapsed": {
        "ja": "離れた可能性が高いリピート顧客{customers:,}人の掘り起こし：活動時の年間購入額"
        "{at_stake}。",
        "en": "Win back {customers:,} repeat customers who have probably lapsed: "
        "{at_stake} a year while they were active.",
    },
    "exec_action_speed": {
        "ja": "見込み客には1日以内に対応する：1日以内の対応で購入率が{effect:+.1f}ポイント（95%区間"
        " {low:+.1f}〜{high:+.1f}、流入元で調整した観察データ）高く、直近1年の未対応分で約"
        "{customers:,}人・{at_stake}の顧客価値が見込めます。",
        "en": "Answer every lead within a day: answering within a day went with {effect:+.1f} "
        "points more conversion (95 % interval {low:+.1f} to {high:+.1f}; observational, "
        "adjusted for lead source), about {customers:,} extra customers worth {at_stake} on "
        "last year's leads.",
    },
    "exec_action_journey": {
        "ja": "{from_stage}→{to_stage}の離脱（{customers:,}人）を減らす施策：平均LTV換算で"
        "{at_stake}。",
        "en": "Close the {from_stage} → {to_stage} drop-off ({customers:,} people): "
        "{at_stake} at average CLV.",
    },
    "exec_period": {
        "ja": "{end}時点の実績です。",
        "en": "Figures as of {end}.",
    },
    "exec_by_hand": {
        "ja": "実行フォルダーがないため、他のレポートの数値（metrics）は使えません。",
        "en": "Not inside a run: the other reports' figures (metrics) are not available.",
    },
    "exec_goals_reference": {
        "ja": "うち{reference}件は良し悪しの方向を決めていないKPIのため、達成・未達を判定せず"
        "参考として示しています。",
        "en": "Of these, {reference} with no better direction are shown for reference, "
        "without a verdict.",
    },
    # monthly business figures (crm_lib.executive.business)
    "exec_biz": {"ja": "月次の業績", "en": "Monthly business figures"},
    "exec_biz_fig_revenue": {"ja": "売上", "en": "Revenue"},
    "exec_biz_fig_orders": {"ja": "受注件数", "en": "Orders"},
    "exec_biz_fig_aov": {"ja": "客単価", "en": "Average order value"},
    "exec_biz_fig_buyers": {"ja": "購入顧客数", "en": "Customers who bought"},
    "exec_biz_fig_new_customers": {"ja": "新規顧客数", "en": "New customers"},
    "exec_biz_fig_new_revenue": {"ja": "新規顧客の売上", "en": "Revenue from new customers"},
    "exec_biz_fig_existing_customers": {"ja": "既存顧客数", "en": "Existing customers"},
    "exec_biz_fig_existing_revenue": {
        "ja": "既存顧客の売上",
        "en": "Revenue from existing customers",
    },
    "exec_biz_fig_active_customers": {
        "ja": "稼働顧客数（月末）",
        "en": "Active customers (month end)",
    },
    "exec_biz_fig_dormant_customers": {
        "ja": "休眠客数（月末）",
        "en": "Dormant customers (month end)",
    },
    "exec_biz_fig_reactivated_customers": {"ja": "休眠復帰数", "en": "Reactivations"},
    "exec_biz_col_figure": {"ja": "指標", "en": "Figure"},
    "exec_biz_col_value": {"ja": "当月", "en": "This month"},
    "exec_biz_col_previous": {"ja": "前月", "en": "Previous month"},
    "exec_biz_col_mom": {"ja": "前月比", "en": "vs previous month"},
    "exec_biz_col_year_ago": {"ja": "前年同月", "en": "Same month last year"},
    "exec_biz_col_yoy": {"ja": "前年同月比", "en": "vs same month last year"},
    "exec_biz_none": {"ja": "—", "en": "—"},
    "exec_biz_period": {
        "ja": "{year}年{month}月（データのある最後の完全な月）の実績です。"
        "売上は返品を差し引いた額、客単価は売上÷受注件数です。前月比・前年同月比は当月の値を比べる月の値で割った比率"
        "（100%で横ばい）です。",
        "en": "Figures of {year}-{month:02d}, the latest complete month of the data. Revenue "
        "is net of returns; average order value is revenue ÷ orders. The comparisons divide "
        "this month's figure by the compared month's (100 % = unchanged).",
    },
    "exec_biz_dormancy": {
        "ja": "新規顧客はその月に初めて購入した顧客、既存顧客はそれより前にも購入のある顧客です。"
        "稼働顧客は月末までの{days}日以内に購入のある顧客、休眠客はそれより前に購入があり{days}日"
        "以内に購入のない顧客、休眠復帰は{days}日を超えて購入のなかった顧客がその月に購入したもの"
        "です。{days}日は離反分析の判定期間と同じで、{basis}です。",
        "en": "New customers made their first purchase in the month; existing customers had "
        "bought before. Active customers bought in the {days} days to the month end; dormant "
        "customers bought before but not in those {days} days; a reactivation is a customer "
        "who bought in the month after more than {days} days without a purchase. The {days} "
        "days are the churn report's window, {basis}.",
    },
    "exec_biz_basis_fixed": {"ja": "設定で指定した日数", "en": "as set in the configuration"},
    "exec_biz_basis_auto": {
        "ja": "同じ顧客の購入と購入の間隔から決めた日数",
        "en": "derived from the gaps between a customer's purchases",
    },
    "exec_biz_move": {
        "ja": "前月から最も大きく動いたのは{figure}で、{previous}から{value}になりました"
        "（前月比{mom:.1%}）。",
        "en": "The largest move on the previous month is {figure}: from {previous} to {value} "
        "({mom:.1%} of the previous month).",
    },
    "exec_biz_no_year": {
        "ja": "データが{start}から始まるため、前年同月と比べられません（「—」）。",
        "en": "The data starts on {start}: there is no month a year before to compare with (—).",
    },
    "exec_biz_no_data": {
        "ja": "集計できる完全な月がデータにありません。",
        "en": "The data holds no complete month to report.",
    },
    "exec_biz_card_mom": {
        "ja": "前月比 {ratio}（前月 {compared}）",
        "en": "vs previous month {ratio} (was {compared})",
    },
    "exec_biz_card_yoy": {
        "ja": "前年同月比 {ratio}（前年同月 {compared}）",
        "en": "vs a year before {ratio} (was {compared})",
    },
    "exec_biz_chart": {
        "ja": "月次売上（新規顧客・既存顧客）と受注件数",
        "en": "Monthly revenue (new and existing customers) and orders",
    },
    "exec_biz_axis_revenue": {"ja": "売上（{unit}）", "en": "Revenue ({unit})"},
    "exec_biz_month": {"ja": "月", "en": "Month"},
    # the run's index
    "exec_stale_data": {
        "ja": "注意：データは{end}までで、この実行の{days}日前に終わっています。"
        "各レポートの数値はその時点までの期間のもので、現在の状況ではありません。",
        "en": "Warning: the data ends on {end}, {days} days before this run. The figures "
        "describe that period, not now.",
    },
}
