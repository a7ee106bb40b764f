"""The one-stop desk (/desk/): staff screens, one module per screen."""
