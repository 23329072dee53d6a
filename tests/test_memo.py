"""The build cache's memory of values made per record (`utils.memo.Memo`)."""

from __future__ import annotations

from dataclasses import dataclass

from generator.utils.memo import Memo


@dataclass(eq=False)
class Version:
    id: str


def test_a_value_is_known_while_its_owner_and_what_it_depends_on_are_the_same() -> None:
    memo, first = Memo(), Version("a")
    assert memo.known(first, "support", (1, "x"), list) is None
    made = memo.put(first, "support", (1, "x"), ["judged"])
    assert memo.known(first, "support", (1, "x"), list) is made
    assert memo.of(first, "support", (1, "x"), lambda: ["again"]) is made  # one memory


def test_a_new_version_a_changed_dependency_or_another_kind_is_not_known() -> None:
    memo, first = Memo(), Version("a")
    memo.put(first, "support", (1,), ["judged"])
    assert memo.known(Version("a"), "support", (1,), list) is None  # a new version of a
    assert memo.known(first, "support", (2,), list) is None
    assert memo.known(first, "other", (1,), list) is None
    assert memo.known(first, "support", (1,), dict) is None
    second = Version("a")
    memo.put(second, "support", (1,), ["new"])  # the new version forgets the old one's
    assert memo.known(first, "support", (1,), list) is None
    assert memo.known(second, "support", (1,), list) == ["new"]
