"""Voice of the customer: Japanese text of the feedback table (see report.py)."""
