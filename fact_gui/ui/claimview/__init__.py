"""The claim view: article text with every claim drawn as itself, painted from what is on screen."""

from fact_gui.ui.claimview.view import ClaimView

__all__ = ["ClaimView"]
