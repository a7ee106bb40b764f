"""The queue's writes: tickets issued at the kiosk (tickets.py), the counter's calls (calling.py), the hall's
devices (devices.py); each change the boards must show is noted by board.py."""
