import sys

try:
    from .commands.cli import main
    sys.exit(main())
except KeyboardInterrupt:   # Ctrl+C while Python still loads the command (main() says this itself once it runs it)
    print("Đã dừng. / Interrupted.", file=sys.stderr)
    sys.exit(130)
