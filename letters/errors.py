"""Errors and problems: what went wrong, where (``file:line``) and what to do about it.

Library code raises :class:`LettersError` subclasses or returns lists of :class:`Problem`;
only the CLI prints them and chooses the exit code (:class:`ExitCode`).
"""

from __future__ import annotations

import enum
import errno
from dataclasses import dataclass, field
from pathlib import Path


class ExitCode(enum.IntEnum):
    """Process exit codes, documented in the README."""

    OK = 0
    PROBLEMS = 1  # the campaign has errors (or warnings under --strict)
    USAGE = 2  # bad command line (Typer/Click's own code)
    BUILD_FAILED = 3  # some documents could not be produced
    INTERNAL = 70  # a bug in letters: please report it
    OS_ERROR = 74  # the system refused a file operation: disk full, permission, read-only (sysexits EX_IOERR)
    BROKEN_PIPE = 141  # the reader of our output went away (`letters ... | head`): 128 + SIGPIPE, by convention


class Severity(str, enum.Enum):
    """How serious a problem is: an error fails ``check`` and ``build``, a warning only under
    ``--strict``, an info never."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, order=True)
class Location:
    """A place in a file; ``line`` is 1-based, 0 when unknown."""

    path: str
    line: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True)
class Problem:
    """One finding about the campaign: where, what, and a hint for the fix."""

    location: Location | None
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR
    code: str = "error"  # stable identifier, e.g. ``unknown-id``; used by tests and docs

    def format(self) -> str:
        where = f"{self.location}: " if self.location else ""
        text = f"{where}{self.severity.value}: {self.message} [{self.code}]"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class LettersError(Exception):
    """Base of every error letters raises on purpose. ``category`` prefixes the CLI message."""

    category = "Error"
    exit_code = ExitCode.PROBLEMS

    def __init__(self, message: str, *, hint: str = "", location: Location | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.location = location

    def as_problem(self) -> Problem:
        return Problem(self.location, self.message, self.hint, Severity.ERROR, "error")


class InputError(LettersError):
    """A file of the campaign cannot be read or parsed."""

    category = "Input error"


class CampaignInvalid(LettersError):
    """Validation found errors; ``problems`` holds all of them (errors and warnings)."""

    category = "Campaign invalid"

    def __init__(self, problems: list[Problem]):
        errors = [p for p in problems if p.is_error]
        super().__init__(f"{len(errors)} error(s) in the campaign")
        self.problems = problems


class RenderError(LettersError):
    """A document could not be rendered (template error, missing glyph, forbidden resource)."""

    category = "Render error"
    exit_code = ExitCode.BUILD_FAILED


class TranslationError(LettersError):
    """A catalog is unusable or a translation was rejected under --strict."""

    category = "Translation error"


class FileSystemError(LettersError):
    """The operating system refused a file operation; the user can act on it (path and hint)."""

    category = "File error"
    exit_code = ExitCode.OS_ERROR

    @classmethod
    def from_os(cls, exc: OSError, path: str | Path | None = None, hint: str = "") -> FileSystemError:
        where = path if path is not None else (exc.filename if exc.filename is not None else None)
        reason, default_hint = _OS_REASONS.get(exc.errno or -1, (exc.strerror or type(exc).__name__, ""))
        location = Location(str(where)) if where is not None else None
        return cls(reason, hint=hint or default_hint, location=location)


_OS_REASONS: dict[int, tuple[str, str]] = {
    errno.ENOSPC: ("no space left on the device", "free some space, or write somewhere else (--out)"),
    errno.EDQUOT: ("disk quota exceeded", "free some space, or write somewhere else (--out)"),
    errno.EACCES: ("permission denied", "check the permissions of this file or folder, or write somewhere else"),
    errno.EPERM: ("operation not permitted", "check the permissions and attributes of this file or folder"),
    errno.EROFS: ("the file system is read-only", "write somewhere else (--out), or mount it read-write"),
    errno.ENOTDIR: ("a part of this path is a file, not a folder", "give a folder, or remove the file in the way"),
    errno.EISDIR: ("this is a folder, not a file", "give the path of a file"),
    errno.ENOENT: ("no such file or folder", "check the path"),
    errno.EEXIST: ("already exists", "remove it or choose another name"),
    errno.ENAMETOOLONG: ("the file name is too long", "use shorter ids or a shorter --out path"),
    errno.EMFILE: ("too many open files", "raise the limit ('ulimit -n') or build fewer documents at once"),
    errno.EIO: ("input/output error", "the disk may be failing: check it, or write somewhere else"),
}


@dataclass
class ProblemList:
    """Collects problems during one pass; validators append, the caller decides."""

    items: list[Problem] = field(default_factory=list)

    def error(self, location: Location | None, message: str, hint: str = "", code: str = "error") -> None:
        self.items.append(Problem(location, message, hint, Severity.ERROR, code))

    def warning(self, location: Location | None, message: str, hint: str = "", code: str = "warning") -> None:
        self.items.append(Problem(location, message, hint, Severity.WARNING, code))

    def info(self, location: Location | None, message: str, hint: str = "", code: str = "info") -> None:
        self.items.append(Problem(location, message, hint, Severity.INFO, code))

    def extend(self, problems: list[Problem]) -> None:
        self.items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.WARNING]


def rel(path: Path, root: Path | None) -> str:
    """Show ``path`` relative to ``root`` when it is inside, else as given."""
    if root is not None:
        try:
            return str(path.resolve().relative_to(root.resolve()))
        except ValueError:
            pass
    return str(path)
