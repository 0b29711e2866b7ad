import sys

from kompas.cli import main

sys.exit(main())
