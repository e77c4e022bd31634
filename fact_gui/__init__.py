"""fact_gui: a desktop app for fact-checkers to highlight, tag, review and export claims."""

# Defined once; packaging and the UI import these.
__version__ = "0.1.0"
APP_ID = "org.factgui.FactGui"
APP_NAME = "fact_gui"
DISPLAY_NAME = "Fact GUI"
