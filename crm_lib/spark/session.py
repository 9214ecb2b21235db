"""The Spark session of a run: spark-submit's, or one made from ``data.spark`` of the config.

Under ``spark-submit`` (which starts the driver with ``PYSPARK_GATEWAY_PORT`` set) the
session takes spark-submit's master and settings and is left running; otherwise it is made
from the config and stopped after the stage. pyspark and Java are needed only here; without
them the error is one line (exit 2).
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator

from crm_lib.config import SparkConfig
from crm_lib.errors import ConfigError

# Settings a session made here starts with unless data.spark.conf sets them: timestamps of
# the data have no time zone and must not be shifted by the machine's; Spark's progress
# bars and warnings stay out of the run's stderr (errors still raise).
DEFAULT_CONF = {
    "spark.sql.session.timeZone": "UTC",
    "spark.ui.showConsoleProgress": "false",
    "spark.log.level": "ERROR",
}
SUBMIT_ENV = "PYSPARK_GATEWAY_PORT"  # set by spark-submit for the Python driver it starts
INSTALL_HINT = "pip install 'crm-workbench[spark]'"
JAVA_HINT = "install Java 17 or newer (Debian: apt-get install default-jre-headless)"


def java_executable() -> str | None:
    """The ``java`` Spark would start: ``$JAVA_HOME/bin/java``, else the one on PATH."""
    home = os.environ.get("JAVA_HOME")
    if home and os.access(os.path.join(home, "bin", "java"), os.X_OK):
        return os.path.join(home, "bin", "java")
    return shutil.which("java")


def missing(source: str = "config") -> ConfigError | None:
    """Why no Spark session can be started here (pyspark or Java missing), or None."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return ConfigError(source, "data.engine", f"spark needs pyspark: {INSTALL_HINT}")
    if java_executable() is None:
        return ConfigError(source, "data.engine", f"spark needs Java: {JAVA_HINT}")
    return None


@contextlib.contextmanager
def spark_session(spark: SparkConfig, source: str = "config") -> Iterator:
    """spark-submit's session (or one already active), else a new one from ``spark`` that
    is stopped on exit. Raises :class:`~crm_lib.errors.ConfigError` when pyspark or Java is
    missing or the JVM does not start."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise missing(source) from None
    active = SparkSession.getActiveSession()
    if active is None and os.environ.get(SUBMIT_ENV):
        active = SparkSession.builder.getOrCreate()  # spark-submit's master and settings
    if active is not None:
        yield active
        return
    problem = missing(source)
    if problem is not None:
        raise problem
    builder = SparkSession.builder.master(spark.master).appName(spark.app_name)
    for key, value in {**DEFAULT_CONF, **spark.conf}.items():
        builder = builder.config(key, value)
    try:
        session = builder.getOrCreate()
    except Exception as exc:  # the JVM did not start: pyspark raises its own error types
        first = " ".join(str(exc).split())[:200]
        raise ConfigError(source, "data.spark", f"cannot start Spark: {first}") from None
    try:
        yield session
    finally:
        session.stop()
