"""Telling applicants what happened: an outbox of messages, sent by `motcua worker` by e-mail and SMS."""
