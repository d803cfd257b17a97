"""Meetings read from calendar exports, and the touch points they suggest (issue 13)."""
