"""Every workaround for the Jupyter stack lives here, each with the reason.

nbformat (behind papermill, nbconvert and the report export) imports jsonschema, and
jsonschema imports the optional ``rfc3987_syntax`` for its ``iri`` string format when it is
installed (``jsonschema[format-nongpl]``, required by jupyter-events, so always here).
That module compiles a Lark grammar at import: about 3.5 s of every process that touches
nbformat, the ``crm run`` process and report kernels alike. No notebook schema uses the
``iri`` format, so the project skips that optional import; jsonschema then leaves out only
its ``iri`` checker (it guards the import with ``suppress(ImportError)``).
"""

from __future__ import annotations

import sys

IRI_GRAMMAR_MODULE = "rfc3987_syntax"


def skip_iri_grammar() -> None:
    """Make ``import rfc3987_syntax`` fail fast (an ImportError) unless it is already
    imported, e.g. by a Jupyter server in the same process."""
    sys.modules.setdefault(IRI_GRAMMAR_MODULE, None)
