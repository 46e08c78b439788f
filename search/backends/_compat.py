"""Import opensearch-py although the project's ``events`` app shadows a package it needs.

opensearch-py does ``from events import Events`` (the PyPI package ``Events``). In this project
``events`` is also the name of a Django app that comes first on sys.path, so the import fails.
The real package is loaded from opensearch-py's own site-packages directory for the duration
of that import; afterwards opensearch-py holds its own reference and the app is untouched.
"""

import importlib
import importlib.machinery
import importlib.util
import os
import sys


def import_opensearchpy():
    if "opensearchpy" in sys.modules:
        return sys.modules["opensearchpy"]
    spec = importlib.util.find_spec("opensearchpy")
    if spec is None or not spec.submodule_search_locations:
        return importlib.import_module("opensearchpy")
    site_packages = os.path.dirname(list(spec.submodule_search_locations)[0])
    events_spec = importlib.machinery.PathFinder.find_spec("events", [site_packages])
    app_events = sys.modules.get("events")
    if events_spec is None or (app_events is not None and hasattr(app_events, "Events")):
        return importlib.import_module("opensearchpy")
    app_modules = {k: v for k, v in sys.modules.items() if k == "events" or k.startswith("events.")}
    for name in app_modules:
        del sys.modules[name]
    real_events = importlib.util.module_from_spec(events_spec)
    sys.modules["events"] = real_events
    try:
        events_spec.loader.exec_module(real_events)
        return importlib.import_module("opensearchpy")
    finally:
        for name in [k for k in sys.modules if k == "events" or k.startswith("events.")]:
            del sys.modules[name]
        sys.modules.update(app_modules)
