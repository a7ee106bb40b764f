"""The centre floor's public screens: the ticket kiosk and its printed ticket, a ticket followed by phone, and
(board.py) the display boards."""
