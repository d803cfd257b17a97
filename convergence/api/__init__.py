"""The public API's shell: the NinjaAPI instance, bearer-token auth, errors, rate limits, forms.

Apps add their routers in their AppConfig.ready (convergence imports no app); every route sits
under `/api/w/<slug>/` and goes through `member(request, slug, capability)`.
"""
