"""CRM Workbench: the shared helper package behind the notebooks and the `crm` command."""

from crm_lib.jupyter_compat import skip_iri_grammar

__version__ = "0.1.0"

skip_iri_grammar()  # before anything imports nbformat (see crm_lib.jupyter_compat)
