"""What touched a customer on which day: events, campaign contacts and feedback topics.

One SQL relation ``(customer_id, day, item)`` for the analyses that ask what happened in a
window of a customer's journey (:mod:`crm_lib.journey.between`,
:mod:`crm_lib.journey.backwards`). An *item* is ``kind:code``:

- ``event:<event_type>``: a touch of the events table (purchase markers left out: from the
  ``first_purchase`` stage on, they are the purchases themselves);
- ``contact:any`` and ``campaign:<campaign_id>``: a campaign contact actually sent (control
  rows of ``contacts`` are not sent); ``contact:unsubscribed``: a send the customer
  unsubscribed from;
- ``feedback:<topic>``: a note, survey comment or review whose text matches the topic's
  regular expression (:data:`FEEDBACK_TOPICS`, first match wins: a cancellation call that
  gives a late delivery as its reason is a cancellation).

Days are calendar days (``CAST(... AS DATE)``): purchases have dates only.
"""

from __future__ import annotations

from collections.abc import Mapping

from crm_lib.engine import quote_literal
from crm_lib.journey.log import JourneyLog

EVENT, CONTACT, CAMPAIGN, FEEDBACK = "event", "contact", "campaign", "feedback"
KINDS = (FEEDBACK, CONTACT, CAMPAIGN, EVENT)  # order of the kinds in tables
ANY_CONTACT, UNSUBSCRIBED = "any", "unsubscribed"
PURCHASE_STAGE = "first_purchase"  # event types of this stage and later mark purchases

FEEDBACK_TOPICS: dict[str, str] = {
    "subscription_cancel": "解約|やめたい",
    "subscription_skip": "スキップ|お休み|見送",
    "delivery_delay": "配送|配達|届か|届いてい|届くまで|遅延",
    "packaging": "容器|パッケージ|ポンプ|液漏れ|キャップ|ボトル|詰め替え",
    "skin_reaction": "赤く|赤み|かゆみ|ヒリヒリ|ぶつぶつ|肌に合わ",
    "call_wait": "つながら|待たされ|待ち時間|話し中|混み合",
    "price": "価格|値段|高い|高く|高め|値上げ|送料|割引",
    "product_effect": "効果|実感|保湿され|保湿力|変化はありません",
    "usage_question": "使い方|順番|成分について|時間帯",
}
"""Feedback topic -> regular expression on the text (Japanese notes), in priority order."""


def split_item(item: str) -> tuple[str, str]:
    """``"feedback:delivery_delay"`` -> ``("feedback", "delivery_delay")``."""
    kind, _, code = item.partition(":")
    return kind, code


def _columns(log: JourneyLog, table: str) -> set[str]:
    return {row[0] for row in log.con.execute(f"DESCRIBE {table}").fetchall()}


def _event_sql(log: JourneyLog) -> str:
    stages = log.model.stages
    first = stages.index(PURCHASE_STAGE) if PURCHASE_STAGE in stages else len(stages)
    return f"""SELECT customer_id, CAST(event_time AS DATE) AS day,
                      {quote_literal(EVENT + ":")} || event_type AS item
               FROM {log.events}
               WHERE customer_id IS NOT NULL AND coalesce(stage_idx, -1) < {first}"""


def _contact_sql(log: JourneyLog) -> list[str]:
    columns = _columns(log, "contacts")
    sent = "\"group\" IS DISTINCT FROM 'control'" if "group" in columns else "TRUE"
    base = "SELECT customer_id, CAST(sent_at AS DATE) AS day, {item} AS item FROM contacts"
    parts = [
        f"{base.format(item=quote_literal(f'{CONTACT}:{ANY_CONTACT}'))} WHERE {sent}",
        f"{base.format(item=quote_literal(CAMPAIGN + ':') + ' || campaign_id')} WHERE {sent}",
    ]
    if "unsubscribed" in columns:
        item = quote_literal(f"{CONTACT}:{UNSUBSCRIBED}")
        parts.append(f"{base.format(item=item)} WHERE {sent} AND unsubscribed")
    return parts


def _feedback_sql(topics: Mapping[str, str]) -> str:
    cases = " ".join(
        f"WHEN regexp_matches(text, {quote_literal(pattern)}) THEN {quote_literal(topic)}"
        for topic, pattern in topics.items()
    )
    return f"""SELECT customer_id, day, {quote_literal(FEEDBACK + ":")} || topic AS item
               FROM (SELECT customer_id, CAST(created_at AS DATE) AS day,
                            CASE {cases} END AS topic
                     FROM feedback WHERE text IS NOT NULL)
               WHERE topic IS NOT NULL"""


def touches_sql(log: JourneyLog, topics: Mapping[str, str] | None = None) -> str:
    """SQL relation ``(customer_id, day, item)`` of every touch of the log's customers
    (see the module); empty when the data has no events, contacts or feedback."""
    topics = FEEDBACK_TOPICS if topics is None else topics
    parts = [_event_sql(log)] if log.source == "events" else []
    if log.has_contacts:
        parts += _contact_sql(log)
    if log.has_feedback and topics:
        parts.append(_feedback_sql(topics))
    if not parts:
        return (
            "SELECT NULL::VARCHAR AS customer_id, NULL::DATE AS day, NULL::VARCHAR AS item LIMIT 0"
        )
    return "\nUNION ALL\n".join(parts)
