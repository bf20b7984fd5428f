"""CPU seconds of this process and its finished children (a standalone binary runs as a child): numpy-free, so
that benchmark cases running in other interpreters (BindsNET's) can use it too."""

import resource


def cpu_seconds() -> float:
    """User + system CPU seconds of this process and of its waited-for children so far."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
