"""Join the parts of a split build (``letters build --shard K/N``) into one output folder.

Each part is an output folder with its ``manifest.json``. The merge checks that the parts are
of the same campaign and inputs, that they are parts 1..N of one split, each once, that no
document is in two parts, and that every file is there with the hash its manifest records; only
then does it copy the files (atomically) and write the joined manifest. Nothing is written if a
check fails.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError, Location
from ..write import MANIFEST, atomic_write, contained, sha256
from .manifest import Manifest


class MergeError(InputError):
    """The parts do not make one whole build."""

    category = "Merge error"


def _read(part: Path) -> Manifest:
    path = part / MANIFEST
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise MergeError(
            f"cannot read the manifest ({exc.strerror})",
            location=Location(str(path)),
            hint="pass the output folders that 'letters build --shard K/N' wrote",
        ) from None
    return Manifest.from_json(raw, str(path))


def check_parts(parts: list[Path]) -> list[Manifest]:
    """Every check of the module docstring; raises :class:`MergeError` at the first that fails."""
    manifests = [_read(p) for p in parts]
    first = manifests[0]
    for part, m in zip(parts, manifests, strict=True):
        where = Location(str(part / MANIFEST))
        if (m.campaign, m.inputs_sha256) != (first.campaign, first.inputs_sha256):
            raise MergeError(
                "this part was built from other inputs than the first part",
                location=where,
                hint="build every part from the same campaign files (same commit)",
            )
    shards = [m.shard for m in manifests]
    if any(s is None for s in shards):
        if len(parts) > 1:
            part = parts[shards.index(None)]
            raise MergeError("this is not a part of a split build (no 'shard')", location=Location(str(part)))
    else:
        totals = {s.split("/")[1] for s in shards if s}
        if len(totals) != 1:
            raise MergeError(f"the parts come from different splits: {', '.join(sorted(set(shards)))}")  # type: ignore[arg-type]
        n = int(totals.pop())
        have = sorted(int(s.split("/")[0]) for s in shards if s)
        if have != list(range(1, n + 1)):
            missing = sorted(set(range(1, n + 1)) - set(have))
            twice = sorted({k for k in have if have.count(k) > 1})
            raise MergeError(
                f"parts of {n}: " + (f"missing {missing}" if missing else "") + (f" twice {twice}" if twice else ""),
                hint="pass each part's output folder exactly once",
            )
    seen: dict[str, Path] = {}
    for part, m in zip(parts, manifests, strict=True):
        for path, rec in m.outputs.items():
            if path in seen:
                raise MergeError(f"{path} is in two parts: {seen[path]} and {part}")
            seen[path] = part
            try:
                data = contained(part, path).read_bytes()
            except OSError:
                raise MergeError(f"{path} is listed but missing", location=Location(str(part / MANIFEST))) from None
            if sha256(data) != rec.sha256:
                raise MergeError(f"{path} does not match its manifest's hash", location=Location(str(part / MANIFEST)))
    return manifests


def merge(parts: list[Path], out: Path) -> Manifest:
    """Check the parts, copy their files into ``out`` and write the joined manifest there."""
    if not parts:
        raise MergeError("no parts given", hint="letters manifest merge PART_DIR... --out DIR")
    manifests = check_parts(parts)
    joined = Manifest(manifests[0].campaign, manifests[0].inputs_sha256)
    for part, m in zip(parts, manifests, strict=True):
        for path, rec in m.outputs.items():
            if part.resolve() != out.resolve():
                atomic_write(contained(out, path), contained(part, path).read_bytes())
            joined.outputs[path] = rec
        joined.failed.update(m.failed)
        joined.removed.update(m.removed)
    atomic_write(out / MANIFEST, joined.to_json())
    return joined
