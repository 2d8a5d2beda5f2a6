"""User-facing errors.

A :class:`KgError` is a mistake the user can fix (an unknown name, a bad date, a file that
does not parse). The CLI prints its message as one line on stderr and exits with status 2;
anything else is a bug and keeps its traceback.
"""


class KgError(Exception):
    """A user mistake or an unusable input, with a message that says what to do."""


class UnknownNameError(KgError):
    """A name that matches no organisation or structure."""


class AmbiguousNameError(KgError):
    """A name that matches more than one organisation or structure."""


class DataError(KgError):
    """A data file that is missing, unreadable or malformed."""
