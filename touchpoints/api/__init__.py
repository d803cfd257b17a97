"""The map's part of the public API: org units, touch points, channels, workshops.

`router` is added to convergence.api.core.api under `/w/{slug}/` in TouchpointsConfig.ready.
"""

from ninja import Router

from touchpoints.api import channels, touchpoints, units, workshops

router = Router()
router.add_router("units/", units.router, tags=["Org units"])
router.add_router("touchpoints/", touchpoints.router, tags=["Touch points"])
router.add_router("channels/", channels.router, tags=["Channels"])
router.add_router("workshops/", workshops.router, tags=["Workshops"])
