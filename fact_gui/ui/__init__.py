"""The Qt user interface: a thin shell over the services."""
