"""Screens of the dashboard: overview, proposal, event, and the input and help modals."""
