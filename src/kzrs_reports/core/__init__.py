"""What every stage of the pipeline may use, and which uses nothing of theirs.

    errors      the one exception tree, with the exit status each error means
    problems    a problem located at a file's line and column
    files       atomic writing, reproducible zips, file digests
    links       what may be a link
    markings    marking schemes: levels in order, printed per language (schemes/: shipped)
    version     the package's version
    collector   the garbage collector, paused for a short command, resumed for a long one
    cache       a private folder for what one process works out and the next reuses
    yamlparser  YAML events from libyaml under ruamel's composer, the pure parser behind

Every other package imports only this one and the stages before it (the order is in
:mod:`kzrs_reports`); this one imports nothing of theirs. Importing it costs nothing: each
module is imported where it is used.
"""
