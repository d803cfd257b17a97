"""The people directory: listing, the people upload, keeping the org chart's people, erasure."""
