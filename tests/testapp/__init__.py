"""A tiny site app for running one toolkit app alone (see tests/settings/)."""
