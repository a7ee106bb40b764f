"""A local OpenID Connect provider (django-oauth-toolkit) for the demo and the tests: a tiny Django project of its
own, run in its own process by `motcua identity-provider`, standing in for VNeID or the national portal's SSO.

It shares nothing with motcua but the package: its own settings, its own SQLite file, its own users, whose
username is their national ID number (as VNeID's log-in is)."""
