"""One module per ``dualdilemma`` subcommand.

Each module defines ``register(subparsers)``, which adds its parser and sets
``handler=<function(args) -> str>``; the handler returns the text to print and raises a
:class:`~dualdilemma.errors.DualDilemmaError` for user errors.
"""
