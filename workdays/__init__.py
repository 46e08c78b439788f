"""One working-day calendar for every statutory deadline of the toolkit (govpages_workdays)."""
