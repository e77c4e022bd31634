"""The window: panels on one change bus, database work on a worker thread.

How it fits together
--------------------
``main_window.MainWindow`` makes a ``panel.Shell`` and one object of each class in
``main_window.PANELS``, puts their widgets where their ``area`` says, and builds
the menus and toolbars from the actions they registered. Nothing else: it knows
no feature.

The shell is all a panel may use:

- ``bus`` (``bus.Bus``): every service result arrives there as a ``ChangeSet``
  (kinds + origin). Operations of this window publish theirs; a listener for other
  people's changes publishes with origin REMOTE (``publish_from_thread``).
- ``selection`` (``selection.Selection``): the open article (``document.OpenArticle``:
  text, heading, claims as shown, the claims table model), the current claim, the
  mode; with signals. It is the only other channel between panels.
- ``ops`` (``operations.Operations``): ``ops.read(fn).success(cb).run()`` /
  ``ops.write(...)`` run service calls on the desk's worker thread, in order;
  callbacks come back on the GUI thread; failures are reported one way.
- ``actions`` (``actions.Actions``): ``actions.add("claim.tag.confirmed", text, slot,
  keys=..., menu="Claim", group=10, toolbar="main", do=Do.EDIT_CLAIMS)``; enabled
  from ``domain.workflow.why_not`` (never from a rule of the panel's own).
- ``undo`` (edits are ``commands.ClaimCommand`` subclasses: previewed at once,
  settled or rolled back by their commit), ``later`` (refreshes that can wait a
  frame), ``settings``, ``window`` (the parent for dialogs, the status bar).

The panel template
------------------
A new panel (an evidence editor, related passages, library-wide search, versions,
team presence, statistics) is a package ``ui/<name>/`` whose ``__init__`` defines::

    class EvidencePanel(Panel):
        name = "evidence"                      # window.panels.evidence
        title = "Evidence"                     # its dock's title
        area = Area.SIDE                       # LEFT/CENTRE/RIGHT column, a dock, or NONE
        kinds = frozenset({Kind.EVIDENCE, Kind.SOURCES})  # the change kinds it shows

        def register(self, actions):           # its actions, menu entries and keys
            actions.add("evidence.add", "Add &evidence…", self.add, keys="Ctrl+Shift+E",
                        menu="Claim", group=30, do=Do.EDIT_CLAIMS)

        def build(self):                       # its widget, made when first shown
            ...

        def on_change(self, cs):               # a change set of its kinds, while shown:
            ...                                # update in place; if cs.origin.local,
                                               # the user did it: go to it
        def refresh(self):                     # shown again after changes while hidden
            ...

and connects itself in ``__init__`` to what it follows (``selection.claimChanged``,
``selection.articleOpened``, ``ops.attached``). Reads and writes go through
``self.ops``; results it changed go on ``self.bus``. Adding it to ``PANELS`` (and a
line in ``main_window.Panels`` for its type) is the only edit outside its package.
The base class delivers change sets only while the panel is shown; a hidden one is
marked stale and refreshes when shown. A status-bar item ("Reconnecting…", who else
has the article open) is a module in ``ui/status/`` added to ``status.build``.
"""
