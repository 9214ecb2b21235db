"""Customer-journey mapping and the map of marketing measures, in SQL on DuckDB.

``log`` builds the journey log (people, events, stages) from a dataset; ``funnel``
counts stages, conversion and time to convert; ``paths`` mines step matrices, paths,
variants, transitions and loops; ``measures`` maps marketing measures onto stages (gaps,
duplication); ``between`` compares what happens between one purchase and the next among
those who lapse and those who buy again; ``backwards`` reads what precedes a lapse or a
cancellation; ``experience`` gives satisfaction by stage; ``report`` turns them into the
report's sections (sentences, tables, metrics) for the notebook ``40_journey``. No
per-person Python loops; no process-mining dependency.
"""

from crm_lib.journey.experience import satisfaction_by_stage
from crm_lib.journey.funnel import (
    DIMENSIONS,
    conversion_rates,
    conversion_table,
    funnel,
    funnel_by,
    largest_drop_off,
    time_to_convert,
)
from crm_lib.journey.log import (
    JourneyLog,
    StageModel,
    build_log,
    log_from_frame,
)
from crm_lib.journey.measures import MeasureMap, campaign_names, stage_measures
from crm_lib.journey.paths import (
    path_variants,
    repeats_and_loops,
    sankey_links,
    step_matrix,
    top_paths,
    transitions,
)

__all__ = [
    "DEFAULT_MEASURE_EVENTS",
    "DIMENSIONS",
    "DEFAULT_STAGES",
    "JourneyLog",
    "MeasureMap",
    "StageModel",
    "build_log",
    "campaign_names",
    "conversion_rates",
    "conversion_table",
    "funnel",
    "funnel_by",
    "largest_drop_off",
    "log_from_frame",
    "path_variants",
    "repeats_and_loops",
    "sankey_links",
    "satisfaction_by_stage",
    "stage_measures",
    "step_matrix",
    "time_to_convert",
    "top_paths",
    "transitions",
]
