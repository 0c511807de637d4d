"""User settings: declared once, stored as JSON where platformdirs says.

Every setting has a name, a type, a default and a help text (as datasette declares its
settings), so the file can be checked on load and a broken file never stops the app.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from annotator.core.atomic import atomic_write


@dataclass(frozen=True)
class Setting:
    name: str
    type: type
    default: Any
    help: str


SETTINGS = (
    Setting("coder", str, "", "The coder name used last: offered when a project asks who codes."),
    Setting("project_coders", dict, {}, "Whom you code as in each project, by its file."),
    Setting("recent_projects", list, [], "Projects opened lately, newest first."),
    Setting("extend_to_words", bool, False, "Grow selections to whole words before coding."),
    Setting("last_project", str, "", "The project to reopen at start."),
    Setting("view_filter", str, "all", "Whose codings to show: mine, all, or a coder's name."),
)
_BY_NAME = {s.name: s for s in SETTINGS}
MAX_RECENT = 8
MAX_PROJECT_CODERS = 50


def settings_path() -> Path:
    return Path(platformdirs.user_config_dir("annotator", appauthor=False)) / "settings.json"


class Settings:
    """Loaded settings; :meth:`set` saves at once (atomically)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or settings_path()
        self._values: dict[str, Any] = {}
        with contextlib.suppress(OSError, ValueError):
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(loaded, dict):
                self._values = {
                    k: v for k, v in loaded.items()
                    if k in _BY_NAME and isinstance(v, _BY_NAME[k].type)
                }  # fmt: skip

    def get(self, name: str) -> Any:
        setting = _BY_NAME[name]
        value = self._values.get(name, setting.default)
        if isinstance(value, (list, dict)):
            return type(value)(value)  # a copy: never the default itself
        return value

    def set(self, name: str, value: Any) -> None:
        setting = _BY_NAME[name]
        if not isinstance(value, setting.type):
            raise TypeError(f"setting {name} must be {setting.type.__name__}")
        self._values[name] = value
        self.save()

    def add_recent(self, project: Path) -> None:
        path = str(project.resolve())
        recent = [p for p in self.get("recent_projects") if p != path]
        self._values["recent_projects"] = [path, *recent][:MAX_RECENT]
        self._values["last_project"] = path
        self.save()

    def project_coder(self, project: Path) -> str:
        """Whom this user coded as in ``project`` last ("" when never opened here).

        Per project, not one name for all: a lead who looked at carol's copy as carol must not
        file their next codings in the lead's project under carol.
        """
        name = self.get("project_coders").get(str(project.resolve()), "")
        return name if isinstance(name, str) else ""

    def remember_coder(self, project: Path, name: str) -> None:
        """Remember ``name`` for ``project`` and as the name to offer next time.

        Only the latest :data:`MAX_PROJECT_CODERS` projects are kept, so the file stays small.
        """
        path = str(project.resolve())
        known = {k: v for k, v in self.get("project_coders").items() if k != path}
        known[path] = name  # newest last
        self._values["project_coders"] = dict(list(known.items())[-MAX_PROJECT_CODERS:])
        self._values["coder"] = name
        self.save()

    def save(self) -> None:
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with atomic_write(self.path) as handle:
                json.dump(self._values, handle, indent=2, ensure_ascii=False)
