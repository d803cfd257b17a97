"""Org-chart files (CSV, XLSX, JSON) to validated units, with no database involved.

chart = parse_orgchart(upload.read(), upload.name, mapping={"parent": "Reports To"})
if chart.fatal: show chart.fatal
else: diff chart.units (parents before children) against the database; show chart.problems
"""

from .chart import FIELDS, ParsedChart, ParsedPerson, ParsedUnit, Problem, Severity, Shape, Side
from .parsing import parse_orgchart

__all__ = [
    "FIELDS",
    "ParsedChart",
    "ParsedPerson",
    "ParsedUnit",
    "Problem",
    "Severity",
    "Shape",
    "Side",
    "parse_orgchart",
]
