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
    assert "< xem-truoc/thay-doi.md" in script, "the comment posted is the preview's change table"
    assert "curl" in script


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
    assert "merge_requests/$CI_MERGE_REQUEST_IID/notes" in script
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


INBOX_REPORT = "--report xem-truoc/nhap.md"


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
    assert push["run"].endswith(f'{INBOX_REPORT} --push "$BRANCH"') and push["env"]["BRANCH"] == (
        f"${{{{ {server}.head_ref }}}}")
    assert fork["run"].endswith(f"{INBOX_REPORT} --no-push fork")
    assert push["continue-on-error"] is True and fork["continue-on-error"] is True   # check and preview still run
    assert job["permissions"]["contents"] == "write"
    assert "--lead xem-truoc/nhap.md" in steps[at["preview"]]["run"]
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
    assert "oauth2:$BAOCAO_PUSH_TOKEN@" in script and "--lead xem-truoc/nhap.md" in script
    assert script.rstrip().endswith("exit 1; fi") and 'if [ -n "${NHAP:-}" ]' in script.splitlines()[-1]
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
    assert "/issues/" in ACTIONS[server].read_text(encoding="utf-8") and "/comments" in ACTIONS[server].read_text(encoding="utf-8")


def test_gitea_workflow_downloads_no_action():
    wf = load(ACTIONS["gitea"])
    assert not [s for job in wf["jobs"].values() for s in job["steps"] if "uses" in s]
    script = "\n".join(s["run"] for job in wf["jobs"].values() for s in job["steps"])
    assert "/issues/comments/$ID/assets" in script and "attachment=@$FILE" in script   # the files ride on the comment
