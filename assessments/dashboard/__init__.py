"""Read models behind the manager dashboards: one plain function per panel.

Each function takes a workspace id and the panel's ``Filters`` and runs a fixed number of
queries whatever the workspace's size (aggregation happens in the database), so every panel
stays fast on a 10,000-unit organisation. Nothing here writes.
"""
