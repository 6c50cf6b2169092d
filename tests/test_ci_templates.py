"""The CI templates are valid YAML with the keys their servers require, and run what the README promises."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import yaml

from conftest import ROOT

GITLAB = ROOT / ".gitlab-ci.yml"
ACTIONS = {"github": ROOT / ".github" / "workflows" / "bao-cao.yml", "gitea": ROOT / ".gitea" / "workflows" / "bao-cao.yml"}
# GitLab keywords that are not jobs
GITLAB_GLOBAL = {"stages", "default", "variables", "workflow", "include", "image", "services", "cache",
                 "before_script", "after_script"}
ALLOWED_ACTIONS = ("actions/checkout@", "actions/setup-python@", "actions/upload-artifact@")


def load(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def steps_text(commands) -> str:
    return "\n".join(commands if isinstance(commands, list) else [commands])


def assert_runs_the_review(script: str, diff_from: str) -> None:
    assert "python -m macros check" in script
    assert re.search(r"mkdocs build --strict", script)
    assert "bash .ci/run" in script or "bash scripts/test.sh" in script
    assert re.search(r"python -m macros preview --base \"\$" + diff_from + r"\" --out xem-truoc", script), script
    assert re.search(r"\.ci/comment\.py \w+ xem-truoc/thay-doi\.md", script), "the comment posted is the preview's table"


def assert_shell_syntax(script: str) -> None:
    if shutil.which("bash"):
        done = subprocess.run(["bash", "-n"], input=script, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr


def test_ci_run_is_the_readme_test_command():
    assert "bash scripts/test.sh" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_gitlab_ci_has_stages_and_scripts():
    ci = load(GITLAB)
    assert isinstance(ci["stages"], list) and ci["stages"]
    jobs = {k: v for k, v in ci.items() if k not in GITLAB_GLOBAL and not k.startswith(".")}
    assert jobs
    for name, job in jobs.items():
        assert isinstance(job, dict) and job.get("script"), name
        assert job.get("stage", "test") in ci["stages"], name
        for line in job["script"]:
            assert isinstance(line, str), (name, line)
        assert_shell_syntax(steps_text(job["script"]))
    script = "\n".join(steps_text(j["script"]) for j in jobs.values())
    assert_runs_the_review(script, "BASE")
    assert "NUMBER=\"$CI_MERGE_REQUEST_IID\"" in script
    assert "$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" in script
    assert "merge_request_event" in yaml.safe_dump(ci)
    preview = next(j for j in jobs.values() if "macros preview" in steps_text(j["script"]))
    assert preview["artifacts"]["paths"] == ["xem-truoc/"] and preview["artifacts"]["expose_as"]
    assert "--link \"$CI_JOB_URL/artifacts/browse/xem-truoc/\"" in steps_text(preview["script"])


def test_github_uploads_the_preview_and_links_it():
    steps = load(ACTIONS["github"])["jobs"]["kiem-tra"]["steps"]
    names = [s.get("uses", "") + s.get("run", "") for s in steps]
    made = next(i for i, s in enumerate(names) if "macros preview" in s)
    upload = next(i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert made < upload and steps[upload]["with"]["path"] == "xem-truoc/"
    assert "--link \"$RUN_URL\"" in names[made] and "actions/runs/" in steps[made]["env"]["RUN_URL"]


def test_checks_message_is_the_last_thing_a_failed_check_prints():
    """The first thing each job runs after installing is `check` (or `preview`, which starts with it); `inbox` before
    them never ends the job (tested below), so check's message is still the last thing a refused change prints."""
    for script in [steps_text(j["script"]) for j in load(GITLAB).values() if isinstance(j, dict) and "script" in j] + \
            ["\n".join(s["run"] for s in job["steps"] if "run" in s)
             for wf in map(load, ACTIONS.values()) for job in wf["jobs"].values()]:
        first = re.search(r"python -m macros (?!inbox\b)(\w[\w-]*)", script)
        assert first and first.group(1) in ("check", "preview"), script[:300]


INBOX_REPORT = "--report build/nhap.md"   # not in xem-truoc/, which the preview step empties first


@pytest.mark.parametrize("server", sorted(ACTIONS))
def test_actions_apply_the_inbox_first_and_push_only_a_same_repository_pull_request(server):
    """On a pull request, before check, build and preview: `inbox` on the pull request's own branch, pushing to it
    only when it comes from this repository (write permission); a fork's runs without pushing and says so. Its
    report leads the comment; a refused request fails the job at the end, after the comment is posted."""
    job = load(ACTIONS[server])["jobs"]["kiem-tra"]
    steps = job["steps"]
    at = {name: next(i for i, s in enumerate(steps) if f"python -m macros {name}" in s.get("run", ""))
          for name in ("check", "preview")}
    inbox = [i for i, s in enumerate(steps) if "python -m macros inbox" in s.get("run", "")]
    assert len(inbox) == 2 and max(inbox) < min(at.values())
    push, fork = (steps[i] for i in sorted(inbox, key=lambda i: "--no-push" in steps[i]["run"]))
    same_repo = f"{server}.event.pull_request.head.repo.full_name == {server}.repository"
    assert push["if"] == f"{server}.event_name == 'pull_request' && {same_repo}"
    assert fork["if"] == push["if"].replace("==", "!=").replace("event_name != 'pull_request'",
                                                                 "event_name == 'pull_request'")
    assert f'{INBOX_REPORT} --push "$BRANCH"' in push["run"] and push["env"]["BRANCH"] == (
        f"${{{{ {server}.head_ref }}}}")
    assert fork["run"].endswith(f"{INBOX_REPORT} --no-push fork")
    assert push["continue-on-error"] is True and fork["continue-on-error"] is True   # check and preview still run
    assert job["permissions"]["contents"] == "write"
    assert "--lead build/nhap.md" in steps[at["preview"]]["run"]
    # the comment is about the branch's head after the push (comment.py posts only while it is the head)
    assert 'echo "sha=$(git rev-parse HEAD)" >> "$GITHUB_OUTPUT"' in push["run"]
    post = next(s for s in steps if "comment.py" in s.get("run", ""))
    assert post["env"]["HEAD_SHA"] == f"${{{{ steps.{push['id']}.outputs.sha || {server}.event.pull_request.head.sha }}}}"
    failing = [s for s in steps if f"steps.{push['id']}.outcome == 'failure'" in str(s.get("if"))]
    assert len(failing) == 1 and f"steps.{fork['id']}.outcome == 'failure'" in failing[0]["if"]
    assert "exit 1" in failing[0]["run"] and steps.index(failing[0]) > at["preview"]
    if server == "github":   # the branch itself, not the merge commit: the push goes on top of it
        checkout = steps[0]
        assert checkout["uses"].startswith("actions/checkout@")
        assert checkout["with"]["ref"] == f"${{{{ {same_repo} && github.head_ref || '' }}}}"
    else:                    # the pull request's head (refs/pull/N/head), with the token kept for the push
        assert 'git config http.extraHeader "Authorization: token $TOKEN"' in steps[0]["run"]


def test_gitlab_applies_the_inbox_before_the_preview_and_says_when_it_cannot_push():
    script = steps_text(load(GITLAB)["xem-truoc"]["script"])
    assert script.index("python -m macros inbox") < script.index("python -m macros preview")
    assert f'macros inbox {INBOX_REPORT} "$WHERE" || NHAP=1' in script       # a refusal does not stop the preview
    assert 'WHERE="--push=$CI_MERGE_REQUEST_SOURCE_BRANCH_NAME"' in script
    assert re.search(r'"\$CI_MERGE_REQUEST_SOURCE_PROJECT_ID" != "\$CI_PROJECT_ID" \]; then WHERE="--no-push=fork"',
                     script)
    assert re.search(r'-z "\$\{BAOCAO_PUSH_TOKEN:-\}" \]; then WHERE="--no-push=token"', script)
    assert "oauth2:$BAOCAO_PUSH_TOKEN@" in script and "--lead build/nhap.md" in script
    refused = next(line for line in script.splitlines() if line.startswith('if [ -n "${NHAP:-}" ]'))
    assert refused.endswith("exit 1; fi") and script.index(refused) > script.index(".ci/comment.py")   # after the comment
    assert 'HEAD_SHA="${PUSHED:-' in script   # the comment is about the commit pushed, when there is one
    assert "BAOCAO_PUSH_TOKEN" in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("server", sorted(ACTIONS))
def test_actions_workflow_has_on_jobs_runs_on_steps(server):
    wf = load(ACTIONS[server])
    on = wf.get("on", wf.get(True))          # YAML 1.1 reads a bare `on` as true
    assert on is not None and "pull_request" in on
    assert wf["jobs"]
    script = []
    for name, job in wf["jobs"].items():
        assert job.get("runs-on"), name
        assert isinstance(job.get("steps"), list) and job["steps"], name
        for step in job["steps"]:
            assert ("run" in step) != ("uses" in step), step
            if "uses" in step:
                assert step["uses"].startswith(ALLOWED_ACTIONS), step["uses"]
            else:
                assert_shell_syntax(step["run"])
                script.append(step["run"])
    text = "\n".join(script)
    assert_runs_the_review(text, "BASE")


def test_gitea_workflow_downloads_no_action():
    wf = load(ACTIONS["gitea"])
    assert not [s for job in wf["jobs"].values() for s in job["steps"] if "uses" in s]
    script = "\n".join(s["run"] for job in wf["jobs"].values() for s in job["steps"])
    assert "/issues/comments/$ID/assets" in script and "attachment=@$FILE" in script   # the files ride on the comment


# --------------------------------------------------------------------------- the comment, when things go wrong
# A web-only editor sees the pull request's comment and the CI's mark; these run each template's own preview script
# with stand-ins for the programs it calls (apt-get, git, curl, the project's Python, .ci/comment.py), so what is
# tested is the shell the server runs: with `bash -eo pipefail`, as GitLab, GitHub and Gitea run a script.

STUB = r"""#!/usr/bin/env bash
echo "$(basename "$0") $*" >> "$CALLS"
case "$(basename "$0") $*" in
  "python -m macros preview"*)
    mkdir -p xem-truoc && echo "**Tóm tắt** bảng" > xem-truoc/thay-doi.md
    [ "$PREVIEW_EXIT" = 0 ] && : > xem-truoc/bao-cao-2023.pdf
    exit "$PREVIEW_EXIT" ;;
  "python3 .ci/comment.py"*) echo 42 ;;
  "python3 -m venv"* | "pip "* | "apt-get "*) exit "${INSTALL_EXIT:-0}" ;;
  "python -c"* | "python3 -c"*) shift; exec "$REAL_PYTHON" -c "$@" ;;
  "git merge-base"*) echo 0123456789abcdef ;;
  "curl "*) for a in "$@"; do case "$a" in attachment=@*) [ -f "${a#attachment=@}" ] || exit 26 ;; esac; done ;;
esac
exit 0
"""


def run_with_stubs(script: str, tmp_path, preview_exit: int, env: dict) -> tuple[int, list[str]]:
    """(exit status, the commands called) of a template's script, in an empty folder, preview exiting with
    preview_exit after writing the table."""
    import os
    import sys
    bin_dir, venv = tmp_path / "bin", tmp_path / ".venv" / "bin"
    for folder, names in ((bin_dir, ("apt-get", "git", "curl", "python3")), (venv, ("python", "pip"))):
        folder.mkdir(parents=True, exist_ok=True)
        for name in names:
            (folder / name).write_text(STUB, encoding="utf-8")
            (folder / name).chmod(0o755)
    calls = tmp_path / "calls"
    calls.write_text("", encoding="utf-8")
    done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=tmp_path,
                          capture_output=True, text=True, timeout=30,
                          env={"PATH": f"{bin_dir}:{os.environ['PATH']}", "CALLS": str(calls),
                               "REAL_PYTHON": sys.executable, "PREVIEW_EXIT": str(preview_exit), **env})
    return done.returncode, calls.read_text(encoding="utf-8").splitlines()


def posted(calls: list[str], server: str) -> bool:
    return any(c.startswith(f"python3 .ci/comment.py {server} xem-truoc/thay-doi.md") for c in calls)


GITLAB_ENV = {"BAOCAO_API_TOKEN": "t", "CI_API_V4_URL": "https://git.example.invalid/api/v4", "CI_JOB_URL": "u",
              "CI_MERGE_REQUEST_PROJECT_ID": "7", "CI_MERGE_REQUEST_IID": "5", "CI_COMMIT_SHA": "1" * 40,
              "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main", "CI_PROJECT_ID": "8"}
GITEA_ENV = {"TOKEN": "t", "API": "https://git.example.invalid/api/v1/repos/a/b", "NUMBER": "5", "TARGET": "main",
             "REPO": "a/b", "SERVER": "https://git.example.invalid", "HEAD_SHA": "1" * 40, "FORK": "false",
             "RUN_URL": "u"}


@pytest.mark.parametrize("preview_exit", [0, 1, 2])
def test_gitlab_posts_the_comment_even_when_the_preview_fails(tmp_path, preview_exit):
    job = next(j for j in load(GITLAB).values() if isinstance(j, dict) and "macros preview" in steps_text(j.get("script", "")))
    status, calls = run_with_stubs(steps_text(job["script"]), tmp_path, preview_exit, GITLAB_ENV)
    assert posted(calls, "gitlab"), calls
    assert status == preview_exit, "the job fails when the preview does (the mark), after posting"
    assert job.get("interruptible") is True, "a newer push cancels this job (project setting: auto-cancel)"
    assert "$CI_MERGE_REQUEST_PROJECT_ID" in steps_text(job["script"]), "the merge request's project, not a fork's"
    status, calls = run_with_stubs(steps_text(job["script"]), tmp_path, preview_exit,
                                   {k: v for k, v in GITLAB_ENV.items() if k != "BAOCAO_API_TOKEN"})
    assert not posted(calls, "gitlab") and status == preview_exit


def gitea_preview_step():
    return next(s for s in load(ACTIONS["gitea"])["jobs"]["kiem-tra"]["steps"] if "macros preview" in s.get("run", ""))


@pytest.mark.parametrize("preview_exit", [0, 1, 2])
def test_gitea_posts_the_comment_even_when_the_preview_fails(tmp_path, preview_exit):
    status, calls = run_with_stubs(gitea_preview_step()["run"], tmp_path, preview_exit, GITEA_ENV)
    assert posted(calls, "gitea"), calls
    assert status == preview_exit
    attached = [c for c in calls if c.startswith("curl ") and "/assets" in c]
    assert len(attached) == (1 if preview_exit == 0 else 0), "only files that exist are attached"


def test_gitea_does_not_post_from_a_fork(tmp_path):
    step = gitea_preview_step()
    assert "head.repo.full_name" in step["env"]["FORK"] and "gitea.repository" in step["env"]["FORK"]
    status, calls = run_with_stubs(step["run"], tmp_path, 0, {**GITEA_ENV, "FORK": "true"})
    assert status == 0 and not posted(calls, "gitea"), "a fork's read-only token cannot post: the job stays green"


def test_github_uploads_and_comments_even_when_the_preview_fails():
    wf = load(ACTIONS["github"])
    steps = wf["jobs"]["kiem-tra"]["steps"]
    preview = next(s for s in steps if "macros preview" in s.get("run", ""))
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    post = next(s for s in steps if "comment.py" in s.get("run", ""))
    for step in (preview, upload, post):
        assert "!cancelled()" in step["if"] and "always()" not in step["if"], step.get("name")
    assert "head.repo.full_name == github.repository" in post["if"], "no comment from a fork (read-only token)"
    assert post["run"].split() == ["python3", ".ci/comment.py", "github", "xem-truoc/thay-doi.md"]
    assert post["env"]["HEAD_SHA"] == "${{ steps.nhap.outputs.sha || github.event.pull_request.head.sha }}"
    assert "pull_request.number" in wf["concurrency"]["group"] and wf["concurrency"]["cancel-in-progress"]


@pytest.mark.parametrize("server", ["github", "gitea", "gitlab"])
def test_every_template_posts_through_the_one_script(server):
    text = (GITLAB if server == "gitlab" else ACTIONS[server]).read_text(encoding="utf-8")
    assert f".ci/comment.py {server} xem-truoc/thay-doi.md" in text
    assert not re.search(r"curl[^\n]*-X POST[^\n]*\\?\n?[^\n]*(comments|notes)\"", text), "a second comment per push"


def preview_script(server: str) -> str:
    if server == "gitlab":
        job = next(j for j in load(GITLAB).values() if isinstance(j, dict)
                   and "macros preview" in steps_text(j.get("script", "")))
        return steps_text(job["script"])
    return next(s["run"] for s in load(ACTIONS[server])["jobs"]["kiem-tra"]["steps"]
                if "macros preview" in s.get("run", ""))


@pytest.mark.parametrize("server", ["github", "gitea", "gitlab"])
@pytest.mark.parametrize("install_exit", [0, 100])
def test_files_a_pull_request_commits_under_xem_truoc_are_never_shipped_as_the_preview(server, install_exit, tmp_path):
    """A pull request that commits xem-truoc/bao-cao-2024.pdf (by mistake, or to pass a made-up print off as the
    build's) when the real preview stops before its PDFs, or the job before the preview (installing): the folder is
    emptied first, so that file is not uploaded or attached as if the build had made it."""
    (tmp_path / "xem-truoc").mkdir()
    (tmp_path / "xem-truoc" / "bao-cao-2024.pdf").write_bytes(b"%PDF- made up")
    env = {"github": {"TARGET": "main", "RUN_URL": "u"}, "gitea": GITEA_ENV, "gitlab": GITLAB_ENV}[server]
    status, calls = run_with_stubs(preview_script(server), tmp_path, 2, {**env, "INSTALL_EXIT": str(install_exit)})
    assert status != 0 and not (tmp_path / "xem-truoc" / "bao-cao-2024.pdf").exists(), calls
