"""Exception classes of the search clients, for the clients that are installed."""


def client_errors(spec):
    """Python's connection and timeout errors, plus each (module, names) of ``spec`` that can
    be imported: the Elasticsearch and OpenSearch clients are optional."""
    errors = [ConnectionError, TimeoutError]
    for module_name, names in spec:
        try:
            module = __import__(module_name, fromlist=list(names))
        except ImportError:
            continue
        errors.extend(getattr(module, name) for name in names if hasattr(module, name))
    return tuple(errors)
