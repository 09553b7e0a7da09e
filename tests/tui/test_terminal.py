"""The app notices a terminal that has gone away (a closed window, a killed tmux pane)."""

from __future__ import annotations

import os

from quiz.tui.terminal import terminal_gone


def test_a_live_terminal_is_not_gone() -> None:
    master, slave = os.openpty()
    try:
        assert not terminal_gone(slave)
    finally:
        os.close(master)
        os.close(slave)


def test_a_hung_up_terminal_is_gone() -> None:
    master, slave = os.openpty()
    os.close(master)  # the terminal window closes
    try:
        assert terminal_gone(slave)
    finally:
        os.close(slave)


def test_a_pipe_or_closed_descriptor_is_not_a_terminal() -> None:
    read, write = os.pipe()
    try:
        assert terminal_gone(read)
    finally:
        os.close(read)
        os.close(write)
    assert terminal_gone(read)  # closed now
