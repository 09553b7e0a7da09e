"""The app notices a terminal that has gone away (a closed window, a killed tmux pane)."""

from __future__ import annotations

import os

from quiz.tui.terminal import input_gone, terminal_gone


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


def test_a_pipe_whose_writer_closed_is_gone() -> None:
    """`quiz serve` feeds each app through a pipe: its hang-up means the server has gone."""
    read, write = os.pipe()
    try:
        assert not input_gone(read)
        os.write(write, b"pending input is not a hang-up")
        assert not input_gone(read)
        os.close(write)
        assert input_gone(read)
    finally:
        os.close(read)
