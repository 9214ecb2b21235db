"""Seeded demo company with planted ground truth (see docs/demo-data.md)."""

from crm_lib.demo.company import DemoCompany, generate_demo

__all__ = ["DemoCompany", "generate_demo"]
