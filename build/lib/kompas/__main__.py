import sys

from kompas.cli.main import main

sys.exit(main())
