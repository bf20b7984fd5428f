"""The one exception type for bad user input.

Every message names what was wrong and how to fix it; the CLI prints it on one line and exits non-zero.
"""


class ConfigError(ValueError):
    """Invalid configuration, arguments or data files; the message says how to fix it."""
