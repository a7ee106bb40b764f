"""What citizens tell the centre: ratings of a dossier's handling and feedback (phản ánh, kiến nghị)."""
