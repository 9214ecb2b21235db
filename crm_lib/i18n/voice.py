"""Labels of the voice-of-the-customer report (Japanese text of the feedback table)."""

_CHANNELS = {
    "call_centre": ("コールセンター", "call centre"),
    "survey": ("アンケート", "survey"),
    "review": ("レビュー", "review"),
}
_GROUPS = {
    "promoter": ("推奨者（9〜10点）", "promoters (9-10)"),
    "passive": ("中立者（7〜8点）", "passives (7-8)"),
    "detractor": ("批判者（0〜6点）", "detractors (0-6)"),
    "high": ("高評価（4〜5）", "high (4-5)"),
    "middle": ("中間（3）", "middle (3)"),
    "low": ("低評価（1〜2）", "low (1-2)"),
}
_SCALES = {
    "five": ("1〜5段階", "1-5"),
    "eleven": ("0〜10点", "0-10"),
    "none": ("評価なし", "no rating"),
}
_DIMENSIONS = {
    "function": ("機能・効果", "function"),
    "price": ("価格", "price"),
    "speed": ("スピード（配送・電話応対）", "speed (delivery, calls)"),
    "feeling": ("気持ち・感情", "feeling"),
    "sentiment": ("コメントのポジ・ネガ", "comment sentiment"),
    "rating": ("総合評価（0〜10点）", "overall rating (0-10)"),
}
_KINDS = {"rational": ("機能的満足", "rational"), "emotional": ("情緒的満足", "emotional")}
_QUESTIONS = {  # survey_answers question codes (the demo's; a user's own show as they are)
    "quality": ("品質", "quality"),
    "price": ("価格の納得感", "value for the price"),
    "delivery_speed": ("配送の速さ", "delivery speed"),
    "support": ("問い合わせ対応", "customer support"),
    "attachment": ("ブランドへの愛着・好き", "attachment to the brand"),
    "package_design": ("パッケージのデザイン", "package design"),
    "rating": ("総合評価（0〜10点）", "overall rating (0-10)"),
}
_POS = {
    "名詞": ("名詞", "nouns"),
    "動詞": ("動詞", "verbs"),
    "形容詞": ("形容詞", "adjectives"),
    "形状詞": ("形状詞", "adjectival nouns"),
    "副詞": ("副詞", "adverbs"),
}
_PREDICTS = {"True": ("予測する", "predicts"), "False": ("予測しない", "predicts nothing")}


def _each(prefix: str, table: dict) -> dict:
    return {f"{prefix}{k}": {"ja": ja, "en": en} for k, (ja, en) in table.items()}


LABELS: dict[str, dict[str, str]] = {
    **_each("voc_channel_", _CHANNELS),
    **_each("voc_group_", _GROUPS),
    **_each("voc_scale_", _SCALES),
    **_each("voc_dim_", _DIMENSIONS),
    **_each("voc_kind_", _KINDS),
    **_each("voc_q_", _QUESTIONS),
    **_each("voc_predicts_", _PREDICTS),
    **_each("voc_pos_", _POS),
    "voc_by_channel": {"ja": "チャネル", "en": "channel"},
    "voc_by_rank": {"ja": "会員ランク", "en": "membership rank"},
    "voc_none": {"ja": "なし", "en": "none"},
    "voc_interval": {"ja": "{low:+.1f}〜{high:+.1f}", "en": "{low:+.1f} to {high:+.1f}"},
    "voc_auc_interval": {"ja": "{low:.2f}〜{high:.2f}", "en": "{low:.2f} to {high:.2f}"},
    "voc_interval2": {"ja": "{low:+.2f}〜{high:+.2f}", "en": "{low:+.2f} to {high:+.2f}"},
    # headings
    "voc_corpus": {"ja": "テキストの処理", "en": "How the text was processed"},
    "voc_overview": {"ja": "件数と評価の概要", "en": "Volume and ratings"},
    "voc_emerging": {"ja": "新しい問題の発見：急に増えた語", "en": "Discovery: terms on the rise"},
    "voc_topics": {"ja": "トピック", "en": "Topics"},
    "voc_network": {"ja": "共起ネットワーク", "en": "Co-occurrence network"},
    "voc_segments": {
        "ja": "セグメント別の特徴語とポジ・ネガ",
        "en": "Characteristic words by segment, and sentiment",
    },
    "voc_satisfaction": {
        "ja": "機能的満足と情緒的満足",
        "en": "Rational and emotional satisfaction",
    },
    "voc_surveys": {"ja": "目的のあるアンケート", "en": "Surveys with a purpose"},
    "voc_behaviour": {
        "ja": "声と行動：トピック別の離反",
        "en": "Voice and behaviour: churn by topic",
    },
    # the corpus
    "voc_no_feedback": {
        "ja": "このデータにはお客様の声（feedbackテーブル）がないため、この分析は行いません。",
        "en": "The data has no customer feedback (no feedback table), so this analysis is not run.",
    },
    "voc_corpus_text": {
        "ja": (
            "{comments:,}件のコメント（異なる文面{texts:,}件）をSudachi（分割単位{mode}）で形態素"
            "に分け、"
            "表記ゆれを正規化形でそろえて、{pos}を語として数えました。"
        ),
        "en": "{comments:,} comments ({texts:,} distinct texts) were split into words by Sudachi "
        "(split mode {mode}), spelling variants folded into their normalised forms; {pos} "
        "are counted as terms.",
    },
    "voc_corpus_rate": {
        "ja": "形態素解析は{tokens:,}語を{seconds:.2f}秒（毎秒{per_second:,.0f}語）で処理しました。"
        "この速さなら100万件のコメントは約{million_minutes:.0f}分です。",
        "en": "Tokenising took {seconds:.2f} s for {tokens:,} tokens ({per_second:,.0f} tokens/s); "
        "at this rate 1,000,000 comments take about {million_minutes:.0f} minutes.",
    },
    "voc_corpus_cached": {
        "ja": "形態素解析の結果はこの実行で保存済みのものを使いました。",
        "en": "The tokens saved earlier in this run were reused.",
    },
    "voc_corpus_user_words": {
        "ja": "商品名などの{words}はユーザー辞書で1語として扱いました。",
        "en": "{words} are kept as one word each by the user dictionary.",
    },
    "voc_corpus_masked": {
        "ja": (
            "氏名・メールアドレス・電話番号は分析の前にマスクしており、語にも例文にも現れません。"
        ),
        "en": "Names, e-mail addresses and phone numbers are masked before the analysis: they "
        "appear in no term and no example.",
    },
    # overview
    "voc_overview_text": {
        "ja": "お客様の声は{comments:,}件で、そのうち直近期間（{start}以降）は{recent:,}件です。",
        "en": "There are {comments:,} comments, {recent:,} of them in the latest period (from "
        "{start}).",
    },
    "voc_nps_text": {
        "ja": (
            "直近12か月のNPSは{nps:+.0f}ポイントです（回答{responses:,}件、推奨者{promoters:.0%}、"
            "批判者{detractors:.0%}）。"
        ),
        "en": "NPS over the last 12 months is {nps:+.0f} points ({responses:,} answers, "
        "{promoters:.0%} promoters, {detractors:.0%} detractors).",
    },
    "voc_nps_none": {
        "ja": "{channel}の0〜10点の評価が直近12か月に20件未満のため、NPSは示しません。",
        "en": "Fewer than 20 ratings (0-10) from the {channel} in the last 12 months: no NPS "
        "is shown.",
    },
    "voc_csat_text": {
        "ja": "1〜5段階の評価で{top}以上をつけた割合（CSAT）は、直近の四半期で{csat:.0%}です。",
        "en": "CSAT (share of 1-5 ratings at {top} or above) is {csat:.0%} in the latest quarter.",
    },
    "voc_rating_terms_text": {
        "ja": "評価グループごとの特徴語は、ほかのグループのコメントと比べて多く使われる語です"
        "（対数尤度比、偽発見率{fdr:.0%}）。",
        "en": "The characteristic terms of each rating group are used more than in the other "
        "groups' comments (log-likelihood ratio, false discovery rate {fdr:.0%}).",
    },
    # discovery
    "voc_emerging_method": {
        "ja": (
            "直近期間（{recent_start}〜{end}）と比較期間（{baseline_start}から直近期間の前まで）で"
            "、"
            "その語を含むコメントの割合を比べました。直近期間に{min_count}件以上ある語を二項検定し"
            "、"
            "Benjamini-Hochberg法で偽発見率{fdr:.0%}に抑えたうえで、対数尤度比の大きい順に並べてい"
            "ます"
            "。"
        ),
        "en": "The share of comments holding each term is compared between the latest period "
        "({recent_start} to {end}) and the baseline (from {baseline_start} to the latest "
        "period): terms in at least {min_count} recent comments are tested by a binomial "
        "test, kept at a Benjamini-Hochberg false discovery rate of {fdr:.0%}, and ranked by "
        "their log-likelihood ratio.",
    },
    "voc_emerging_none": {
        "ja": "直近期間に有意に増えた語はありません（偽発見率{fdr:.0%}）。",
        "en": "No term rose significantly in the latest period (false discovery rate {fdr:.0%}).",
    },
    "voc_emerging_text": {
        "ja": (
            "直近期間に急に増えた語は{count}語あり、上位は{terms}です。最上位の「{term}」は直近期"
            "間の"
            "{recent:,}件（{recent_share:.1%}）に現れ、比較期間は{baseline:,}件（{baseline_share:."
            "1%}）"
            "でした。これまで数えていなかった新しい問題の可能性があります。"
        ),
        "en": "{count} terms rose in the latest period; the top ones are {terms}. The first, "
        "'{term}', is in {recent:,} recent comments ({recent_share:.1%}) against {baseline:,} "
        "({baseline_share:.1%}) in the baseline: possibly a new problem nobody counted yet.",
    },
    "voc_emerging_pairs": {
        "ja": "一緒に使われるようになった語の組み合わせの上位は{pairs}です。",
        "en": "The term pairs on the rise are led by {pairs}.",
    },
    "voc_examples_text": {
        "ja": (
            "各語の使われ方を、直近期間のコメントから前後{chars}文字ずつ示します（個人情報はマスク"
            "済み）。"
        ),
        "en": "How each term is used: recent comments, {chars} characters either side (personal "
        "data masked).",
    },
    # topics
    "voc_topics_method": {
        "ja": (
            "コメントをTF-IDFで重みづけし、非負値行列因子分解（NMF）で{k}個のトピックに分けました"
            "。"
            "各トピックは重みの大きい{terms}語で表し、コメントは最も重みの大きいトピックに数えます"
            "（どのトピックの語も含まないコメントは{none:.1%}）。"
        ),
        "en": "Comments are weighted by TF-IDF and split into {k} topics by non-negative matrix "
        "factorisation (NMF); each topic is described by its {terms} heaviest terms and each "
        "comment counts for its heaviest topic ({none:.1%} hold no topic term).",
    },
    "voc_topics_not_converged": {
        "ja": "NMFは{iterations}回の反復で収束しませんでした。トピックは目安として見てください。",
        "en": "NMF did not converge in {iterations} iterations: read the topics as indicative.",
    },
    "voc_topics_rising": {
        "ja": (
            "比較期間から直近期間にかけて最も増えたのは{topic}（{label}）で、構成比は{baseline:.1%"
            "}から"
            "{recent:.1%}になりました。"
        ),
        "en": "The topic that grew most from the baseline to the latest period is {topic} "
        "({label}): from {baseline:.1%} to {recent:.1%} of comments.",
    },
    # network
    "voc_network_text": {
        "ja": "よく使われる{terms}語の共起ネットワークです。同じコメントに現れやすい語（Jaccard係数"
        "{jaccard:.2f}以上、{edges}本）を線で結び、近くに配置しています。色はトピックです。",
        "en": "Co-occurrence network of the {terms} most frequent terms: terms that appear in "
        "the same comments (Jaccard coefficient at least {jaccard:.2f}, {edges} edges) are "
        "linked and placed close; colours are topics.",
    },
    "voc_network_strongest": {
        "ja": "最も強く結びついているのは「{a}」と「{b}」です（Jaccard係数{jaccard:.2f}）。",
        "en": "The strongest link is '{a}' with '{b}' (Jaccard {jaccard:.2f}).",
    },
    # segments and sentiment
    "voc_keyness_text": {
        "ja": "チャネル別・会員ランク別の特徴語は、ほかのグループのコメントより多く使われる語です"
        "（対数尤度比、偽発見率{fdr:.0%}）。",
        "en": "Characteristic words of each channel and membership rank are used more than in "
        "the other groups' comments (log-likelihood ratio, false discovery rate {fdr:.0%}).",
    },
    "voc_sentiment_text": {
        "ja": (
            "コメントごとのポジ・ネガのスコア（-1〜+1）の平均は{mean:+.2f}で、ネガティブなコメント"
            "は"
            "{negative:.0%}です。"
        ),
        "en": "The mean sentiment score per comment (-1 to +1) is {mean:+.2f}; {negative:.0%} "
        "of comments are negative.",
    },
    "voc_sentiment_rating": {
        "ja": "評価のあるコメント{n:,}件では、スコアと評価の順位相関は{rho:+.2f}です。",
        "en": "Among the {n:,} rated comments, the score's rank correlation with the rating is "
        "{rho:+.2f}.",
    },
    "voc_sentiment_limits": {
        "ja": (
            "スコアはこの事業向けに作った{words}語の極性辞書によるもので、否定（「〜ない」）は同じ"
            "文節の"
            "中だけで反転します。皮肉や程度（少し・とても）、語の意味の違い（「高い」が価格か効果"
            "か）は"
            "区別できません。"
        ),
        "en": "The score comes from a polarity lexicon of {words} words written for this "
        "business; a negation flips a word only within its clause. It cannot tell sarcasm, "
        "degree (a little, very) or word senses (high price or high effect).",
    },
    # rational / emotional
    "voc_satisfaction_method": {
        "ja": (
            "コメントが機能・効果、価格、スピードに触れていれば機能的満足、気持ちに触れていれば情"
            "緒的満足"
            "の声として分け、その後{days}日以内の再購入率をほかのコメントと比べました（差の95%区間"
            "は"
            "顧客単位のクラスター頑健標準誤差）。"
        ),
        "en": "A comment touching function, price or speed speaks of rational satisfaction, one "
        "touching feeling of emotional satisfaction; repurchase within {days} days after it is "
        "compared with the other comments (95 % interval of the difference with standard "
        "errors clustered by customer).",
    },
    "voc_satisfaction_driver": {
        "ja": "再購入との差が最も大きいのは{dimension}（{kind}）に触れたコメントで、再購入率の差は"
        "{diff:+.1f}ポイント（95%区間{low:+.1f}〜{high:+.1f}）です。関連であり、因果とは限りません"
        "。",
        "en": "Comments touching {dimension} ({kind}) differ most in later repurchase: "
        "{diff:+.1f} points (95 % interval {low:+.1f} to {high:+.1f}); an association, not "
        "shown to be a cause.",
    },
    "voc_satisfaction_survey_method": {
        "ja": "アンケートの設問別回答（{answers:,}件、1〜5段階）では、設問を機能的満足と"
        "情緒的満足に分け、それぞれ標準化した回答の平均を得点としました。総合評価（0〜10点）を両方の得点で重回"
        "帰し（標準化係数と95%区間）、回答後{days}日以内の再購入をそれぞれの得点がどれだけ見分けるか"
        "をAUC（0.5は偶然と同じ、95%区間はHanley-McNeil）で測りました。",
        "en": "In the survey's answers per question ({answers:,} surveys, 1-5), the questions "
        "are grouped into rational and emotional satisfaction, each group scored by the mean "
        "of its standardised answers. The overall rating (0-10) is regressed on both scores "
        "(standardised coefficients with 95 % intervals), and how well each score tells a "
        "repurchase within {days} days is measured by its AUC (0.5 = chance; 95 % "
        "Hanley-McNeil interval).",
    },
    "voc_satisfaction_survey_rating": {
        "ja": "総合評価とより強く結びつくのは{kind}で、標準化係数は{beta:+.2f}（95%区間{low:+.2f}〜"
        "{high:+.2f}）です。",
        "en": "The overall rating moves most with the {kind} score: standardised coefficient "
        "{beta:+.2f} (95 % interval {low:+.2f} to {high:+.2f}).",
    },
    "voc_satisfaction_survey_repurchase": {
        "ja": "再購入をよく見分けるのは{kind}で、AUCは{auc:.2f}（95%区間{low:.2f}〜{high:.2f}）、"
        "{other}の{other_auc:.2f}（{other_low:.2f}〜{other_high:.2f}）を上回ります。関連であり、"
        "因果とは限りません。",
        "en": "The {kind} score tells a later repurchase better: AUC {auc:.2f} (95 % interval "
        "{low:.2f} to {high:.2f}) against {other_auc:.2f} ({other_low:.2f} to "
        "{other_high:.2f}) for the {other} score; an association, not shown to be a cause.",
    },
    "voc_satisfaction_survey_unclear": {
        "ja": "再購入を見分けるAUCは{kind}が{auc:.2f}（95%区間{low:.2f}〜{high:.2f}）、{other}が"
        "{other_auc:.2f}（{other_low:.2f}〜{other_high:.2f}）で、区間が重なるため差ははっきりし"
        "ません。",
        "en": "The AUC of a later repurchase is {auc:.2f} for the {kind} score (95 % interval "
        "{low:.2f} to {high:.2f}) and {other_auc:.2f} for the {other} score ({other_low:.2f} "
        "to {other_high:.2f}): the intervals overlap, so the difference is not clear.",
    },
    "voc_satisfaction_none": {
        "ja": "どの側面に触れたコメントも、再購入率の差は区間が0をまたいでおり、はっきりしません。",
        "en": "For no dimension does the repurchase difference have an interval clear of 0.",
    },
    # surveys
    "voc_surveys_none": {
        "ja": "{channel}の0〜10点の回答が20件未満のため、設問の分析は行いません。",
        "en": "Fewer than 20 answers (0-10) from the {channel}: the questions are not analysed.",
    },
    "voc_surveys_method": {
        "ja": "{channel}の回答{answers:,}件について、総合評価（0〜10点）を、コメントが触れた側面と"
        "ポジ・ネガのスコアで重回帰しました（標準化係数と95%区間）。",
        "en": "For {answers:,} answers of the {channel}, the overall rating (0-10) is regressed "
        "on the dimensions its comment touches and its sentiment score (standardised "
        "coefficients with 95 % intervals).",
    },
    "voc_surveys_method_answers": {
        "ja": "{channel}の回答{answers:,}件について、総合評価（0〜10点）を{questions}問の設問"
        "への回答（1〜5段階）で重回帰しました（標準化係数と95%区間、回答者は互いに独立と仮定）。",
        "en": "For {answers:,} answers of the {channel}, the overall rating (0-10) is regressed "
        "on the answers to its {questions} questions (1-5; standardised coefficients with 95 % "
        "intervals, assuming independent respondents).",
    },
    "voc_drivers_weak": {
        "ja": "{questions}は、ほかの設問を一定にすると総合評価との関係が区間で0をまたぎ、"
        "はっきりしません。",
        "en": "With the other questions held fixed, the interval of the coefficient on the "
        "overall rating includes 0 for: {questions}.",
    },
    "voc_drivers_text": {
        "ja": "総合評価を最も左右するのは{question}で、標準化係数は{beta:+.2f}（95%区間{low:+.2f}〜"
        "{high:+.2f}、回答{n:,}件）です。",
        "en": "The strongest driver of the overall rating is {question}: standardised "
        "coefficient {beta:+.2f} (95 % interval {low:+.2f} to {high:+.2f}, {n:,} answers).",
    },
    "voc_predictive_method": {
        "ja": (
            "回答後{days}日以内の再購入を、各回答がどれだけ見分けるかをAUC（0.5は偶然と同じ）で測"
            "りました"
            "（{n:,}件、Mann-Whitney検定、偽発見率{fdr:.0%}）。"
            "予測するかどうかは多重比較を補正したq値で判定し、95%区間は設問ごとの補正なしの区間で"
            "す。"
        ),
        "en": "How well each answer tells who repurchases within {days} days: AUC (0.5 = "
        "chance), {n:,} answers, Mann-Whitney test at a false discovery rate of {fdr:.0%}; "
        "whether an answer predicts is judged on its multiplicity-adjusted q-value, the 95 % "
        "intervals are per answer, unadjusted.",
    },
    "voc_predicts_nothing": {
        "ja": (
            "{questions}は再購入を偶然以上に予測しません。目的に役立たない設問は見直しの候補です。"
        ),
        "en": "{questions} predict repurchase no better than chance: questions that serve no "
        "purpose are candidates to drop.",
    },
    "voc_predicts_nothing_answers": {
        "ja": "{questions}は再購入を偶然以上に予測しません。",
        "en": "No better than chance at predicting repurchase: {questions}.",
    },
    "voc_questions_to_drop": {
        "ja": "{questions}は総合評価も再購入も説明しません。目的に役立たない設問として、"
        "見直しの候補です。",
        "en": "Neither driving the overall rating nor predicting repurchase, these questions "
        "serve no purpose and are candidates to drop: {questions}.",
    },
    "voc_predicts_all": {
        "ja": "どの回答も再購入をある程度予測します。",
        "en": "Every answer predicts repurchase to some degree.",
    },
    "voc_surveys_questions": {
        "ja": (
            "このデータのアンケートは総合評価1問と自由記述だけなので、設問の代わりにコメントが触れ"
            "た側面を"
            "使っています。設問別の回答があれば、同じ関数で設問ごとに分析できます。"
        ),
        "en": "The survey in this data has one overall rating and a free comment, so the "
        "dimensions its comment touches stand in for questions; with answers per question "
        "the same functions analyse each question.",
    },
    # behaviour
    "voc_behaviour_method": {
        "ja": (
            "離反は離反予測と同じ定義で、コメントの後{window}日以内に購入がないことです。結果のわ"
            "かる"
            "{comments:,}件のコメントについて、トピックごとにほかのコメントと離反率を比べました"
            "（差の95%区間は顧客単位のクラスター頑健標準誤差）。"
        ),
        "en": "Churn is defined as on the churn page: no purchase within {window} days after the "
        "comment. For the {comments:,} comments whose outcome is known, each topic's churn is "
        "compared with the other comments' (95 % interval of the difference, standard errors "
        "clustered by customer).",
    },
    "voc_behaviour_none": {
        "ja": "観測終了の{window}日以上前のコメントがないため、その後の離反はまだわかりません。",
        "en": "No comment is at least {window} days before the observation end: later churn is "
        "not known yet.",
    },
    "voc_behaviour_text": {
        "ja": "{topic}（{label}）の声の後は離反率が{rate:.1%}で、ほかのコメントの{other:.1%}より"
        "{diff:+.1f}ポイント高くなっています（95%区間{low:+.1f}〜{high:+.1f}）。ほかに離反に先行す"
        "る"
        "トピック：{others}。",
        "en": "After comments on {topic} ({label}) churn is {rate:.1%}, against {other:.1%} "
        "after other comments: {diff:+.1f} points (95 % interval {low:+.1f} to {high:+.1f}). "
        "Other topics that precede churn: {others}.",
    },
    "voc_behaviour_no_topic": {
        "ja": "離反率がはっきり高いトピックはありません（偽発見率{fdr:.0%}）。",
        "en": "No topic is followed by clearly higher churn (false discovery rate {fdr:.0%}).",
    },
    "voc_behaviour_caveat": {
        "ja": (
            "これは関連であり、トピックが離反の原因だとは示していません。対応を変えて効果を確かめ"
            "るには"
            "パイロットで検証してください。"
        ),
        "en": "This is an association: it does not show that a topic causes churn; verify a "
        "change of handling with a pilot.",
    },
    # columns
    "voc_col_channel": {"ja": "チャネル", "en": "Channel"},
    "voc_col_comments": {"ja": "件数", "en": "Comments"},
    "voc_col_share": {"ja": "構成比", "en": "Share"},
    "voc_col_rated": {"ja": "評価あり", "en": "Rated"},
    "voc_col_mean_rating": {"ja": "平均評価", "en": "Mean rating"},
    "voc_col_scale": {"ja": "尺度", "en": "Scale"},
    "voc_col_rating_group": {"ja": "評価グループ", "en": "Rating group"},
    "voc_col_terms": {"ja": "特徴語", "en": "Terms"},
    "voc_col_term": {"ja": "語", "en": "Term"},
    "voc_col_recent": {"ja": "直近期間の件数", "en": "Recent comments"},
    "voc_col_baseline": {"ja": "比較期間の件数", "en": "Baseline comments"},
    "voc_col_recent_share": {"ja": "直近期間の割合", "en": "Recent share"},
    "voc_col_baseline_share": {"ja": "比較期間の割合", "en": "Baseline share"},
    "voc_col_llr": {"ja": "対数尤度比", "en": "Log-likelihood ratio"},
    "voc_col_q": {"ja": "q値", "en": "q-value"},
    "voc_col_day": {"ja": "日付", "en": "Date"},
    "voc_col_left": {"ja": "前", "en": "Before"},
    "voc_col_keyword": {"ja": "該当箇所", "en": "Keyword"},
    "voc_col_right": {"ja": "後", "en": "After"},
    "voc_col_topic": {"ja": "トピック", "en": "Topic"},
    "voc_col_change_pts": {"ja": "構成比の変化（ポイント）", "en": "Change (points)"},
    "voc_col_by": {"ja": "切り口", "en": "By"},
    "voc_col_group": {"ja": "グループ", "en": "Group"},
    "voc_col_sentiment": {"ja": "平均スコア", "en": "Mean score"},
    "voc_col_positive": {"ja": "ポジティブ", "en": "Positive"},
    "voc_col_negative": {"ja": "ネガティブ", "en": "Negative"},
    "voc_col_dimension": {"ja": "側面", "en": "Dimension"},
    "voc_col_kind": {"ja": "種類", "en": "Kind"},
    "voc_col_repurchase": {"ja": "再購入率", "en": "Repurchase"},
    "voc_col_other_repurchase": {
        "ja": "ほかのコメントの再購入率",
        "en": "Repurchase, other comments",
    },
    "voc_col_diff_pts": {"ja": "差（ポイント）", "en": "Difference (points)"},
    "voc_col_interval": {"ja": "95%区間", "en": "95 % interval"},
    "voc_col_question": {"ja": "設問（側面）", "en": "Question (dimension)"},
    "voc_col_beta": {"ja": "標準化係数", "en": "Standardised coefficient"},
    "voc_col_r": {"ja": "相関", "en": "Correlation"},
    "voc_col_auc": {"ja": "AUC", "en": "AUC"},
    "voc_col_questions": {"ja": "設問", "en": "Questions"},
    "voc_col_beta_rating": {"ja": "総合評価への標準化係数", "en": "Coefficient on the rating"},
    "voc_col_auc_repurchase": {"ja": "再購入のAUC", "en": "AUC of repurchase"},
    "voc_col_auc_interval": {"ja": "AUCの95%区間", "en": "95 % interval of the AUC"},
    "voc_col_predicts": {"ja": "再購入の予測", "en": "Predicts repurchase"},
    "voc_col_customers": {"ja": "顧客数", "en": "Customers"},
    "voc_col_churn": {"ja": "その後の離反率", "en": "Later churn"},
    "voc_col_other_churn": {"ja": "ほかのコメントの離反率", "en": "Churn, other comments"},
    "voc_col_clv": {"ja": "平均LTV", "en": "Mean CLV"},
    "voc_col_upper_rank": {"ja": "上位2ランクの割合", "en": "In the top two ranks"},
    # charts
    "voc_chart_volume": {"ja": "チャネル別・月別の件数", "en": "Comments by channel and month"},
    "voc_chart_trend": {"ja": "NPSとCSATの推移（四半期）", "en": "NPS and CSAT by quarter"},
    "voc_axis_comments": {"ja": "件数", "en": "Comments"},
    "voc_axis_nps": {"ja": "NPS（ポイント）", "en": "NPS (points)"},
    "voc_axis_csat": {"ja": "CSAT", "en": "CSAT"},
    "voc_chart_emerging": {"ja": "直近期間に急に増えた語", "en": "Terms on the rise"},
    "voc_axis_llr": {"ja": "対数尤度比", "en": "Log-likelihood ratio"},
    "voc_hover_emerging": {
        "ja": "直近 %{customdata[0]:,}件 / 比較期間 %{customdata[1]:,}件",
        "en": "recent %{customdata[0]:,} / baseline %{customdata[1]:,}",
    },
    "voc_chart_topics": {"ja": "トピックの構成比の推移（四半期）", "en": "Topic shares by quarter"},
    "voc_axis_share": {"ja": "構成比", "en": "Share"},
    "voc_chart_network": {"ja": "共起ネットワーク", "en": "Co-occurrence network"},
    "voc_hover_node": {"ja": "%{customdata:,}件", "en": "%{customdata:,} comments"},
    "voc_chart_churn": {
        "ja": "トピック別：その後の離反率の差（95%区間）",
        "en": "Later churn by topic against other comments (95 % interval)",
    },
    "voc_axis_diff_pts": {"ja": "離反率の差（ポイント）", "en": "Churn difference (points)"},
}
