"""Resolving the paths a manifest names under a root folder, without ever leaving it.

A manifest's file paths are relative to the release's root. They are checked in two steps:
lexically (not empty, not absolute, no ``..``, no backslashes, no NUL) and then on disk (every
symlink on the way resolved, the result still inside the root, no symlink loops, a regular
file). Files are then opened by their resolved path with ``O_NOFOLLOW``, so a symlink swapped
in after the check is refused rather than followed.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["PathError", "PathIssue", "SafeRoot", "check_relative"]


class PathIssue(StrEnum):
    """Why a named path cannot be read."""

    INVALID = "invalid"  # empty, absolute, '..', backslash, NUL
    OUTSIDE = "outside-root"  # a symlink on the way points out of the root
    LOOP = "symlink-loop"
    MISSING = "missing"
    NOT_A_FILE = "not-a-file"  # a folder, a device, a FIFO
    UNREADABLE = "unreadable"


class PathError(Exception):
    """A named path that cannot be verified; ``path`` is the path as the manifest wrote it."""

    def __init__(self, path: str, issue: PathIssue, message: str):
        self.path = path
        self.issue = issue
        self.message = message
        super().__init__(f"{path}: {message}")


def check_relative(path: str) -> str:
    """The normalised form of a manifest path (``a/./b`` becomes ``a/b``), or
    :class:`PathError` when it is empty, absolute, goes up with ``..``, or uses backslashes."""
    if not path or "\x00" in path:
        raise PathError(path, PathIssue.INVALID, "not a valid path (empty or contains NUL)")
    if "\\" in path:
        raise PathError(
            path,
            PathIssue.INVALID,
            "contains a backslash; write paths relative to the root with forward slashes",
        )
    if path.startswith("/") or (len(path) > 1 and path[1] == ":" and path[0].isalpha()):
        raise PathError(
            path,
            PathIssue.INVALID,
            "is an absolute path; write it relative to the release's root folder",
        )
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise PathError(
            path, PathIssue.INVALID, "goes up with '..'; paths must stay inside the root folder"
        )
    if not parts:
        raise PathError(path, PathIssue.INVALID, "names the root folder itself, not a file")
    return "/".join(parts)


def _inside(real: str, root: str) -> bool:
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


@dataclass(frozen=True, slots=True)
class SafeRoot:
    """A root folder under which manifest paths are resolved."""

    root: str  # the real path of the root folder

    @classmethod
    def of(cls, folder: str | os.PathLike[str]) -> SafeRoot:
        """The root at ``folder``; raises :class:`PathError` when it is not a readable folder."""
        name = os.fspath(folder)
        try:
            real = os.path.realpath(name, strict=True)
        except OSError as exc:
            issue = PathIssue.LOOP if exc.errno == errno.ELOOP else PathIssue.MISSING
            raise PathError(name, issue, f"root folder cannot be opened: {exc.strerror}") from None
        if not os.path.isdir(real):
            raise PathError(name, PathIssue.NOT_A_FILE, "root is not a folder")
        return cls(real)

    def resolve(self, path: str) -> str:
        """The real path of the regular file ``path`` names under the root.

        Raises :class:`PathError` naming the path for every way it can go wrong.
        """
        rel = check_relative(path)
        candidate = os.path.join(self.root, *rel.split("/"))
        real = os.path.realpath(candidate)
        if not _inside(real, self.root):
            raise PathError(
                path,
                PathIssue.OUTSIDE,
                f"a symlink on the way points out of the root folder (to {real}); "
                "verify never follows a path out of the root",
            )
        try:
            info = os.stat(real)
        except OSError as exc:
            raise self._stat_error(path, candidate, exc) from None
        if stat.S_ISDIR(info.st_mode):
            raise PathError(path, PathIssue.NOT_A_FILE, "is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise PathError(path, PathIssue.NOT_A_FILE, "is not a regular file")
        return real

    @staticmethod
    def _stat_error(path: str, candidate: str, exc: OSError) -> PathError:
        if exc.errno == errno.ELOOP:
            return PathError(path, PathIssue.LOOP, "is a symlink loop")
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            if os.path.islink(candidate):
                return PathError(path, PathIssue.MISSING, "is a dangling symlink")
            return PathError(path, PathIssue.MISSING, "no such file")
        if exc.errno == errno.EACCES:
            return PathError(path, PathIssue.UNREADABLE, "permission denied")
        return PathError(path, PathIssue.UNREADABLE, f"cannot be read: {exc.strerror}")

    def open(self, path: str, real: str) -> int:
        """Open the resolved file ``real`` (from :meth:`resolve`) for reading; a file
        descriptor. Refuses a symlink swapped in since, and anything but a regular file."""
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        flags |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
        try:
            fd = os.open(real, flags)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise PathError(
                    path, PathIssue.OUTSIDE, "became a symlink while being verified; refused"
                ) from None
            raise self._stat_error(path, real, exc) from None
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise PathError(path, PathIssue.NOT_A_FILE, "is not a regular file")
        return fd

    def relative(self, real: str) -> str:
        """``real`` (inside the root) as a path relative to the root, with forward slashes."""
        return os.path.relpath(real, self.root).replace(os.sep, "/")

    def walk(self, under: str = "") -> list[str]:
        """Every regular file under the root (or under its sub-folder ``under``), relative to
        the root and sorted, skipping hidden entries (names starting with '.') and never
        descending into symlinked folders. Symlinked files are listed as they are named."""
        top = self.root
        if under:
            rel = check_relative(under)
            top = os.path.realpath(os.path.join(self.root, *rel.split("/")))
            if not _inside(top, self.root):
                raise PathError(
                    under, PathIssue.OUTSIDE, "a symlink on the way points out of the root folder"
                )
            if not os.path.isdir(top):
                raise PathError(under, PathIssue.NOT_A_FILE, "is not a folder")
        found: list[str] = []
        for folder, dirs, names in os.walk(top, followlinks=False):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(names):
                if name.startswith("."):
                    continue
                full = os.path.join(folder, name)
                try:
                    info = os.lstat(full)
                except OSError:
                    continue
                if stat.S_ISREG(info.st_mode) or stat.S_ISLNK(info.st_mode):
                    found.append(self.relative(full))
        found.sort()
        return found
