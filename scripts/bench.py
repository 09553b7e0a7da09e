"""`make bench`: timings of the parts users wait on. Figures go in the issue notes."""

from __future__ import annotations


def main() -> None:
    print("nothing to benchmark yet")


if __name__ == "__main__":
    main()
