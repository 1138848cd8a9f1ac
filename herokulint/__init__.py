"""herokulint: a static readiness checker for Django projects deploying to Heroku."""

__version__ = "0.1.0"


def script() -> None:
    """The `herokulint` command (and `python -m herokulint`): `cli.main` in a process of its own.

    Start-up builds objects that live until the process exits (LibCST's node classes, the
    rules); the garbage collector's passes over them, while they are built and again at exit,
    cost ~25 ms of a small project's ~0.2 s. So collection is off until start-up is over, and
    `cli.started` then freezes what it built out of every later pass.
    """
    import gc
    import sys

    gc.disable()
    from .cli import main

    sys.exit(main())
