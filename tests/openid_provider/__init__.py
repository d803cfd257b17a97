"""A real OpenID provider for the single sign-on tests: django-oidc-provider in a Django process of
its own (tests.openid_provider.serve), with its own settings and a SQLite file, on loopback."""
