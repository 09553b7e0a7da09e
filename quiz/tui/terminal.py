"""Noticing that the terminal has gone away.

When a terminal window (or tmux pane) closes, the app should end. It normally gets SIGHUP, but not always: under
``make run``, make keeps the hang-up signal from its child, and the app would go on, its input thread spinning on a
terminal that only answers "hung up". So the app also looks, once a second, whether its terminal is still there.

In a browser tab (`quiz serve`) the app's input is a pipe from the web server. The server normally asks the app to
quit; if the server itself is killed, nobody does, and Textual's web driver would keep the app running for ever, its
progress store open. The pipe's hang-up tells the app instead (:func:`input_gone`).
"""

from __future__ import annotations

import os
import select

_GONE = select.POLLHUP | select.POLLERR | select.POLLNVAL


def terminal_gone(fd: int) -> bool:
    """True when ``fd`` (a terminal the app started on) has hung up or is no longer a terminal."""
    try:
        if not os.isatty(fd):
            return True
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        return any(events & _GONE for _, events in poller.poll(0))
    except (OSError, ValueError):
        return True


def input_gone(fd: int) -> bool:
    """True when every writer of ``fd`` (the pipe a web server feeds the app through) has closed it."""
    try:
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        return any(events & _GONE for _, events in poller.poll(0))
    except (OSError, ValueError):
        return True
