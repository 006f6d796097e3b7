"""Exceptions lapwing raises on purpose; anything else is a bug."""


class LapwingError(Exception):
    """Base class: the CLI turns these into a one-line message and exit code 1."""


class InputError(LapwingError):
    """An input could not be read (the pipeline records it as an error row instead)."""


class DictionaryError(LapwingError):
    """A data file (patterns, actors, gazetteer) is malformed."""
