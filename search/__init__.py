"""search: Chinese text analysis and search backends for Wagtail, the search page and JSON API."""
