//! Issue 20: which `lectern.toml` applies to `lectern check`. The search stops at the
//! repository root (a folder holding `.git`) or the user's home, never above; a settings file
//! that is not a regular file is reported and ignored, never read; deletions by a
//! user-configured boilerplate pattern are never applied by plain `--fix`.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const DRAFT: &str = "同志们：\n今天召开会议。\n人口占总人口的%。\n";

/// Runs `lectern` with `args` in `cwd`, HOME set to `home`; the generous deadline only
/// detects a hang.
fn lectern(cwd: &Path, home: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lectern"))
        .args(args)
        .current_dir(cwd)
        .env("HOME", home)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run lectern");
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().expect("try_wait").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("lectern {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.wait_with_output().expect("output")
}

fn messages(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// A temporary folder holding a git repository `repo/` (with `.git`), and a `home/`.
fn layout() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    std::fs::create_dir_all(repo.join("drafts")).unwrap();
    std::fs::write(repo.join("drafts/draft.txt"), DRAFT).unwrap();
    let home = dir.path().join("home");
    std::fs::create_dir(&home).unwrap();
    (dir, repo, home)
}

#[test]
fn issue_20_a_lectern_toml_above_the_repository_root_does_not_apply() {
    let (dir, repo, home) = layout();
    std::fs::write(dir.path().join("lectern.toml"), "locale = \"en\"\n").unwrap();
    let out = lectern(&repo, &home, &["check", "drafts/draft.txt"]);
    assert!(!messages(&out).contains("percent sign"), "{}", messages(&out));
    assert_eq!(out.status.code(), Some(1));
    // the repository's own file applies
    std::fs::write(repo.join("lectern.toml"), "locale = \"en\"\n").unwrap();
    let out = lectern(&repo, &home, &["check", "drafts/draft.txt"]);
    assert!(messages(&out).contains("percent sign"), "{}", messages(&out));
}

#[test]
fn issue_20_a_match_everything_pattern_deletes_nothing_with_plain_fix() {
    let (dir, repo, home) = layout();
    let toml = "[[boilerplate.patterns]]\nregex = \".+\"\n";
    // planted above the repository: not even found
    std::fs::write(dir.path().join("lectern.toml"), toml).unwrap();
    let draft = repo.join("drafts/draft.txt");
    lectern(&repo, &home, &["check", "--fix", "drafts/draft.txt"]);
    assert_eq!(std::fs::read_to_string(&draft).unwrap(), DRAFT);
    // in the repository itself: found, flagged, and still nothing deleted by --fix
    std::fs::write(repo.join("lectern.toml"), toml).unwrap();
    let out = lectern(&repo, &home, &["check", "drafts/draft.txt"]);
    assert!(messages(&out).contains("LEC308"), "{}", messages(&out));
    lectern(&repo, &home, &["check", "--fix", "drafts/draft.txt"]);
    assert_eq!(std::fs::read_to_string(&draft).unwrap(), DRAFT);
    // asked for explicitly, the unsafe deletions apply
    lectern(&repo, &home, &["check", "--fix", "--unsafe-fixes", "drafts/draft.txt"]);
    assert_ne!(std::fs::read_to_string(&draft).unwrap(), DRAFT);
}

#[cfg(unix)]
#[test]
fn issue_20_a_lectern_toml_that_is_not_a_regular_file_is_reported_not_read() {
    for target in ["/dev/zero", "/dev/stdin", "fifo"] {
        let (_dir, repo, home) = layout();
        let toml = repo.join("lectern.toml");
        if target == "fifo" {
            assert!(Command::new("mkfifo").arg(&toml).status().expect("mkfifo").success());
        } else {
            std::os::unix::fs::symlink(target, &toml).unwrap();
        }
        let out = lectern(&repo, &home, &["check", "drafts/draft.txt"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("lectern.toml") && err.contains("not a regular file"), "{target}: {err}");
        assert_eq!(out.status.code(), Some(1), "{target}: findings with the defaults; {err}");
    }
}
