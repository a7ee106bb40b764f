"""The pages of citizens' accounts: log-in and codes (auth), my dossiers and documents (mine)."""
