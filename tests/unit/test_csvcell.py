"""Formula-injection neutralisation of CSV cells."""

from __future__ import annotations

import pytest

from fact_gui.domain.csvcell import neutralise, restore


@pytest.mark.parametrize("cell", ["=1+1", "+33 6", "-5 troops", "@SUM(A1)", "\tx", "\rx", "\nx"])
def test_dangerous_cells_are_prefixed_and_restorable(cell: str) -> None:
    assert neutralise(cell) == "'" + cell
    assert restore(neutralise(cell)) == cell


@pytest.mark.parametrize("cell", ["plain", "'quoted", "", "12,000 troops", "“quote”"])
def test_safe_cells_are_unchanged(cell: str) -> None:
    assert neutralise(cell) == cell
    assert restore(cell) == cell
