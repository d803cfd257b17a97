"""Assessments forms, one module per noun, beside the views of the same name."""
