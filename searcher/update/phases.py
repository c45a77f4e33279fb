"""Named moments of an update, for whoever watches: the crash bench places its kills by them.

A listener is called with a phase's name as the phase begins: ``open``, ``create`` and
``created`` (an index opened or made), ``walk`` (an update starts), ``read`` (a file is
read), ``add`` (its articles are parsed), ``write`` (a batch becomes a segment). Worker
processes forked by the update inherit the listeners.
"""

from __future__ import annotations

from collections.abc import Callable

Listener = Callable[[str], None]
_listeners: list[Listener] = []


def watch(listener: Listener) -> None:
    """Call ``listener(phase)`` at the start of every phase from now on, in this process."""
    _listeners.append(listener)


def enter(phase: str) -> None:
    """Tell the listeners that ``phase`` begins."""
    for listener in _listeners:
        listener(phase)
