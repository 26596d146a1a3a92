"""smplanner: plan the social-media side of taking a small firm international, offline."""

import zoneinfo

__version__ = "0.1.0"
APP_NAME = "smplanner"
APP_ID = "org.smplanner.SMPlanner"
ORGANISATION = "smplanner"

# Every machine must compute the same instants: use the IANA database shipped in the tzdata package,
# never whatever copy the operating system happens to have.
zoneinfo.reset_tzpath(to=())
