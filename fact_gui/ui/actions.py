"""Actions by id, registered by the panel that implements them; enabled from the workflow policy."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import Flag, auto

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QToolBar, QWidget

from fact_gui.domain.workflow import Do, Review, Situation, why_not
from fact_gui.ui.operations import Operations
from fact_gui.ui.selection import Selection

# Menus in the order the menu bar shows them (titles with their mnemonics).
MENUS = ("&File", "&Edit", "&Claim", "&Article", "&Review", "&View")
Keys = str | QKeySequence.StandardKey | Sequence[str | QKeySequence.StandardKey]


class Need(Flag):
    """What must be open before an action makes sense (besides what the policy says)."""

    NOTHING = 0
    DESK = auto()
    ARTICLE = auto()


class _Entry:
    """One registered action and where it goes.

    A plain class, as the other types the window makes before its first paint: a
    dataclass compiles its methods when its module is imported (milliseconds each).
    """

    __slots__ = ("action", "context", "do", "group", "menu", "needs", "reason", "tip",
                 "toolbar", "toolbar_group")  # fmt: skip

    def __init__(self, action: QAction, tip: str, do: Do | None, needs: Need, menu: str,
                 toolbar: str, context: str, group: int, toolbar_group: int) -> None:  # fmt: skip
        self.action, self.tip, self.do, self.needs = action, tip, do, needs
        self.menu, self.toolbar, self.context = menu, toolbar, context
        self.group, self.toolbar_group = group, toolbar_group
        self.reason: str | None = None


def _sequences(keys: Keys) -> list[QKeySequence]:
    many = [keys] if isinstance(keys, str | QKeySequence.StandardKey) else list(keys)
    out: list[QKeySequence] = []
    for k in many:
        if isinstance(k, QKeySequence.StandardKey):
            out.extend(QKeySequence.keyBindings(k))
        else:
            out.append(QKeySequence(k))
    return out


class Actions(QObject):
    """The window's command table: one QAction per id (``"claim.tag.confirmed"``).

    A panel registers what it implements with where it goes (menu, group,
    toolbar, context menu); the window builds menus and toolbars from here.
    Whether an action is enabled is asked of ``domain.workflow.why_not`` for the
    open article, the person's roles and the mode — never decided here — and a
    disabled action says why in its tooltip and status tip.
    """

    # The policy was asked again (panels with controls that follow it, like the note).
    policyChanged = Signal()

    def __init__(self, window: QWidget, selection: Selection, ops: Operations) -> None:
        super().__init__(window)
        self._window, self._selection, self._ops = window, selection, ops
        self._entries: dict[str, _Entry] = {}
        self.toolbars: dict[str, QToolBar] = {}
        # Widgets panels put at the end of a toolbar (the find box), by toolbar name.
        self.toolbar_widgets: dict[str, list[QWidget]] = {}
        for signal in (
            selection.articleOpened,
            selection.articleUpdated,
            selection.claimChanged,
            selection.modeChanged,
            ops.attached,
        ):
            signal.connect(self.update)
        # Only a change in how many claims there are can change an answer (submit).
        self._claim_count = -1
        selection.claimsChanged.connect(self._claims_changed)

    # -- registering -------------------------------------------------------------------
    def add(
        self,
        action_id: str,
        action: str | QAction,
        slot: Callable[[], object] | None = None,
        *,
        keys: Keys = (),
        tip: str = "",
        icon: QIcon | None = None,
        icon_text: str = "",
        menu: str = "",
        group: int = 0,
        toolbar: str = "",
        toolbar_group: int | None = None,
        context: str = "",
        do: Do | None = None,
        needs: Need = Need.NOTHING,
        checkable: bool = False,
        checked: bool = False,
    ) -> QAction:
        """Register an action under ``action_id``.

        ``action`` is its text (``slot`` runs when it is triggered) or an action made
        elsewhere (undo and redo from the stack, a dock's toggle).
        """
        if action_id in self._entries:
            raise ValueError(f"action {action_id!r} is registered twice")
        if isinstance(action, QAction):
            act = action
        else:
            act = QAction(action, self._window)
            if checkable:
                act.setCheckable(True)
                act.setChecked(checked)
        if slot is not None:
            act.triggered.connect(lambda _checked=False: slot())
        if keys:
            act.setShortcuts(_sequences(keys))
        if icon is not None:
            act.setIcon(icon)
        if icon_text:
            act.setIconText(icon_text)
        shortcut = act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        base = tip or act.text().replace("&", "").rstrip("…")
        full_tip = f"{base} ({shortcut})" if shortcut else base
        act.setToolTip(full_tip)
        if menu and f"&{menu}" not in MENUS:
            raise ValueError(f"no menu {menu!r} (menus: {', '.join(MENUS)})")
        self._window.addAction(act)  # shortcuts work wherever focus is in the window
        if do is not None:
            needs |= Need.ARTICLE
        if needs & Need.ARTICLE:
            needs |= Need.DESK
        self._entries[action_id] = _Entry(
            act, full_tip, do, needs, menu, toolbar, context, group,
            group if toolbar_group is None else toolbar_group,
        )  # fmt: skip
        self._refresh(self._entries[action_id])
        return act

    # -- looking up --------------------------------------------------------------------
    def __getitem__(self, action_id: str) -> QAction:
        return self._entries[action_id].action

    def __contains__(self, action_id: object) -> bool:
        return action_id in self._entries

    def policy(self, action_id: str) -> Do | None:
        """What the workflow policy is asked about before ``action_id`` is enabled."""
        return self._entries[action_id].do

    def ids(self) -> list[str]:
        return list(self._entries)

    def trigger(self, action_id: str) -> None:
        """Run an action another panel implements (buttons that offer it)."""
        if action_id in self._entries:
            self._entries[action_id].action.trigger()

    def _placed(self, where: str, value: str) -> list[QAction | None]:
        """Actions placed in ``value`` (a menu, toolbar or context menu), None between groups."""

        def group(e: _Entry) -> int:
            return e.toolbar_group if where == "toolbar" else e.group

        chosen = sorted(
            (e for e in self._entries.values() if getattr(e, where) == value),
            key=group,  # stable: registration order within a group
        )
        out: list[QAction | None] = []
        for i, e in enumerate(chosen):
            if i and group(e) != group(chosen[i - 1]):
                out.append(None)
            out.append(e.action)
        return out

    def menu(self, title: str) -> list[QAction | None]:
        return self._placed("menu", title.replace("&", ""))

    def toolbar(self, name: str) -> list[QAction | None]:
        return self._placed("toolbar", name)

    def context(self, name: str) -> list[QAction | None]:
        return self._placed("context", name)

    # -- the policy -------------------------------------------------------------------
    def situation(self) -> Situation | None:
        """The facts ``why_not`` decides on, for the open article (None: none open).

        How many claims still wait for a verdict is left out: signing off stays
        available and, pressed too early, says how many (a disabled button would not).
        """
        doc, desk = self._selection.article, self._ops.desk
        state = doc.state
        if state is None or desk is None:
            return None
        claim = self._selection.claim
        return Situation(
            state,
            roles=desk.roles,
            mode=self._selection.mode,
            claims=len(doc.claims),
            claim_review=Review(claim.review) if claim is not None else None,
        )

    def why_not(self, do: Do) -> str | None:
        """None if ``do`` is allowed now, else the reason in words."""
        s = self.situation()
        if s is None:
            return "open an article first"
        return why_not(do, s)

    def update(self) -> None:
        situation = self.situation()
        for entry in self._entries.values():
            self._refresh(entry, situation)
        self.policyChanged.emit()

    def _claims_changed(self) -> None:
        n = len(self._selection.article.claims)
        if n != self._claim_count:
            self._claim_count = n
            self.update()

    def _refresh(self, e: _Entry, situation: Situation | None = None) -> None:
        if e.do is None and not e.needs:
            return  # always available, or enabled by its owner (undo/redo by the stack)
        reason: str | None = None
        if e.needs & Need.DESK and self._ops.desk is None:
            reason = "open a database first"
        elif e.needs & Need.ARTICLE and self._selection.article.id is None:
            reason = "open an article first"
        elif e.do is not None:
            situation = situation or self.situation()
            reason = "open an article first" if situation is None else why_not(e.do, situation)
        if reason == e.reason and e.action.isEnabled() == (reason is None):
            return  # unchanged: touching a QAction re-lays toolbars and menus
        e.reason = reason
        e.action.setEnabled(reason is None)
        if reason is None:
            e.action.setToolTip(e.tip)
            e.action.setStatusTip("")
        else:
            why = reason[0].upper() + reason[1:]
            e.action.setToolTip(f"{e.tip}\n{why}.")
            e.action.setStatusTip(f"{why}.")
