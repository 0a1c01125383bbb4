"""The command line: the only place that prints and exits. Heavy imports happen inside commands."""

from letters.cli.app import app, main

__all__ = ["app", "main"]
