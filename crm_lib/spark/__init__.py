"""Apache Spark as the engine of the per-customer and per-event tables (``data.engine:
spark``): the same SQL definitions as DuckDB's, transpiled with sqlglot.

:mod:`~crm_lib.spark.session` opens the session, :mod:`~crm_lib.spark.tables` is the
registry of tables, :mod:`~crm_lib.spark.dialect` turns their DuckDB SQL into Spark SQL and
:mod:`~crm_lib.spark.stage` builds them and loads them into the run's ``data.duckdb``.
pyspark is imported only when a session is opened.
"""
