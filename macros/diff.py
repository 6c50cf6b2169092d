"""Not built yet: see the open issue. (Placeholder so the command line lists the command.)"""


def add_arguments(parser) -> None:
    pass


def run(args) -> int:
    raise SystemExit("Lệnh này chưa được xây dựng / this command is not built yet")
