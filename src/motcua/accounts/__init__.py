"""Citizens' accounts: register and log in with a phone or e-mail verified by a one-time code; my dossiers and
my documents."""
