"""Keys of the main window: no two actions share a shortcut, no menu two mnemonics (tryout2 N10).

A shortcut bound twice opens neither action (Qt: "Ambiguous shortcut overload"); two items of
one menu with the same underlined letter make that letter cycle instead of choose.
"""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from annotator.ui.main_window import MainWindow


def window_menus(window: MainWindow) -> list[QMenu]:
    """The menu bar's menus and every other menu the window owns."""
    bar = [a.menu() for a in window.menuBar().actions()]
    return [m for m in bar if isinstance(m, QMenu)] + list(window.findChildren(QMenu))


def all_actions(window: MainWindow) -> list[QAction]:
    """Every action of the window: its own, its menu bar's, and those of every (sub)menu."""
    found: list[QAction] = list(window.actions())
    menus = window_menus(window)
    seen: set[int] = set()
    while menus:
        menu = menus.pop()
        if id(menu) in seen:
            continue
        seen.add(id(menu))
        for action in menu.actions():
            found.append(action)
            sub = action.menu()
            if isinstance(sub, QMenu):
                menus.append(sub)
    unique: dict[int, QAction] = {}
    for action in found:
        unique.setdefault(id(action), action)
    return list(unique.values())


def mnemonic(text: str) -> str:
    """The letter after a single ``&`` ("" if none; ``&&`` is a literal ampersand)."""
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] != "&":
                return text[i + 1].casefold()
            i += 1
        i += 1
    return ""


def test_mnemonic_reads_the_letter_after_a_single_ampersand() -> None:
    assert mnemonic("Make &Coder Copy…") == "c"
    assert mnemonic("Tom && Jerry") == ""
    assert mnemonic("Tom && &Jerry") == "j"


def test_no_two_window_actions_share_a_shortcut(window: MainWindow) -> None:
    owners: dict[str, list[str]] = defaultdict(list)
    for action in all_actions(window):
        for key in action.shortcuts():
            owners[key.toString(QKeySequence.SequenceFormat.PortableText)].append(
                action.text().replace("&", "")
            )
    shared = {key: names for key, names in owners.items() if len(names) > 1}
    assert shared == {}
    assert "Ctrl+Shift+T" in owners  # the walk sees the menus' shortcuts at all


def test_no_menu_has_two_items_with_one_mnemonic(window: MainWindow) -> None:
    menus = window_menus(window)
    clashes: dict[str, list[str]] = {}
    for menu in {id(m): m for m in menus}.values():
        letters: dict[str, list[str]] = defaultdict(list)
        for action in menu.actions():
            if action.isVisible() and not action.isSeparator():
                letters[mnemonic(action.text())].append(action.text())
        letters.pop("", None)
        for letter, texts in letters.items():
            if len(texts) > 1:
                clashes[f"{menu.title()} {letter}"] = texts
    assert clashes == {}


def test_the_file_menu_items_each_have_a_letter(window: MainWindow) -> None:
    file_menu = window.menus["file"]
    texts = [a.text() for a in file_menu.actions() if not a.isSeparator()]
    assert all(mnemonic(text) for text in texts), texts
    assert mnemonic(window.exchange.act_copy.text()) != mnemonic(window.exchange.act_merge.text())


def test_every_item_of_the_menu_bar_menus_has_a_mnemonic(window: MainWindow) -> None:
    """A keyboard user reaches every item by Alt and letters (dynamic lists aside)."""
    missing = [
        f"{menu.title()} ▸ {action.text()}"
        for menu in window_menus(window)[: len(window.menuBar().actions())]
        for action in menu.actions()
        if action.isVisible() and not action.isSeparator() and not mnemonic(action.text())
    ]
    assert missing == []
