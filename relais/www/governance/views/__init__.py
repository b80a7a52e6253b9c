"""Governance pages: the plan, its measures, meetings, decisions and actions."""
