"""Single sign-on with OpenID Connect (mozilla-django-oidc): configuration from the environment,
the account a sign-in finds or creates, and the groups claim mapped to workspaces and roles."""
