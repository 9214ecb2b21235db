"""``python -m crm_lib.metrics`` writes the metric reference to standard output."""

from crm_lib.metrics import document

print(document(), end="")
