"""Import opensearch-py although the project has a Django app called `events`.

opensearch-py imports the PyPI package `Events` as `events` (opensearchpy.metrics), and the
toolkit's own `events` app shadows it, so `import opensearchpy` fails with an ImportError and
Wagtail's opensearch backends cannot load. This binds the PyPI package under that name only while
opensearch-py is first imported, then puts the app back.
"""

import importlib
import importlib.metadata
import importlib.util
import sys


def _pypi_events_module():
    try:
        init = importlib.metadata.distribution("Events").locate_file("events/__init__.py")
    except importlib.metadata.PackageNotFoundError:
        return None
    spec = importlib.util.spec_from_file_location(
        "events", str(init), submodule_search_locations=[str(init.parent)]
    )
    module = importlib.util.module_from_spec(spec)
    return spec, module


def import_opensearchpy():
    """Import opensearchpy once; a no-op if it is absent or already imported."""
    if "opensearchpy" in sys.modules or importlib.util.find_spec("opensearchpy") is None:
        return
    found = _pypi_events_module()
    if found is None:
        return
    spec, module = found
    saved = {
        name: sys.modules.pop(name)
        for name in list(sys.modules)
        if name == "events" or name.startswith("events.")
    }
    try:
        sys.modules["events"] = module
        spec.loader.exec_module(module)
        importlib.import_module("opensearchpy")
    finally:
        for name in [
            name for name in sys.modules if name == "events" or name.startswith("events.")
        ]:
            del sys.modules[name]
        sys.modules.update(saved)
