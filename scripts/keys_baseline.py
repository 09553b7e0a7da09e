"""The key-latency floor: a one-screen Textual app that only updates a label on the keys ``quiz`` is timed on.

``scripts/bench_keys.py`` sends both apps the same keys and times each until its answer shows; this app's answer is
its label, ``key j · 17`` (the key, and how many keys it has been sent so far).
"""

from textual.app import App
from textual.binding import Binding
from textual.widgets import Label

KEYS = ["j", "k", "space", "home", "escape", "r", "a", "ctrl+r", *"1234567"]


class KeysBaseline(App[None]):
    BINDINGS = [Binding(key, f"show({key!r})", show=False) for key in KEYS]  # noqa: RUF012

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def compose(self):  # type: ignore[no-untyped-def]
        yield Label("ready", id="label")

    def action_show(self, key: str) -> None:
        self.count += 1
        self.query_one(Label).update(f"key {key} · {self.count}")


if __name__ == "__main__":
    KeysBaseline().run()
