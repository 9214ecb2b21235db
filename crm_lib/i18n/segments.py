"""Labels of the segments report."""

LABELS: dict[str, dict[str, str]] = {
    # RFM segment names
    "seg_name_champions": {"ja": "優良顧客（チャンピオン）", "en": "Champions"},
    "seg_name_loyal": {"ja": "ロイヤル顧客", "en": "Loyal"},
    "seg_name_potential_loyalists": {"ja": "ロイヤル予備軍", "en": "Potential loyalists"},
    "seg_name_new": {"ja": "新規顧客", "en": "New"},
    "seg_name_cant_lose": {"ja": "失ってはならない顧客", "en": "Can't lose them"},
    "seg_name_at_risk": {"ja": "離反予備軍（要注意）", "en": "At risk"},
    "seg_name_hibernating": {"ja": "休眠顧客", "en": "Hibernating"},
    "seg_name_lost": {"ja": "離反顧客", "en": "Lost"},
    "seg_name_not_yet": {"ja": "（当時は未購入）", "en": "(not yet a customer)"},
    # table headers and chart labels
    "seg_segment": {"ja": "セグメント", "en": "Segment"},
    "seg_customer_share": {"ja": "顧客数の構成比", "en": "Share of customers"},
    "seg_revenue_share": {"ja": "売上の構成比", "en": "Share of revenue"},
    "seg_avg_order_value": {"ja": "平均注文単価", "en": "Average order value"},
    "seg_orders_per_customer": {"ja": "1人あたり注文数", "en": "Orders per customer"},
    "seg_median_recency_days": {
        "ja": "最終購入からの日数（中央値）",
        "en": "Days since last order (median)",
    },
    "seg_revenue_net": {"ja": "累計売上（返品控除後）", "en": "Revenue to date (net)"},
    "seg_chart_segments": {
        "ja": "RFMセグメント別の顧客数と売上の構成比",
        "en": "RFM segments: share of customers and of revenue",
    },
    "seg_chosen_k": {"ja": "採用したクラスター数", "en": "Chosen k"},
    "seg_k": {"ja": "クラスター数 k", "en": "Number of clusters k"},
    "seg_criterion_icl": {"ja": "ICL（小さいほど良い）", "en": "ICL (lower is better)"},
    "seg_criterion_silhouette": {
        "ja": "シルエット係数（大きいほど良い）",
        "en": "Silhouette (higher is better)",
    },
    "seg_chart_k_selection": {
        "ja": "クラスター数の選択：{criterion}",
        "en": "Choosing the number of clusters: {criterion}",
    },
    "seg_cluster_n": {"ja": "クラスター{cluster}", "en": "Cluster {cluster}"},
    "seg_cluster": {"ja": "クラスター", "en": "Cluster"},
    "seg_median_recency": {"ja": "最終購入からの日数", "en": "Days since last order"},
    "seg_median_orders": {"ja": "注文回数（中央値）", "en": "Orders (median)"},
    "seg_median_order_value": {
        "ja": "平均注文単価の中央値",
        "en": "Median of the average order value",
    },
    "seg_cluster_hover": {
        "ja": "顧客数 %{customdata[0]:,}人<br>売上構成比 %{customdata[1]:.1%}",
        "en": "%{customdata[0]:,} customers<br>%{customdata[1]:.1%} of revenue",
    },
    "seg_chart_clusters": {
        "ja": "行動クラスター：購入回数×注文単価（バブルの大きさ＝顧客数、色＝最終購入からの日数）",
        "en": "Behavioural clusters: orders × order value (size = customers, colour = days "
        "since last order)",
    },
    "seg_row_share": {"ja": "行内の構成比", "en": "Share of row"},
    "seg_from": {"ja": "比較開始時点", "en": "At the first date"},
    "seg_to": {"ja": "観測終了時点", "en": "At the second date"},
    "seg_flow_hover": {
        "ja": "%{source.label} → %{target.label}<br>%{value:,}人<br>売上の増減 %{customdata}",
        "en": "%{source.label} → %{target.label}<br>%{value:,} customers<br>"
        "revenue change %{customdata}",
    },
    "seg_with_unit": {"ja": "{label}（{unit}）", "en": "{label} ({unit})"},
    "seg_chart_flow_revenue": {
        "ja": "売上の増減が大きかった移動（直近12か月売上の前年差）",
        "en": "Moves that gained or lost the most revenue (trailing-12-month change)",
    },
    "seg_revenue_change": {"ja": "売上の増減", "en": "Revenue change"},
    "seg_spend_share": {"ja": "購入金額の構成比", "en": "Share of spend"},
    "seg_chart_ranks": {
        "ja": "会員ランク別の顧客数と購入金額（直近12か月）の構成比",
        "en": "Membership ranks: share of customers and of trailing-12-month spend",
    },
    "seg_equality": {"ja": "完全平等線", "en": "Line of equality"},
    "seg_lorenz": {"ja": "ローレンツ曲線", "en": "Lorenz curve"},
    "seg_top_marker": {
        "ja": "上位{share:.0%}で売上の{revenue:.0%}",
        "en": "Top {share:.0%}: {revenue:.0%} of revenue",
    },
    "seg_chart_lorenz": {
        "ja": "売上の集中度（直近12か月に購入した顧客）",
        "en": "Revenue concentration (customers who bought in the last 12 months)",
    },
    "seg_cum_customers": {
        "ja": "顧客の累積構成比（購入金額の少ない順）",
        "en": "Cumulative share of customers (lowest spend first)",
    },
    "seg_cum_revenue": {"ja": "売上の累積構成比", "en": "Cumulative share of revenue"},
    "seg_repeat_revenue": {"ja": "既存顧客（リピート）の売上", "en": "Repeat revenue"},
    "seg_new_revenue": {"ja": "新規顧客（初回購入日）の売上", "en": "First-purchase revenue"},
    "seg_chart_new_repeat": {
        "ja": "月別売上：新規顧客と既存顧客",
        "en": "Revenue per month: new and existing customers",
    },
    "seg_f2_rate": {"ja": "F2転換率", "en": "F2 conversion rate"},
    "seg_f2_hover": {
        "ja": "%{y}：%{x:.1%}（対象 %{customdata:,}人）",
        "en": "%{y}: %{x:.1%} (%{customdata:,} eligible customers)",
    },
    "seg_chart_f2_channel": {
        "ja": "獲得チャネル別のF2転換率（初回購入から{days}日以内）",
        "en": "F2 conversion by acquisition channel (second purchase within {days} days)",
    },
    "seg_chart_f2_cohort": {
        "ja": "初回購入月別のF2転換率（初回購入から{days}日以内）",
        "en": "F2 conversion by month of first purchase (within {days} days)",
    },
    "seg_retention": {"ja": "購入した顧客の割合", "en": "Share who bought"},
    "seg_cohort_hover": {
        "ja": "初回購入月 %{y}、%{x}か月後：%{z:.1%}",
        "en": "Cohort %{y}, month %{x}: %{z:.1%}",
    },
    "seg_chart_cohorts": {
        "ja": "コホート別の継続購入率（初回購入月×経過月数）",
        "en": "Cohort retention (month of first purchase × months since)",
    },
    "seg_months_since_first": {"ja": "初回購入からの経過月数", "en": "Months since first purchase"},
    "seg_cohort_month": {"ja": "初回購入月", "en": "Month of first purchase"},
    "seg_rank": {"ja": "会員ランク", "en": "Rank"},
    "seg_min_spend": {
        "ja": "ランク条件（直近12か月の購入金額の下限）",
        "en": "Minimum 12-month spend",
    },
    "seg_spend_12m": {"ja": "直近12か月の購入金額", "en": "Trailing 12-month spend"},
    "seg_mean_spend": {"ja": "1人あたり購入金額", "en": "Spend per customer"},
    "seg_spend_still_counting": {
        "ja": "期限時点でも残る購入金額",
        "en": "Spend still counting then",
    },
    "seg_gap": {
        "ja": "ランク維持に必要な追加購入額",
        "en": "Spend needed to keep the rank",
    },
    "seg_keep_by": {"ja": "期限", "en": "By"},
    "seg_last_purchase_date": {"ja": "最終購入日", "en": "Last purchase"},
    "seg_customer_id": {"ja": "顧客ID", "en": "Customer id"},
    "seg_chart_segment_matrix": {
        "ja": "RFMセグメントの移動（{start:%Y-%m-%d} → {end:%Y-%m-%d}、人数）",
        "en": "RFM segment moves ({start:%Y-%m-%d} → {end:%Y-%m-%d}, customers)",
    },
    "seg_chart_sankey": {
        "ja": "RFMセグメントの移動（{start:%Y-%m-%d} → {end:%Y-%m-%d}）",
        "en": "RFM segment migration ({start:%Y-%m-%d} → {end:%Y-%m-%d})",
    },
    "seg_chart_rank_matrix": {
        "ja": "会員ランクの移動（{start:%Y-%m-%d} → {end:%Y-%m-%d}、人数）",
        "en": "Membership rank moves ({start:%Y-%m-%d} → {end:%Y-%m-%d}, customers)",
    },
    "seg_eligible": {"ja": "対象顧客数", "en": "Eligible customers"},
    "seg_median_days_to_second": {
        "ja": "2回目購入までの日数（中央値）",
        "en": "Days to second purchase (median)",
    },
    "seg_channel": {"ja": "獲得チャネル", "en": "Acquisition channel"},
    # report text: RFM
    "seg_rfm_heading": {"ja": "RFM分析：8つの顧客セグメント", "en": "RFM: eight customer segments"},
    "seg_rfm_text": {
        "ja": "{end:%Y年%m月%d日}時点で購入実績のある{customers:,}人を、最終購入からの日数（R）・"
        "購入回数（F）・累計購入金額（M）をそれぞれ5段階（顧客全体の五分位）で評価し、"
        "8つのセグメントに分けました。優良顧客（チャンピオン）は顧客の{champions_share:.1%}ですが、"
        "累計売上の{champions_revenue:.1%}を占めます。",
        "en": "The {customers:,} customers who had bought by {end:%d %b %Y} are scored 1-5 "
        "(quintiles among all customers) on recency (R), frequency (F) and monetary value (M) "
        "and fall into eight segments. Champions are {champions_share:.1%} of customers but "
        "bring {champions_revenue:.1%} of revenue to date.",
    },
    "seg_rfm_risk_text": {
        "ja": "以前はよく購入していたのに最近購入のない「失ってはならない顧客」と「離反予備軍」は"
        "合わせて{customers:,}人（累計売上の{revenue:.1%}）で、引き留め施策の優先対象です。",
        "en": "Customers who used to buy often but not lately (Can't lose them and At risk) "
        "number {customers:,} ({revenue:.1%} of revenue to date): the first to win back.",
    },
    "seg_rfm_ties": {
        "ja": "購入回数は同じ値の顧客が多いため（1回だけの顧客が{one_share:.0%}）、同じ値には"
        "同じ評価を付けています。五分位は時点ごとに基準が動くので、期間比較には次の固定基準を使います。",
        "en": "Many customers share the same number of orders ({one_share:.0%} ordered once); "
        "equal values get equal scores. Quintiles move with the customer base, so comparisons "
        "over time use the fixed cut-offs below.",
    },
    # report text: fixed cut-offs and migration
    "seg_fixed_heading": {
        "ja": "固定基準のRFMとセグメントの移動",
        "en": "RFM on fixed cut-offs and segment migration",
    },
    "seg_fixed_text": {
        "ja": "固定基準：R は最終購入から{recency}日以内で5〜4〜3〜2、それより前は1。"
        "F は{orders}回以上で2〜5。M は累計購入金額{monetary}以上で2〜5。"
        "基準が変わらないので、セグメントの意味が期間をまたいで同じです。",
        "en": "Fixed cut-offs: R scores 5, 4, 3, 2 for a last purchase within {recency} days, "
        "else 1; F scores 2-5 from {orders} orders; M scores 2-5 from {monetary} spent to "
        "date. The cut-offs do not move, so a segment means the same in every period.",
    },
    "seg_migration_text": {
        "ja": "{start:%Y年%m月%d日}から{end:%Y年%m月%d日}までに、{moved:,}人がセグメントを移り、"
        "{stayed:,}人が同じセグメントにとどまり、{new:,}人が新たに顧客になりました。"
        "直近12か月売上が最も増えた移動は「{gain_from}→{gain_to}」（{gain}）、"
        "最も減った移動は「{loss_from}→{loss_to}」（{loss}）です。",
        "en": "From {start:%d %b %Y} to {end:%d %b %Y}, {moved:,} customers changed segment, "
        "{stayed:,} stayed and {new:,} became customers. The move that gained most "
        "trailing-12-month revenue was {gain_from} → {gain_to} ({gain}); the one "
        "that lost most was {loss_from} → {loss_to} ({loss}).",
    },
    "seg_migration_no_history": {
        "ja": "比較開始日（{start:%Y-%m-%d}）より前の取引がないため、移動は示せません。"
        "migration_from に取引期間内の日付を指定してください。",
        "en": "There are no orders before the first comparison date ({start:%Y-%m-%d}), so "
        "there is no migration to show; set migration_from to a date inside the data.",
    },
    # report text: clusters
    "seg_clusters_heading": {"ja": "行動クラスター", "en": "Behavioural clusters"},
    "seg_clusters_text": {
        "ja": "2回以上購入した{customers:,}人を、最終購入からの日数・購入回数・平均注文単価"
        "（いずれも対数をとって標準化）でクラスターに分けました（1回だけの{excluded:,}人は"
        "購入回数の情報がないため対象外）。{k_min}〜{k_max}個を試し、{criterion}で{k}個を"
        "選びました。乱数を変えて{runs}回やり直した結果との一致度（調整ランド指数）は"
        "平均{ari:.2f}です（1が完全一致）。",
        "en": "The {customers:,} customers with at least two orders are clustered on days "
        "since the last order, orders and average order value (logged and standardised); "
        "the {excluded:,} one-order customers are left out, as one order says nothing about "
        "how often they buy. "
        "Trying {k_min} to {k_max} clusters, {criterion} chose {k}. Refitting with {runs} "
        "other seeds agrees with this result at a mean adjusted Rand index of {ari:.2f} "
        "(1 = identical).",
    },
    "seg_clusters_too_few": {
        "ja": "2回以上購入した顧客が{customers:,}人しかいないため、クラスター分析は省略します。",
        "en": "Only {customers:,} customers bought twice or more: too few to cluster.",
    },
    "seg_cluster_profile": {
        "ja": "クラスター{cluster}（{customers:,}人、売上の{revenue_share:.0%}）："
        "{recency}（中央値{recency_days:,.0f}日前）、{often}（{orders:,.0f}回）、"
        "{value}（{order_value}）。",
        "en": "Cluster {cluster} ({customers:,} customers, {revenue_share:.0%} of revenue): "
        "{recency} ({recency_days:,.0f} days ago, median), {often} ({orders:,.0f} orders), "
        "{value} ({order_value} per order).",
    },
    "seg_recency_low": {"ja": "最近も購入している", "en": "bought recently"},
    "seg_recency_mid": {"ja": "最終購入は平均的", "en": "last bought an average while ago"},
    "seg_recency_high": {"ja": "しばらく購入がない", "en": "has not bought for a long time"},
    "seg_orders_low": {"ja": "購入回数は少なめ", "en": "buys seldom"},
    "seg_orders_mid": {"ja": "購入回数は平均的", "en": "buys as often as most"},
    "seg_orders_high": {"ja": "頻繁に購入", "en": "buys often"},
    "seg_avg_order_value_low": {"ja": "注文単価は低め", "en": "spends little per order"},
    "seg_avg_order_value_mid": {
        "ja": "注文単価は平均的",
        "en": "spends an average amount per order",
    },
    "seg_avg_order_value_high": {"ja": "注文単価が高い", "en": "spends much per order"},
    # report text: ranks
    "seg_ranks_heading": {
        "ja": "会員ランク（直近12か月の購入金額）",
        "en": "Membership ranks (trailing-12-month spend)",
    },
    "seg_ranks_text": {
        "ja": "最上位の{rank}ランクは{customers:,}人（顧客の{share:.1%}）で、"
        "直近12か月の購入金額の{spend_share:.1%}を占めます。",
        "en": "The top rank, {rank}, holds {customers:,} customers ({share:.1%}) and "
        "{spend_share:.1%} of trailing-12-month spend.",
    },
    "seg_ranks_one_rank": {
        "ja": "全顧客が{rank}ランクに入っています。ランク条件（購入金額の下限）がこのデータの通貨や"
        "購入水準に合っていない可能性があります（business.rank_tiers で設定）。",
        "en": "Every customer is in rank {rank}: the tiers (minimum spend) may not fit this "
        "data's currency or spend level (set business.rank_tiers).",
    },
    "seg_concentration_text": {
        "ja": "直近12か月に購入した{customers:,}人のうち、購入金額の上位20%が売上の"
        "{share:.1%}を占めます（ジニ係数{gini:.2f}）。",
        "en": "Of the {customers:,} customers who bought in the last 12 months, the top 20 % "
        "by spend bring {share:.1%} of revenue (Gini coefficient {gini:.2f}).",
    },
    "seg_rank_migration_text": {
        "ja": "{start:%Y年%m月%d日}にランクがあった{ranked:,}人のうち、{end:%Y年%m月%d日}までに"
        "{up:.1%}がランクアップ、{down:.1%}がランクダウンし、{stay:.1%}が同じランクです"
        "（この間に{new:,}人が新たに顧客になりました）。",
        "en": "Of the {ranked:,} customers ranked on {start:%d %b %Y}, by {end:%d %b %Y} "
        "{up:.1%} moved up, {down:.1%} moved down and {stay:.1%} kept their rank "
        "({new:,} customers joined in between).",
    },
    "seg_at_risk_text": {
        "ja": "{keep_by:%Y年%m月%d日}までに購入がなければ{customers:,}人が現在のランクを失います"
        "（うち最上位ランク{top:,}人）。必要な追加購入額の中央値は{gap}です。"
        "優遇・引き留めの候補として、ランクの高い順・差額の小さい順に{rows:,}人を示します"
        "（全員は成果物に保存）。",
        "en": "Unless they buy by {keep_by:%d %b %Y}, {customers:,} customers lose their rank "
        "({top:,} of them in the top rank); the median spend needed to keep it is {gap}. "
        "The first {rows:,}, by rank and smallest gap, are listed for special treatment (all "
        "are in the artifact).",
    },
    "seg_no_at_risk": {
        "ja": "{keep_by:%Y年%m月%d日}までにランクを失う顧客はいません。",
        "en": "No customer loses their rank by {keep_by:%d %b %Y}.",
    },
    # report text: new vs existing
    "seg_new_existing_heading": {
        "ja": "新規顧客と既存顧客：F2転換とコホート",
        "en": "New and existing customers: F2 conversion and cohorts",
    },
    "seg_repeat_text": {
        "ja": "直近12か月の売上（返品控除後）のうち{share:.1%}は、2回目以降の購入（既存顧客）から"
        "来ています。",
        "en": "{share:.1%} of the last 12 months' net revenue came from customers buying again "
        "(existing customers).",
    },
    "seg_f2_text": {
        "ja": "初回購入から{days}日以内に2回目を購入した顧客（F2転換率）は{rate:.1%}です"
        "（初回購入が{days}日以上前の{eligible:,}人が対象）。2回目を購入した顧客が要した日数の"
        "中央値は{median:,.0f}日です。",
        "en": "{rate:.1%} of customers bought a second time within {days} days of their first "
        "purchase (F2 conversion; the {eligible:,} customers whose first purchase was at least "
        "{days} days ago). Customers who bought again took a median {median:,.0f} days.",
    },
    "seg_f2_channel_text": {
        "ja": "F2転換率が最も高い獲得チャネルは{best}（{best_rate:.1%}）、最も低いのは"
        "{worst}（{worst_rate:.1%}）です。",
        "en": "F2 conversion is highest for {best} ({best_rate:.1%}) and lowest for {worst} "
        "({worst_rate:.1%}).",
    },
    "seg_no_channel": {
        "ja": "顧客マスタ（獲得チャネル）がないため、獲得チャネル別の集計は省略します。",
        "en": "There is no customers table with an acquisition channel, so the breakdown by "
        "channel is left out.",
    },
    "seg_no_f2": {
        "ja": "初回購入から{days}日以上たった顧客がいないため、F2転換率はまだ計算できません。",
        "en": "No customer's first purchase is {days} days old yet, so F2 conversion cannot be "
        "measured.",
    },
    "seg_cohort_text": {
        "ja": "初回購入の翌月に再び購入した顧客は平均{month1:.1%}、12か月後の月に購入した顧客は"
        "平均{month12:.1%}です（観測できたコホートの平均）。",
        "en": "On average {month1:.1%} of a cohort bought again in the month after their first "
        "purchase and {month12:.1%} in month 12 (mean over the cohorts observed that long).",
    },
}
