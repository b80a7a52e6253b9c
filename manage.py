#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    # Production unless told otherwise: the demo and test settings carry public keys.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.prod")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
