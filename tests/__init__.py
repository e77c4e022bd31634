"""fact_gui test suite."""
