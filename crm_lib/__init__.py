"""CRM Workbench: the shared helper package behind the notebooks and the `crm` command."""

__version__ = "0.1.0"
