"""What `mkdocs serve` keeps between rebuilds is keyed by the years each page's macros read (site/incremental.py):
every way of reading Dataset.years is recorded — a lookup, a test, a listing — and nothing is recorded outside a
page's rendering. The served pages themselves are compared with a full rebuild in tests/test_serve_incremental.py."""
from __future__ import annotations

from macros.site.incremental import YearsRead


def test_every_way_of_reading_the_years_is_recorded():
    years = YearsRead({2022: "a", 2023: "b"})
    assert years[2023] == "b" and years.read is None   # not recording: nothing kept
    for read, expected in ((lambda y: y[2022], {2022}), (lambda y: y.get(2023), {2023}), (lambda y: 2021 in y, {2021}),
                           (lambda y: list(y), {2022, 2023}), (lambda y: max(y), {2022, 2023}),
                           (lambda y: dict(y.items()), {2022, 2023}), (lambda y: len(y), {2022, 2023})):
        years.read = set()
        read(years)
        assert years.read == expected, (read, years.read)


def test_the_themes_file_list_is_kept_until_the_projects_theme_folder_changes(tmp_path):
    """MkDocs lists the theme's files at every build to copy the static ones; serve keeps that list between
    rebuilds, and a file added to the project's overrides/ (or one removed) is in the next list."""
    import jinja2

    from macros.site.incremental import Incremental
    from macros.site.preview import keep_theme_files
    project, installed = tmp_path / "project", tmp_path / "installed-theme"
    (project / "overrides").mkdir(parents=True)
    (installed / "assets").mkdir(parents=True)
    (installed / "assets" / "theme.css").write_text("a {}")
    walked = []

    class Loader(jinja2.FileSystemLoader):
        def list_templates(self):
            walked.append(1)
            return super().list_templates()

    class Theme:
        dirs, static_templates = [str(project / "overrides"), str(installed)], ["404.html"]

        def get_env(self):
            return jinja2.Environment(loader=Loader(self.dirs))

    theme, serve = Theme(), Incremental()
    keep_theme_files(theme, project, serve.keep)
    static = lambda name: not name.endswith(".html")   # noqa: E731  (as MkDocs' filter: templates are not copied)
    assert theme.get_env().list_templates(filter_func=static) == ["assets/theme.css"]
    assert theme.get_env().list_templates(filter_func=static) == ["assets/theme.css"] and len(walked) == 1
    (project / "overrides" / "assets").mkdir()
    (project / "overrides" / "assets" / "extra.css").write_text("b {}")
    (project / "overrides" / "main.html").write_text("{{ x }}")
    assert theme.get_env().list_templates(filter_func=static) == ["assets/extra.css", "assets/theme.css"]
    (project / "overrides" / "assets" / "extra.css").unlink()
    assert theme.get_env().list_templates(filter_func=static) == ["assets/theme.css"] and len(walked) == 3


def test_the_built_folder_listed_again_only_where_it_changed_is_what_os_walk_lists(tmp_path):
    """mkdocs serve lists the built folder for the safety check with each folder's listing kept under its time
    (Incremental.walk): after files and folders are added, removed and renamed, the same as os.walk."""
    import os

    from macros.site.incremental import Incremental

    def listed(walk):
        return sorted((os.path.relpath(folder, tmp_path), sorted(dirs), sorted(names)) for folder, dirs, names
                      in walk(str(tmp_path)))
    (tmp_path / "2023" / "a").mkdir(parents=True)
    (tmp_path / "2023" / "a" / "index.html").write_text("a")
    (tmp_path / "sitemap.xml").write_text("s")
    serve = Incremental()
    assert listed(serve.walk) == listed(os.walk)
    (tmp_path / "2023" / "a" / "extra.svg").write_text("x")          # a file added deep down
    (tmp_path / "2023" / "b").mkdir()                                  # a folder added
    (tmp_path / "2023" / "b" / "index.html").write_text("b")
    (tmp_path / "sitemap.xml").rename(tmp_path / "sitemap2.xml")       # a file renamed
    assert listed(serve.walk) == listed(os.walk)
    (tmp_path / "2023" / "a" / "extra.svg").unlink()                   # a file removed
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "2023" / "link").symlink_to(tmp_path / "elsewhere")    # a link to a folder: listed, not entered
    (tmp_path / "elsewhere" / "inside.js").write_text("j")
    assert listed(serve.walk) == listed(os.walk)
