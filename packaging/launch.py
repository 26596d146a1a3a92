"""The frozen application's entry script: the same main() as the `smplanner` console script."""

import sys

from smplanner.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
