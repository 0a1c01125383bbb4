"""The build stage: session (load, validate, render HTML), plan, worker pool, write + manifest."""

from .run import BuildEvent, BuildOptions, BuildReport, build
from .session import Rendered, Session, missing_warning

__all__ = ["BuildEvent", "BuildOptions", "BuildReport", "Rendered", "Session", "build", "missing_warning"]
