"""Labels of the segments report."""

LABELS: dict[str, dict[str, str]] = {
    # RFM segment names
    "seg_name_champions": {"ja": "優良顧客（チャンピオン）", "en": "Champions"},
    "seg_name_loyal": {"ja": "ロイヤル顧客", "en": "Loyal"},
    "seg_name_potential_loyalists": {"ja": "ロイヤル予備軍", "en": "Potential loyalists"},
    "seg_name_new": {"ja": "新規顧客", "en": "New"},
    "seg_name_cant_lose": {"ja": "失ってはならない顧客", "en": "Can't lose them"},
    "seg_name_at_risk": {"ja": "離反予備軍（RFM）", "en": "At risk"},
    "seg_name_hibernating": {"ja": "休眠顧客", "en": "Hibernating"},
    "seg_name_lost": {"ja": "離反傾向（RFM）", "en": "Lost"},
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
        "ja": "以前はよく購入していたのに最近購入のない「失ってはならない顧客」と"
        "「離反予備軍（RFM）」は合わせて{customers:,}人（累計売上の{revenue:.1%}）で、引き留め施策の優先対象です。",
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
    # RFM: each segment's rule (SEGMENT_RULES) in words
    "seg_rule": {"ja": "条件", "en": "Rule"},
    "seg_rule_champions": {
        "ja": "R・F・Mとも4以上：最近、頻繁に、多く購入",
        "en": "R, F and M 4 or more: bought lately, often and much",
    },
    "seg_rule_loyal": {
        "ja": "R・Fとも3以上（優良顧客を除く）：定期的に、最近も購入",
        "en": "R and F 3 or more (champions aside): buys regularly and lately",
    },
    "seg_rule_new": {
        "ja": "R4以上・F1：最近、初めて購入",
        "en": "R 4 or more, F 1: one recent, first order",
    },
    "seg_rule_potential_loyalists": {
        "ja": "R3以上（上記を除く）：最近購入、回数はまだ少ない",
        "en": "R 3 or more (the above aside): recent, not yet frequent",
    },
    "seg_rule_cant_lose": {
        "ja": "R2以下・FとMが4以上：頻繁に多く購入していたが、最近は購入なし",
        "en": "R 2 or less, F and M 4 or more: was among the best, gone quiet",
    },
    "seg_rule_at_risk": {
        "ja": "R2以下・F3以上（上記を除く）：以前は定期的に購入、最近は購入なし",
        "en": "R 2 or less, F 3 or more (the above aside): used to buy regularly, not lately",
    },
    "seg_rule_hibernating": {
        "ja": "R2・F2以下：購入は少なく、しばらく前",
        "en": "R 2, F 2 or less: few orders, a while ago",
    },
    "seg_rule_lost": {
        "ja": "R1・F2以下：購入は少なく、かなり前",
        "en": "R 1, F 2 or less: few orders, long ago",
    },
    "seg_rfm_summary": {
        "ja": "{end:%Y年%m月%d日}時点で購入実績のある{customers:,}人を、最終購入からの日数（R）・"
        "購入回数（F）・累計購入金額（M）でそれぞれ1〜5に採点し、8つのセグメントに分けました"
        "（各セグメントの条件は表の右端の列）。優良顧客（チャンピオン）は顧客の"
        "{champions_share:.1%}ですが、累計売上の{champions_revenue:.1%}を占めます。",
        "en": "The {customers:,} customers who had bought by {end:%d %b %Y} are scored 1-5 on "
        "recency (R), frequency (F) and monetary value (M) and fall into eight segments (the "
        "last column of the table gives each segment's rule). Champions are "
        "{champions_share:.1%} of customers but bring {champions_revenue:.1%} of revenue to "
        "date.",
    },
    "seg_rfm_fixed_rule": {
        "ja": "採点は固定基準です：R は最終購入から{recency}日以内でそれぞれ5・4・3・2、"
        "それより前は1。F は購入{orders}回以上でそれぞれ2・3・4・5。M は累計購入金額"
        "{monetary}以上でそれぞれ2・3・4・5。たとえば優良顧客は、最終購入が{days}日以内で、"
        "{often}回以上、累計{much}以上購入した顧客です。基準が動かないので、セグメントの意味は"
        "期間をまたいで同じです。",
        "en": "Scores are on fixed cut-offs: R is 5, 4, 3, 2 for a last order within {recency} "
        "days, else 1; F is 2, 3, 4, 5 from {orders} orders; M is 2, 3, 4, 5 from {monetary} "
        "spent to date. A champion, for example, last ordered within {days} days, has ordered "
        "{often} times or more and spent {much} or more. The cut-offs do not move, so a "
        "segment means the same in every period.",
    },
    "seg_rfm_quantile_rule": {
        "ja": "採点は相対評価です：R（最終購入からの日数）と M（累計購入金額）は顧客全体の"
        "五分位で、同じ値の顧客にはその値が占める順位の平均で同じ評価を付けます。F は"
        "購入回数そのもの（5は5回以上）です。1回だけの顧客が{one_share:.0%}を占め、購入回数の五分位では2回の顧客"
        "まで上位の評価になるためです。五分位の基準は時点ごとに動くので、期間比較には固定基準を"
        "使います。",
        "en": "Scores are relative: R (days since the last order) and M (spend to date) are "
        "quintiles among all customers, equal values sharing the score of their mean rank; F "
        "is the order count itself (5 = five or more), because {one_share:.0%} ordered once "
        "and quintiles of the count would give two-order customers a top score. Quintiles "
        "move with the customer base, so comparisons over time use the fixed cut-offs.",
    },
    # clusters: choice, sample and stability
    "seg_clusters_chosen": {
        "ja": "2回以上購入した{customers:,}人を、最終購入からの日数・購入回数・平均注文単価"
        "（いずれも対数をとって標準化）でクラスターに分けました（1回だけの{excluded:,}人は"
        "購入回数の情報がないため対象外）。{k_min}〜{k_max}個を試し、{criterion}で{k}個を"
        "選びました。",
        "en": "The {customers:,} customers with at least two orders are clustered on days "
        "since the last order, orders and average order value (logged and standardised); "
        "the {excluded:,} one-order customers are left out, as one order says nothing about "
        "how often they buy. Trying {k_min} to {k_max} clusters, {criterion} chose {k}.",
    },
    "seg_clusters_sample": {
        "ja": "混合モデルは、{customers:,}人から購入回数と最終購入時期で層別に抽出した"
        "{fitted:,}人で推定し、全員に当てはめました。",
        "en": "The mixture was fitted on a sample of {fitted:,} of the {customers:,} customers, "
        "stratified by orders and recency, and applied to all.",
    },
    "seg_clusters_seed_stability": {
        "ja": "乱数を変えて{runs}回やり直した結果との一致度（調整ランド指数、1が完全一致）は"
        "平均{ari:.2f}、最も一致しない組み合わせで{ari_min:.2f}です。",
        "en": "Refitting with {runs} other seeds agrees with this result at a mean adjusted "
        "Rand index of {ari:.2f} (1 = identical); the least similar pair of fits agrees at "
        "{ari_min:.2f}.",
    },
    "seg_clusters_subsample_stability": {
        "ja": "顧客の{share:.0%}を無作為に（層別に）抽出して{runs}回推定し直すと、クラスター数は"
        "それぞれ{ks}個が選ばれ、共通の顧客での全体の結果との一致度は平均{ari:.2f}、"
        "最低{ari_min:.2f}でした。",
        "en": "Refitting on {runs} random {share:.0%} subsamples (stratified), k chosen afresh, "
        "chose {ks} clusters; on the customers they share with the full fit they agree at a "
        "mean adjusted Rand index of {ari:.2f}, lowest {ari_min:.2f}.",
    },
    # clusters that are not reproduced (stability_notes)
    "seg_clusters_unstable": {
        "ja": "注意：やり直すたびにクラスターの分かれ方が大きく変わります（一致度{ari:.2f}、"
        "{poor:.2f}未満）。クラスターは決まった顧客タイプではなく大まかな目安として読み、"
        "クラスター別の施策の根拠にはしないでください。",
        "en": "Note: the clusters change a lot from one fit to the next (agreement {ari:.2f},"
        " below {poor:.2f}). Read them as a rough grouping, not as fixed customer types, and"
        " do not base cluster-specific measures on them.",
    },
    "seg_clusters_moderate": {
        "ja": "注意：クラスターの再現性は中程度です（一致度{ari:.2f}、{good:.2f}未満）。"
        "大まかな特徴は読めますが、推定し直すと所属が変わる顧客が少なくありません。",
        "en": "Note: the clusters are only moderately reproducible (agreement {ari:.2f},"
        " below {good:.2f}): their broad profiles can be read, but a fair share of customers"
        " change cluster when refitted.",
    },
    # segment migration: new customers apart, effects largest first
    "seg_new_customers": {
        "ja": "新たに顧客になった人（期間中に初購入）",
        "en": "New customers (first purchase in between)",
    },
    "seg_move": {"ja": "移動", "en": "Move"},
    "seg_chart_flow_revenue_existing": {
        "ja": "既存顧客のセグメント移動による売上の増減（直近12か月売上の前年差）",
        "en": "Segment moves of existing customers: revenue gained or lost "
        "(trailing-12-month change)",
    },
    "seg_migration_existing_text": {
        "ja": "{start:%Y年%m月%d日}時点で購入実績のあった顧客のうち、{end:%Y年%m月%d日}までに"
        "{moved:,}人がセグメントを移り、{stayed:,}人が同じセグメントにとどまりました。"
        "この既存顧客の直近12か月売上は、1年前と比べて{change}変わりました（同じ顧客どうしの比較）。",
        "en": "Of the customers who had bought by {start:%d %b %Y}, {moved:,} changed segment "
        "by {end:%d %b %Y} and {stayed:,} stayed; their trailing-12-month revenue changed "
        "by {change} against a year earlier (the same customers compared).",
    },
    "seg_migration_new_text": {
        "ja": "{new:,}人が期間中に初めて購入し、直近12か月売上{revenue}をもたらしました"
        "（新規顧客の売上で、セグメント間の移動ではありません）。最も多いのは現在"
        "{segment}の{segment_customers:,}人（{segment_revenue}）です。",
        "en": "{new:,} customers bought for the first time in between and brought {revenue} "
        "of trailing-12-month revenue (new-customer revenue, not a migration); the most, "
        "{segment_revenue}, from the {segment_customers:,} who are now {segment}.",
    },
    "seg_migration_gain_text": {
        "ja": "既存顧客で直近12か月売上が最も増えた移動は「{gain_from}→{gain_to}」"
        "（{customers:,}人、{gain}）です。",
        "en": "Among existing customers, the move that gained most trailing-12-month revenue "
        "was {gain_from} → {gain_to} ({customers:,} customers, {gain}).",
    },
    "seg_migration_loss_text": {
        "ja": "既存顧客で直近12か月売上が最も減った移動は「{loss_from}→{loss_to}」"
        "（{customers:,}人、{loss}）です。",
        "en": "Among existing customers, the move that lost most trailing-12-month revenue "
        "was {loss_from} → {loss_to} ({customers:,} customers, {loss}).",
    },
    # rank migration: lapsed and new apart from the moves of active members
    "seg_move_up": {"ja": "ランクアップ", "en": "Moved up"},
    "seg_move_down": {"ja": "ランクダウン", "en": "Moved down"},
    "seg_move_stay": {"ja": "同じランク", "en": "Kept their rank"},
    "seg_move_lapsed": {
        "ja": "休眠（両期間とも購入なし）",
        "en": "Lapsed (no spend in either year)",
    },
    "seg_move_new": {"ja": "新規（期間中に初購入）", "en": "New since the first date"},
    "seg_rank_row_lapsed": {"ja": "休眠（両期間とも購入なし）", "en": "Lapsed (no spend)"},
    "seg_rank_row_new": {"ja": "新規（期間中に初購入）", "en": "New since then"},
    "seg_move_share": {"ja": "購入のあった顧客に占める割合", "en": "Share of active members"},
    "seg_spend_change": {"ja": "直近12か月購入金額の増減", "en": "Change in 12-month spend"},
    "seg_rank_migration_active_text": {
        "ja": "{start:%Y年%m月%d日}にランクがあり、前後どちらかの12か月に購入のあった"
        "{active:,}人のうち、"
        "{end:%Y年%m月%d日}までに{up:.1%}がランクアップ、{down:.1%}がランクダウンし、"
        "{stay:.1%}が同じランクです。ほかに{lapsed:,}人はどちらの12か月にも購入がなく"
        "（購入がないため最下位ランクにいるだけなので、同じランクには数えません）、"
        "{new:,}人はこの間に新たに顧客になりました。",
        "en": "Of the {active:,} customers ranked on {start:%d %b %Y} who spent in either "
        "12-month window, by {end:%d %b %Y} {up:.1%} moved up, {down:.1%} moved down and "
        "{stay:.1%} kept their rank. Another {lapsed:,} spent nothing in either window (in "
        "the lowest rank only for want of buying, so not counted as keeping it), and "
        "{new:,} customers joined in between.",
    },
    # ranks at risk: scheduled subscription deliveries count
    "seg_scheduled_amount": {
        "ja": "期限までの定期便お届け予定額",
        "en": "Scheduled subscription deliveries by then",
    },
    "seg_gap_beyond_deliveries": {
        "ja": "定期便のほかに必要な購入額",
        "en": "Spend needed beyond those deliveries",
    },
    "seg_at_risk_teiki_text": {
        "ja": "{keep_by:%Y年%m月%d日}までに定期便のお届け予定分を超える購入がなければ、"
        "{customers:,}人が現在のランクを失います（うち最上位ランク{top:,}人）。"
        "定期便のほかに必要な購入額の中央値は{gap}です。定期便のお届け予定だけでランクを"
        "維持できる{covered:,}人は含めていません。優遇・引き留めの候補として、ランクの高い順・"
        "差額の小さい順に{rows:,}人を示します（全員は成果物に保存）。",
        "en": "Unless they buy more than their scheduled subscription deliveries by "
        "{keep_by:%d %b %Y}, {customers:,} customers lose their rank ({top:,} of them in the "
        "top rank); the median spend needed beyond those deliveries is {gap}. The {covered:,} "
        "members whose scheduled deliveries alone keep their rank are left out. The first "
        "{rows:,}, by rank and smallest gap, are listed for special treatment (all are in "
        "the artifact).",
    },
    # CPM: stages, statuses and the ten cells (stage x status)
    **{
        f"seg_cpm_stage_{k}": {"ja": ja, "en": en}
        for k, (ja, en) in {
            "first": ("初回", "First-time"),
            "early": ("よちよち", "Early repeat"),
            "steady": ("コツコツ", "Steady"),
            "trendy": ("流行", "Trendy"),
            "loyal": ("優良", "Loyal"),
        }.items()
    },
    "seg_cpm_status_active": {"ja": "現役", "en": "active"},
    "seg_cpm_status_lapsed": {"ja": "離脱", "en": "lapsed"},
    **{
        f"seg_cpm_cell_{stage}_{status}": {
            "ja": f"{ja}{status_ja}客",
            "en": f"{en}, {status_en}",
        }
        for stage, (ja, en) in {
            "first": ("初回", "First-time"),
            "early": ("よちよち", "Early repeat"),
            "steady": ("コツコツ", "Steady"),
            "trendy": ("流行", "Trendy"),
            "loyal": ("優良", "Loyal"),
        }.items()
        for status, (status_ja, status_en) in {
            "active": ("現役", "active"),
            "lapsed": ("離脱", "lapsed"),
        }.items()
    },
    "seg_cpm_cell_not_yet": {"ja": "（当時は未購入）", "en": "(not yet a customer)"},
    "seg_cpm_cell": {"ja": "客層（CPM）", "en": "CPM cell"},
    "seg_cpm_stage": {"ja": "育成段階", "en": "Stage"},
    "seg_cpm_status": {"ja": "現役／離脱", "en": "Active / lapsed"},
    "seg_cpm_revenue_12m": {"ja": "直近12か月の売上", "en": "Revenue, last 12 months"},
    "seg_cpm_revenue_12m_share": {
        "ja": "直近12か月の売上の構成比",
        "en": "Share of revenue, last 12 months",
    },
    "seg_cpm_hover": {
        "ja": "%{y}・%{x}<br>%{z:,}人<br>累計売上の構成比 %{customdata:.1%}",
        "en": "%{x}, %{y}<br>%{z:,} customers<br>%{customdata:.1%} of revenue to date",
    },
    "seg_chart_cpm": {
        "ja": "CPM分析：客層別の顧客数（色）と累計売上の構成比",
        "en": "CPM portfolio: customers per cell (colour) and share of revenue to date",
    },
    "seg_chart_cpm_matrix": {
        "ja": "CPMの客層の移動（{start:%Y-%m-%d} → {end:%Y-%m-%d}、人数）",
        "en": "CPM cell moves ({start:%Y-%m-%d} → {end:%Y-%m-%d}, customers)",
    },
    "seg_chart_cpm_sankey": {
        "ja": "CPMの客層の移動（{start:%Y-%m-%d} → {end:%Y-%m-%d}）",
        "en": "CPM cell migration ({start:%Y-%m-%d} → {end:%Y-%m-%d})",
    },
    "seg_chart_cpm_counts": {
        "ja": "CPMの客層別の客数推移（月末時点）",
        "en": "Customers per CPM cell at each month end",
    },
    "seg_month_end": {"ja": "月末", "en": "Month end"},
    # report text: CPM
    "seg_cpm_heading": {
        "ja": "CPM分析：顧客の育成段階と離脱",
        "en": "CPM: customer portfolio by stage, active and lapsed",
    },
    "seg_cpm_text": {
        "ja": "購入実績のある顧客を、購入日数・在籍期間（初回購入日から最終購入日までの日数）・"
        "累計購入金額で5つの育成段階に分け、最終購入から{lapse}日以上購入のない顧客を離脱客と"
        "しています。2日以上購入して在籍期間{early}日未満は「よちよち客」、在籍期間{early}日"
        "以上で累計購入金額{spend}未満は「コツコツ客」、{spend}以上で在籍期間{loyal}日未満は"
        "「流行客」、{loyal}日以上は「優良客」です。",
        "en": "Customers who have bought are placed in five stages by purchase days, tenure "
        "(days from the first to the last purchase) and spend to date; those without a "
        "purchase for {lapse} days or more are lapsed. With two or more purchase days and a "
        "tenure under {early} days a customer is an early repeater; from {early} days with "
        "less than {spend} spent, steady; from {spend} spent with a tenure under {loyal} "
        "days, trendy; from {loyal} days, loyal.",
    },
    "seg_cpm_loyal_text": {
        "ja": "優良現役客は{customers:,}人（顧客の{share:.1%}）ですが、累計売上の{revenue:.1%}、"
        "直近12か月の売上の{revenue_12m:.1%}を占めます。",
        "en": "Loyal active customers number {customers:,} ({share:.1%} of customers) and "
        "bring {revenue:.1%} of revenue to date and {revenue_12m:.1%} of the last 12 months'.",
    },
    "seg_cpm_first_text": {
        "ja": "1回だけ購入した{first:,}人のうち{customers:,}人（顧客全体の{share:.1%}）は、"
        "2回目の購入がないまま離脱しています（初回離脱客）。",
        "en": "Of the {first:,} customers who bought once, {customers:,} ({share:.1%} of all "
        "customers) lapsed without a second purchase (first-time, lapsed).",
    },
    "seg_cpm_lapsed_text": {
        "ja": "離脱客は合わせて{customers:,}人で、これまでに{spend}を購入しています。"
        "休眠客の掘り起こし対象として、累計購入金額の多い順に全員を成果物に保存しました"
        "（顧客IDのみ）。金額が最も大きいのは{top}（{top_customers:,}人）です。",
        "en": "Lapsed customers number {customers:,} and have spent {spend} to date. All of "
        "them are saved in the artifact as the reactivation list (customer ids only), highest "
        "spend first; the largest spend is in {top} ({top_customers:,} customers).",
    },
    "seg_cpm_no_lapsed": {
        "ja": "最終購入から{days}日以上たった顧客はいません（離脱客なし）。",
        "en": "No customer has gone {days} days without a purchase: nobody has lapsed.",
    },
    "seg_cpm_migration_text": {
        "ja": "{start:%Y年%m月%d日}から{end:%Y年%m月%d日}までに、{promoted:,}人が上の育成段階に"
        "進み、当初の現役客{active_at_start:,}人のうち{lapsed:,}人が離脱し、離脱客のうち"
        "{reactivated:,}人が現役に戻りました。新たに顧客になったのは{new:,}人です。",
        "en": "From {start:%d %b %Y} to {end:%d %b %Y}, {promoted:,} customers moved up a "
        "stage, {lapsed:,} of the {active_at_start:,} then active lapsed and {reactivated:,} "
        "lapsed customers came back; {new:,} became customers.",
    },
    # deciles
    "seg_decile": {"ja": "デシル", "en": "Decile"},
    "seg_decile_n": {"ja": "デシル{decile}", "en": "Decile {decile}"},
    "seg_decile_revenue": {"ja": "期間の売上（返品控除後）", "en": "Revenue in the window (net)"},
    "seg_decile_min_spend": {"ja": "1人あたり購入金額の下限", "en": "Lowest customer spend"},
    "seg_decile_largest_order_share": {
        "ja": "最大の1注文が売上に占める割合",
        "en": "Largest order's share of revenue",
    },
    "seg_decile_one_order": {"ja": "注文1件だけの顧客", "en": "Customers with one order"},
    "seg_chart_deciles": {
        "ja": "デシル別の売上構成比と累積構成比（{start:%Y-%m-%d}〜{end:%Y-%m-%d}）",
        "en": "Revenue share and cumulative share per decile ({start:%Y-%m-%d} to {end:%Y-%m-%d})",
    },
    "seg_decile_heading": {
        "ja": "デシル分析：購入金額で10等分した顧客",
        "en": "Deciles: customers in ten equal groups by spend",
    },
    "seg_decile_text": {
        "ja": "{start:%Y年%m月%d日}〜{end:%Y年%m月%d日}に購入した{customers:,}人を購入金額の"
        "多い順に10等分すると、上位10%（デシル1、購入金額{min_spend}以上）が売上の{share:.1%}、"
        "上位30%が{top3:.1%}を占めます。",
        "en": "Ranking the {customers:,} customers who bought from {start:%d %b %Y} to "
        "{end:%d %b %Y} by spend and cutting them into ten equal groups, the top 10 % "
        "(decile 1, from {min_spend} spent) bring {share:.1%} of revenue and the top 30 % "
        "{top3:.1%}.",
    },
    "seg_decile_top_caveat": {
        "ja": "デシル1の売上のうち最大の1注文（{order}）は{order_share:.1%}で、注文1件だけで"
        "デシル1に入った顧客は{one_order:,}人（{one_order_share:.1%}）です。1回の大口注文だけで"
        "上位に入った顧客は、継続して買う優良顧客とは分けて扱います。",
        "en": "The largest single order in decile 1 ({order}) is {order_share:.1%} of its "
        "revenue, and {one_order:,} of its customers ({one_order_share:.1%}) got there with "
        "one order: a single large order is not the same as a customer who keeps buying.",
    },
    "seg_decile_top_repeat": {
        "ja": "デシル1の売上のうち最大の1注文（{order}）は{order_share:.1%}にすぎず、デシル1の"
        "顧客は全員が期間中に2回以上注文しています。1回の大口注文ではなく、継続購入で上位に"
        "入った顧客です。",
        "en": "The largest single order in decile 1 ({order}) is only {order_share:.1%} of its "
        "revenue, and every customer in it ordered at least twice: they are at the top by "
        "buying again, not by one large order.",
    },
    "seg_decile_dominated": {
        "ja": "デシル{decile}は売上の{order_share:.0%}が1件の注文（{order}）によるもので、"
        "その順位は1回の購入に左右されています。",
        "en": "In decile {decile}, one order ({order}) is {order_share:.0%} of the revenue: "
        "its standing rests on a single purchase.",
    },
    "seg_decile_none": {
        "ja": "{start:%Y-%m-%d}〜{end:%Y-%m-%d}に購入した顧客がいないため、"
        "デシル分析は省略します。",
        "en": "Nobody bought from {start:%Y-%m-%d} to {end:%Y-%m-%d}: no deciles to show.",
    },
    # F-conversion ladder
    "seg_ladder_step": {"ja": "段階", "en": "Step"},
    "seg_ladder_reached": {"ja": "到達した顧客", "en": "Customers reaching it"},
    "seg_ladder_converted": {"ja": "次の購入をした顧客", "en": "Bought again"},
    "seg_ladder_rate": {"ja": "F転換率", "en": "F conversion rate"},
    "seg_ladder_median_days": {
        "ja": "次の購入までの日数（中央値）",
        "en": "Days to the next purchase (median)",
    },
    "seg_ladder_hover": {
        "ja": "%{x}：%{y:.1%}<br>対象 %{customdata[0]:,}人<br>"
        "次の購入まで中央値 %{customdata[1]}日",
        "en": "%{x}: %{y:.1%}<br>%{customdata[0]:,} eligible<br>median %{customdata[1]} days "
        "to the next",
    },
    "seg_ladder_cell_hover": {
        "ja": "%{y}・%{x}：%{z:.1%}",
        "en": "%{y}, %{x}: %{z:.1%}",
    },
    "seg_chart_ladder": {
        "ja": "F転換率（n回購入した顧客が{days}日以内にn+1回目を購入した割合）",
        "en": "F conversion (customers with n purchases who buy an (n+1)-th within {days} days)",
    },
    "seg_chart_ladder_channel": {
        "ja": "獲得チャネル別のF転換率（{days}日以内）",
        "en": "F conversion by acquisition channel (within {days} days)",
    },
    "seg_chart_ladder_cohort": {
        "ja": "初回購入月別のF転換率（{days}日以内）",
        "en": "F conversion by month of first purchase (within {days} days)",
    },
    "seg_ladder_heading": {
        "ja": "F転換率：2回目、3回目…と購入が続く割合",
        "en": "The F-conversion ladder: second, third ... purchases",
    },
    "seg_ladder_text": {
        "ja": "n回購入した顧客が{days}日以内にn+1回目を購入した割合は、{steps}です。",
        "en": "The share of customers with n purchases who made an (n+1)-th within {days} "
        "days: {steps}.",
    },
    "seg_ladder_weakest": {
        "ja": "最も低いのは{step}（{rate:.1%}）で、対象{eligible:,}人のうち{lost:,}人が次の購入に"
        "進んでいません。ここが育成の最大の課題です。",
        "en": "The lowest step is {step} ({rate:.1%}): {lost:,} of {eligible:,} eligible "
        "customers did not go on; this is where nurturing matters most.",
    },
    "seg_ladder_channel_text": {
        "ja": "2回購入した顧客が3回目に進む割合（F2→F3）が最も高い獲得チャネルは{best}"
        "（{best_rate:.1%}）、最も低いのは{worst}（{worst_rate:.1%}）です（対象{min_eligible}人"
        "以上のチャネル）。",
        "en": "F2→F3 conversion is highest for {best} ({best_rate:.1%}) and lowest for "
        "{worst} ({worst_rate:.1%}) (channels with at least {min_eligible} eligible "
        "customers).",
    },
    "seg_ladder_censoring": {
        "ja": "各段階の対象は、n回目の購入から{days}日以上たった顧客だけです（まだ{days}日たって"
        "いない顧客は、次を買うかどうかが分からないため数えません）。F1→F2はF2転換率と同じです。",
        "en": "Each step counts only customers whose n-th purchase is at least {days} days "
        "old (for the others it is too early to tell); F1→F2 is the F2 conversion rate.",
    },
    # segment history
    "seg_history_heading": {
        "ja": "セグメントの変化（顧客ごとの履歴）",
        "en": "Segment changes per customer",
    },
    "seg_history_text": {
        "ja": "{first:%Y年%m月%d日}から{end:%Y年%m月%d日}までの{months}時点（月末）で各顧客の"
        "RFMセグメント（固定基準）とCPMの客層を求め、現在と直前の区分、最後に変わった時点を"
        "顧客別の成果物に加えました。{since:%Y年%m月%d日}からの変化は、RFMセグメント"
        "{segment:,}人、CPMの客層{cell:,}人です。",
        "en": "Each customer's RFM segment (fixed cut-offs) and CPM cell were taken at "
        "{months} month ends from {first:%d %b %Y} to {end:%d %b %Y}; the current and the "
        "previous one and the date of the last change are in the per-customer artifact. "
        "Since {since:%d %b %Y}, {segment:,} customers changed RFM segment and {cell:,} "
        "changed CPM cell.",
    },
    "seg_history_top_move": {
        "ja": "直近で最も多かった客層の変化は「{source}→{target}」（{customers:,}人）です。",
        "en": "The most common change of CPM cell at the last snapshot was {source} → "
        "{target} ({customers:,} customers).",
    },
}
