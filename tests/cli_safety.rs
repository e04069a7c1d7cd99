//! `--fix` as safe as an editor's save, and the command line's other guards (issue 20): the
//! real binary on real files in temporary folders.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const DRAFT: &str = "上一篇:在全市会议上的讲话\n一、总体要求\n正文内容，占总人口的%。\n";
const FIXED: &str = "一、总体要求\n正文内容，占总人口的%。\n";

fn lectern() -> Command {
    Command::new(env!("CARGO_BIN_EXE_lectern"))
}

fn run(args: &[&str]) -> Output {
    lectern().args(args).output().expect("run lectern")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn draft_in(dir: &Path) -> PathBuf {
    let p = dir.join("draft.txt");
    std::fs::write(&p, DRAFT).unwrap();
    p
}

/// lectern's temporary files in `dir`.
fn temps(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') && n.contains(".lectern-") && n.ends_with(".tmp"))
        .collect()
}

/// Starts `--fix` on `file` paused (debug builds) for `ms` with its temporary file written, and
/// waits until that file exists.
fn start_paused_fix(file: &Path, ms: u64) -> Child {
    let child = lectern()
        .args(["check", "--fix", file.to_str().unwrap()])
        .env("LECTERN_TEST_PAUSE_BEFORE_COMMIT", ms.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let dir = file.parent().unwrap();
    let t = Instant::now();
    while temps(dir).is_empty() {
        assert!(t.elapsed() < Duration::from_secs(60), "no temporary file appeared");
        std::thread::sleep(Duration::from_millis(20));
    }
    child
}

#[cfg(unix)]
fn mode_of(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o7777
}

#[cfg(unix)]
fn set_mode(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(unix)]
fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("probe");
    std::fs::write(&p, "").unwrap();
    std::fs::metadata(&p).unwrap().uid() == 0
}

#[cfg(unix)]
#[test]
fn fix_keeps_owner_group_and_mode() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let p = draft_in(dir.path());
    set_mode(&p, 0o600);
    // As root (the case): another user's file stays that user's.
    let other = is_root();
    if other {
        std::os::unix::fs::chown(&p, Some(4242), Some(4343)).unwrap();
    }
    let before = std::fs::metadata(&p).unwrap();
    let out = run(&["check", "--fix", p.to_str().unwrap()]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&p).unwrap(), FIXED);
    let after = std::fs::metadata(&p).unwrap();
    assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()));
    if other {
        assert_eq!((after.uid(), after.gid()), (4242, 4343));
    }
    assert_eq!(mode_of(&p), 0o600);
    assert!(temps(dir.path()).is_empty());
}

#[cfg(unix)]
#[test]
fn fix_keeps_hard_links() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let p = draft_in(dir.path());
    let other = dir.path().join("same-draft.txt");
    std::fs::hard_link(&p, &other).unwrap();
    let ino = std::fs::metadata(&p).unwrap().ino();
    let out = run(&["check", "--fix", p.to_str().unwrap()]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    // Both names still name one file, which holds the fixed text.
    assert_eq!(std::fs::read_to_string(&other).unwrap(), FIXED);
    let meta = std::fs::metadata(&p).unwrap();
    assert_eq!((meta.ino(), meta.nlink()), (ino, 2));
    assert!(temps(dir.path()).is_empty());
}

#[cfg(unix)]
#[test]
fn fix_refuses_a_read_only_file_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let p = draft_in(dir.path());
    set_mode(&p, 0o444);
    let out = run(&["check", "--fix", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("只读") && stderr(&out).contains("--force"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&p).unwrap(), DRAFT);
    let out = run(&["check", "--fix", "--locale", "en", p.to_str().unwrap()]);
    assert!(stderr(&out).contains("read-only"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&p).unwrap(), DRAFT);

    let out = run(&["check", "--fix", "--force", p.to_str().unwrap()]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&p).unwrap(), FIXED);
    assert_eq!(mode_of(&p), 0o444);
}

#[test]
fn fix_refuses_a_file_appended_to_during_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let p = draft_in(dir.path());
    let child = start_paused_fix(&p, 1500);
    // Another program adds a line while lectern holds the fixed text.
    let mut f = std::fs::OpenOptions::new().append(true).open(&p).unwrap();
    std::io::Write::write_all(&mut f, "追加的一行。\n".as_bytes()).unwrap();
    drop(f);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("读取后文件被修改过"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&p).unwrap(), format!("{DRAFT}追加的一行。\n"));
    assert!(temps(dir.path()).is_empty(), "{:?}", temps(dir.path()));
}

#[cfg(unix)]
fn signal(child: &Child, sig: &str) {
    let ok = Command::new("kill").args([sig, &child.id().to_string()]).status().unwrap();
    assert!(ok.success());
}

#[cfg(unix)]
#[test]
fn sigint_and_sigterm_remove_the_temporary_file_and_leave_the_draft() {
    for (sig, code) in [("-INT", 130), ("-TERM", 143)] {
        let dir = tempfile::tempdir().unwrap();
        let p = draft_in(dir.path());
        let child = start_paused_fix(&p, 30_000);
        signal(&child, sig);
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(code), "{sig}: {}", stderr(&out));
        assert!(temps(dir.path()).is_empty(), "{sig}: {:?}", temps(dir.path()));
        assert_eq!(std::fs::read_to_string(&p).unwrap(), DRAFT);
    }
}

#[cfg(unix)]
#[test]
fn temporary_files_of_a_killed_run_are_removed_on_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let p = draft_in(dir.path());
    let mut child = start_paused_fix(&p, 30_000);
    child.kill().unwrap(); // SIGKILL: nothing can clean up
    let _ = child.wait();
    let left = temps(dir.path());
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(left[0].starts_with(".draft.txt.lectern-"), "{left:?}");
    // Someone else's file that merely looks similar is kept.
    std::fs::write(dir.path().join(".notes.lectern-keep.tmp"), "x").unwrap();
    let out = run(&["check", "--fix", p.to_str().unwrap()]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    assert!(stderr(&out).contains("临时文件") && stderr(&out).contains(&left[0]), "{}", stderr(&out));
    assert_eq!(temps(dir.path()), vec![".notes.lectern-keep.tmp".to_string()]);
    assert_eq!(std::fs::read_to_string(&p).unwrap(), FIXED);
}

#[cfg(unix)]
#[test]
fn a_fifo_or_device_gets_a_clear_message_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.txt");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let t = Instant::now();
    let out = run(&["check", fifo.to_str().unwrap()]);
    assert!(t.elapsed() < Duration::from_secs(20));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("命名管道（FIFO）") && !stderr(&out).contains("Not a directory"), "{}", stderr(&out));
    let out = run(&["check", "--locale", "en", "/dev/null"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is a device, not a regular file"), "{}", stderr(&out));
    // Inside a folder walk: named, not opened.
    std::fs::write(dir.path().join("a.txt"), "占总人口的%。\n").unwrap();
    let out = run(&["check", "--format", "json", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("pipe.txt"), "{}", stderr(&out));
}

#[cfg(unix)]
#[test]
fn a_folder_walk_names_the_symbolic_links_it_does_not_follow() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("real.txt"), "占总人口的%。\n").unwrap();
    std::os::unix::fs::symlink(dir.path().join("real.txt"), dir.path().join("link.txt")).unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("sub/loop")).unwrap();
    let out = run(&["check", "--format", "json", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("link.txt: 符号链接") && err.contains("loop: 符号链接"), "{err}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths: Vec<&str> = v.as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert!(!paths.is_empty() && paths.iter().all(|p| p.ends_with("real.txt")), "{paths:?}");
}

#[test]
fn terminal_escape_sequences_are_shown_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("esc.txt");
    std::fs::write(&p, "\u{1b}]0;pwned\u{7}\u{1b}[2J共有个民族，占总人口的%。\u{9b}31m\n").unwrap();
    let out = run(&["check", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains('\u{1b}') && !text.contains('\u{7}') && !text.contains('\u{9b}'), "{text:?}");
    assert!(text.contains("\\u{1b}]0;pwned\\u{7}\\u{1b}[2J"), "{text}");
    // the marker is still under the finding (the slot before 个): the line is shown escaped
    // and the caret measured on what is shown
    use unicode_width::UnicodeWidthStr;
    let src = text.lines().find(|l| l.starts_with("1 | ")).unwrap();
    let caret = text.lines().skip_while(|l| !l.starts_with("1 | ")).nth(1).unwrap();
    let col = caret.find('^').unwrap();
    let at = src.char_indices().map(|(i, _)| i).find(|&i| src[..i].width() == col).unwrap();
    assert!(src[at..].starts_with("个民族"), "{src}\n{caret}");
}

#[test]
fn config_for_a_bare_file_name_uses_the_same_settings_file_as_check() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("lectern.toml"), "locale = \"en\"\n").unwrap();
    std::fs::write(dir.path().join("e.txt"), "占总人口的%。\n").unwrap();
    let out = lectern().args(["config", "e.txt"]).current_dir(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("locale = \"en\"") && s.contains("lectern.toml"), "{s}");
    let check = lectern().args(["check", "--format", "json", "e.txt"]).current_dir(dir.path()).output().unwrap();
    assert!(String::from_utf8_lossy(&check.stdout).contains("missing figure before the percent sign"));

    let out = run(&["config", "/nonexistent/e.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("/nonexistent/e.txt") && stderr(&out).contains("不存在"), "{}", stderr(&out));
}

#[test]
fn a_draft_over_max_document_size_gets_one_message_and_no_analysis() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("lectern.toml"), "max_document_size = 40\n").unwrap();
    let p = draft_in(dir.path());
    let out = run(&["check", "--format", "json", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "[]");
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("文档过大") && err.contains("max_document_size"), "{err}");
    let out = run(&["check", "--fix", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&p).unwrap(), DRAFT);
    // Standard input with --fix passes the text through unchanged.
    let mut child = lectern()
        .args(["check", "--fix", "--config", dir.path().join("lectern.toml").to_str().unwrap(), "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), DRAFT.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), DRAFT);
}

#[test]
fn infinite_target_minutes_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let p = draft_in(dir.path());
    for bad in ["inf", "nan", "-3"] {
        std::fs::write(dir.path().join("lectern.toml"), format!("target_minutes = {bad}\n")).unwrap();
        let out = run(&["check", p.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(
            stderr(&out).contains("lectern.toml:1:") && stderr(&out).contains("target_minutes"),
            "{}",
            stderr(&out)
        );
    }
}
