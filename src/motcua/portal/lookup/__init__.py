"""The public look-up of a dossier (/tra-cuu/): code and secret, or the receipt's QR code."""
