"""Widgets of the dashboard: the matrix, the swimlane, the timeline, the time header and the panels."""
