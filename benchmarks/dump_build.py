"""A strict build of a throwaway project copy with benchmarks/dump_hook.py added as a hook from Python, not in its
mkdocs.yml (whose `hooks:` the project's config policy holds to the one allowed file): every page's Markdown after
the macros ran, for the plain twin. Usage: python benchmarks/dump_build.py PROJECT SITE_DIR (dump folder: the
BAOCAO_BENCH_DUMP_DIR environment variable)."""
from __future__ import annotations

import sys
from pathlib import Path


def main(project: str, site_dir: str) -> int:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import dump_hook
    config = load_config(config_file=str(Path(project) / "mkdocs.yml"), site_dir=site_dir, strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    config.plugins["bench-dump"] = dump_hook    # registered after every plugin and the project's own hooks
    build(config)
    config.plugins.on_shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
