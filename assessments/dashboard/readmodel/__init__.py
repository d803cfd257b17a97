"""The dashboards' read model: rows rolled up ahead, stamped, and read by the panels.

- ``build``: rebuild a workspace's rows from one snapshot (the Celery task
  assessments.tasks.rebuild_dashboard, the beat's sweep, ``manage.py rebuild_dashboards``).
- ``freshness``: whether the rows are up to date, one query per request.
- ``rows``: the panels' figures read from the rows, in the live queries' shapes.
- ``panels``: each panel from the rows when they can answer, else live.
"""
