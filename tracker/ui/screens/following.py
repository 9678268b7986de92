"""What screens that follow the app's time and the store's head share."""

from __future__ import annotations

from textual.screen import Screen


class FollowingScreen(Screen[None]):
    """Reloads when the as-of date, known-on instant or store head moves; later, if it is not on top."""

    _dirty = False

    def reload(self) -> None:
        raise NotImplementedError

    def _time_moved(self, _value: object = None) -> None:
        if self.is_current:
            self.reload()
        else:
            self._dirty = True  # hidden under another screen: reload when it comes back

    def on_screen_resume(self) -> None:
        if self._dirty:
            self._dirty = False
            self.reload()
