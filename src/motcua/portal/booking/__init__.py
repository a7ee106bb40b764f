"""Booked visits on the portal (/dat-lich/): choose a centre, an area, a day and a slot; the booking's own page
with its code, QR and a cancel button."""
