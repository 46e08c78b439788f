"""The public search page and JSON API: parameters, ranking, facets, query log and rate limit."""
