"""The pages of online submission: the e-form and its drafts (eform), what the applicant does afterwards
(applicant: complete a supplement, withdraw)."""
