"""Prospect follow-up (``70_leads``): funnel, the company's own 75 % / 80 %, speed to lead,
readiness (Kaplan-Meier) and the priority list of open leads."""

__all__ = ["frame", "followup", "funnel", "priority", "readiness", "speed"]
