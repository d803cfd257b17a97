"""Touchpoints screens, one module per noun: the URL name's noun names the module."""
