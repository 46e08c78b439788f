# The files here drive `.ci/integration` (the wheel in a stock `wagtail start` project); they
# are scripts, not tests, and need a project of their own: pytest collects none of them.
collect_ignore_glob = ["*.py"]
