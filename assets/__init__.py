"""Assets: icons and data files shipped with Maquette (no code that needs a screen).

The embedded default district is *generated* by ``city.district`` at start-up
(about 0.25 s), so no district file is stored here.
"""

from __future__ import annotations

from pathlib import Path

ASSETS_DIR = Path(__file__).resolve().parent
APP_ICON = ASSETS_DIR / "icons" / "maquette.svg"
