"""Assessments screens, one module per noun: gap reports and the dashboard."""
