"""Review panel: the review mode, verdicts on claims, the article's moves through review."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from fact_gui.domain.text import quoted
from fact_gui.domain.workflow import Do, Mode, Review, why_not
from fact_gui.ui.actions import Actions
from fact_gui.ui.alerts import Alerts
from fact_gui.ui.panel import Panel, Shell

if TYPE_CHECKING:
    from fact_gui.services.changes import ChangeSet
    from fact_gui.services.context import Desk


class ReviewPanel(Panel):
    """No widget of its own: the review toolbar and the Review and Article menu entries.

    A verdict moves the reviewer on to the next claim still waiting at once; the
    commit follows on the worker (a refusal is reported, and nothing was changed).
    """

    name = "review"

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self.actions["review.mode"].toggled.connect(self._mode_toggled)
        self.actions["review.self_review"].toggled.connect(self._self_review_toggled)

    def register(self, actions: Actions) -> None:
        actions.add("review.mode", "&Review mode", keys="Ctrl+Shift+R",
                    tip="Switch between annotating and reviewing", menu="Review", group=10,
                    toolbar="main", toolbar_group=40, checkable=True)  # fmt: skip
        actions.add("review.accept", "&Accept claim", self.accept, keys="A",
                    tip="Accept the claim and go to the next one", icon_text="✓ Accept [A]",
                    menu="Review", group=20, toolbar="review", do=Do.ACCEPT)  # fmt: skip
        actions.add("review.query", "&Query claim…", self.query, keys="Q",
                    tip="Ask the analyst about this claim", icon_text="? Query [Q]",
                    menu="Review", group=20, toolbar="review", do=Do.QUERY)  # fmt: skip
        actions.add("review.return", "&Return to analyst…", self.return_article,
                    tip="Send the article back with comments", icon_text="Return…",
                    menu="Review", group=30, toolbar="review", do=Do.RETURN)  # fmt: skip
        actions.add("review.sign_off", "&Sign off…", self.sign_off, keys="Ctrl+Shift+S",
                    tip="Approve every claim and lock it", icon_text="Sign off…",
                    menu="Review", group=30, toolbar="review", do=Do.SIGN_OFF)  # fmt: skip
        actions.add("review.self_review", "Allow &self-review (one-person desk)", menu="Review",
                    group=40, checkable=True, checked=self.settings.allow_self_review)  # fmt: skip
        actions.add("article.submit", "Su&bmit for review", self.submit, keys="Ctrl+Return",
                    tip="Hand the article to a reviewer", menu="Article", group=20,
                    do=Do.SUBMIT)  # fmt: skip
        actions.add("article.reply", "Rep&ly to query…", self.reply, keys="Ctrl+Shift+Y",
                    tip="Answer the reviewer's query on this claim", menu="Article", group=20,
                    do=Do.REPLY)  # fmt: skip
        actions.add("article.reopen", "Re&open…", self.reopen,
                    tip="Unlock a signed-off article (needs a reason)", menu="Article",
                    group=20, do=Do.REOPEN)  # fmt: skip

    # -- mode ------------------------------------------------------------------------
    def _mode_toggled(self, on: bool) -> None:
        self.selection.set_mode(Mode.REVIEW if on else Mode.ANNOTATE)
        bar = self.actions.toolbars.get("review")
        if bar is not None:
            bar.setVisible(on)
        self.shell.message(
            "Review mode: N/P walk the claims, A accepts, Q queries." if on else "Annotation mode.",
            6000,
        )

    def _self_review_toggled(self, on: bool) -> None:
        self.settings.allow_self_review = on
        self.settings.sync()

    # -- verdicts ------------------------------------------------------------------------
    def _save(self, work: Callable[[Desk], ChangeSet], label: str) -> None:
        self.ops.write(work, label).success(self.bus.publish).run()

    def accept(self) -> None:
        from fact_gui.services import review

        claim = self.selection.claim
        if claim is None or claim.id < 0:
            self.shell.message("Select a claim to accept (N / P walk them).")
            return
        cid = claim.id
        self._save(lambda desk: review.accept(desk, cid), f"Accepting {quoted(claim.quote)}")
        self._next_pending(cid)

    def query(self) -> None:
        from fact_gui.services import review
        from fact_gui.ui.review.prompts import Prompts

        claim = self.selection.claim
        if claim is None or claim.id < 0:
            self.shell.message("Select a claim to query (N / P walk them).")
            return
        text = Prompts.ask_text(self.shell.window, "Query claim", f"What should the analyst check "
                                f"about\n{quoted(claim.quote)}?", True)  # fmt: skip
        if text:
            cid = claim.id
            self._save(lambda desk: review.query(desk, cid, text), "Sending the query")
            self._next_pending(cid)

    def _next_pending(self, after_id: int) -> None:
        """After a verdict, go to the next claim still waiting for one."""
        claims = self.selection.article.claims
        rows = claims.rows()
        at = claims.row_of(after_id) or 0
        for c in rows[at + 1 :] + rows[:at]:
            if c.review == Review.PENDING.value:
                self.selection.set_claim(c)
                return
        self.shell.message("Every claim has a verdict: sign off or return it.", 6000)

    # -- the article's moves --------------------------------------------------------------
    def _move(
        self, title: str, question: str, move: Callable[[Desk, int, str], ChangeSet], label: str
    ) -> None:
        """Ask why (it cannot be empty), then move the open article through the workflow."""
        from fact_gui.ui.review.prompts import Prompts

        article_id = self.selection.article_id
        if article_id is None:
            return
        text = Prompts.ask_text(self.shell.window, title, question, True)
        if text:
            self._save(lambda d: move(d, article_id, text), label)

    def return_article(self) -> None:
        from fact_gui.services import review

        self._move("Return to the analyst", "What needs doing before sign-off?",
                   review.return_article, "Returning it")  # fmt: skip

    def sign_off(self) -> None:
        from fact_gui.services import signoffs
        from fact_gui.ui.review.prompts import Prompts

        s, doc = self.actions.situation(), self.selection.article
        if s is None or doc.id is None:
            return
        waiting = sum(c.review != Review.ACCEPTED.value for c in doc.claims.rows())
        reason = why_not(Do.SIGN_OFF, replace(s, unaccepted=waiting))
        if reason:  # said before asking for a comment (the service refuses it anyway)
            Alerts.show(self.shell.window, "Cannot sign off yet", reason)
            return
        text = Prompts.ask_text(self.shell.window, "Sign off", "Comment for the record (optional):",
                                False)  # fmt: skip
        if text is not None:
            article_id, allow = doc.id, self.settings.allow_self_review
            self._save(lambda d: signoffs.sign_off(d, article_id, text, allow), "Signing off")

    def submit(self) -> None:
        from fact_gui.services import review

        article_id = self.selection.article_id
        if article_id is not None:
            self._save(lambda d: review.submit(d, article_id), "Submitting")

    def reopen(self) -> None:
        from fact_gui.services import review

        self._move("Reopen", "Why reopen this signed-off article?", review.reopen, "Reopening")

    def reply(self) -> None:
        from fact_gui.services import review
        from fact_gui.ui.review.prompts import Prompts

        claim = self.selection.claim
        if claim is None:
            return
        text = Prompts.ask_text(
            self.shell.window, "Reply", f"Your answer about {quoted(claim.quote)}:", True
        )
        if text:
            cid = claim.id
            self._save(lambda d: review.reply(d, cid, text), "Sending the reply")
