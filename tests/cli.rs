//! The command line, run as a user runs it: the real binary on real files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn lectern() -> Command {
    Command::new(env!("CARGO_BIN_EXE_lectern"))
}

fn run(args: &[&str]) -> Output {
    lectern().args(args).output().expect("run lectern")
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/scraped-speech.txt")
}

fn json_of(out: &Output) -> Vec<Value> {
    let v: Value = serde_json::from_slice(&out.stdout).expect("stdout is one JSON value");
    v.as_array().expect("a JSON array").clone()
}

/// The text a finding's 1-based, char-counted, end-exclusive span covers (single-line spans).
fn covered(text: &str, f: &Value) -> String {
    let line = f["line"].as_u64().unwrap() as usize;
    let (c, ec) = (f["column"].as_u64().unwrap() as usize, f["end_column"].as_u64().unwrap() as usize);
    let row = text.split('\n').nth(line - 1).unwrap_or("");
    row.chars().skip(c - 1).take(ec.saturating_sub(c)).collect()
}

#[test]
fn json_reports_all_three_categories_on_the_example_with_exact_spans() {
    let out = run(&["check", "--format", "json", example().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let findings = json_of(&out);
    let text = std::fs::read_to_string(example()).unwrap();
    for cat in ["blank", "numbering", "boilerplate"] {
        assert!(findings.iter().any(|f| f["category"] == cat), "no {cat} finding");
    }
    for f in &findings {
        for key in
            ["path", "line", "column", "end_line", "end_column", "code", "category", "severity", "message", "fix"]
        {
            assert!(f.get(key).is_some(), "missing {key} in {f}");
        }
    }
    // every `*%` placeholder is reported, and its span covers exactly the placeholder
    let stars = text.lines().map(|l| l.matches("*%").count()).sum::<usize>();
    let star_hits = findings.iter().filter(|f| f["category"] == "blank" && covered(&text, f).starts_with('*')).count();
    assert!(star_hits >= stars, "{star_hits} < {stars}");
    // boilerplate on lines 13, 72 and 73
    for line in [13, 72, 73] {
        assert!(
            findings.iter().any(|f| f["category"] == "boilerplate" && f["line"] == line),
            "no boilerplate on line {line}"
        );
    }
    // the skipped 二、: 三、 on line 66
    let skip = findings.iter().find(|f| f["category"] == "numbering" && f["line"] == 66).expect("三、 reported");
    assert!(covered(&text, skip).contains('三'), "{skip}");
    // sorted by position
    let pos: Vec<(u64, u64)> =
        findings.iter().map(|f| (f["line"].as_u64().unwrap(), f["column"].as_u64().unwrap())).collect();
    let mut sorted = pos.clone();
    sorted.sort();
    assert_eq!(pos, sorted);
}

#[test]
fn clean_official_prose_yields_nothing_and_exit_zero() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("clean.txt");
    std::fs::write(
        &p,
        "全年地区生产总值增长5.2%，新增就业1.2万人，建成学校3所。\n\
         一、主要工作回顾\n\
         过去一年，全县一般公共预算收入完成226.85亿元，同比增长8.1%；城镇居民人均可支配收入达到4.2万元。\n\
         二、今年工作安排\n\
         今年是“十四五”规划的关键一年，要坚持稳中求进工作总基调，确保粮食产量稳定在50万吨以上。\n",
    )
    .unwrap();
    let out = run(&["check", "--format", "json", p.to_str().unwrap()]);
    assert_eq!(json_of(&out), Vec::<Value>::new(), "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn text_output_has_location_source_line_and_marker() {
    let out = run(&["check", example().to_str().unwrap()]);
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("scraped-speech.txt:66:"), "{s}");
    assert!(s.contains(" | "), "{s}");
    assert!(s.contains('^'));
    assert!(s.contains("已检查 1 个文件"), "{s}");
    let en = run(&["check", "--locale", "en", example().to_str().unwrap()]);
    assert!(String::from_utf8(en.stdout).unwrap().contains("Checked 1 file(s)"));
}

#[test]
fn unreadable_and_invalid_files_exit_two_but_others_are_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, b"\xff\xfe\x00abc").unwrap();
    let good = dir.path().join("good.txt");
    std::fs::write(&good, "占总人口的%。\n").unwrap();
    let missing = dir.path().join("missing.txt");
    let out =
        run(&["check", "--format", "json", bad.to_str().unwrap(), missing.to_str().unwrap(), good.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    assert!(err.contains("bad.txt") && err.contains("UTF-8"), "{err}");
    assert!(err.contains("missing.txt"), "{err}");
    let findings = json_of(&out);
    assert!(findings.iter().any(|f| f["path"].as_str().unwrap().ends_with("good.txt")));
}

#[test]
fn folders_are_walked_for_drafts_and_stdin_works() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("sub/a.md"), "占%\n").unwrap();
    std::fs::write(dir.path().join("b.txt"), "占%\n").unwrap();
    std::fs::write(dir.path().join("c.rs"), "占%\n").unwrap();
    let out = run(&["check", "--format", "json", dir.path().to_str().unwrap()]);
    let paths: Vec<String> = json_of(&out).iter().map(|f| f["path"].as_str().unwrap().to_string()).collect();
    assert_eq!(paths.len(), 2, "{paths:?}");
    assert!(paths[0].ends_with("b.txt") && paths[1].ends_with("a.md"), "{paths:?}");

    let mut child = lectern()
        .args(["check", "--format", "json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all("人口占*%\n".as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let f = json_of(&out);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0]["path"], "-");
    assert_eq!((f[0]["line"].as_u64(), f[0]["column"].as_u64()), (Some(1), Some(4)));
}

#[test]
fn fix_rewrites_in_place_keeping_permissions_and_the_speech() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("draft.txt");
    std::fs::copy(example(), &p).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    let out = run(&["check", "--fix", "--format", "json", p.to_str().unwrap()]);
    assert!(matches!(out.status.code(), Some(0 | 1)));
    assert!(String::from_utf8_lossy(&out.stderr).contains("已修复"));
    let after = std::fs::read_to_string(&p).unwrap();
    assert!(!after.contains("上一篇"), "{after}");
    assert!(after.contains("三、强化组织保障"));
    // no site text is left; renumbering next to the (now deleted) truncation notes was not
    // applied in the same run, because it was unsafe while the notes showed text was lost
    let left = json_of(&out);
    assert!(left.iter().all(|f| f["category"] != "boilerplate"), "{left:?}");
    assert!(after.contains("2.加强宣传引导"), "{after}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o640);
    }
}

#[test]
fn project_settings_apply_and_bad_keys_are_errors_naming_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("draft.txt");
    std::fs::write(&p, "人口占*%，总人口的%。\n").unwrap();
    std::fs::write(dir.path().join("lectern.toml"), "locale = \"en\"\n[rules.figure-placeholder]\nenabled = false\n")
        .unwrap();
    let out = run(&["check", "--format", "json", p.to_str().unwrap()]);
    let f = json_of(&out);
    assert!(f.iter().all(|f| f["code"] != "LEC101"), "{f:?}");
    assert!(f.iter().any(|f| f["message"].as_str().unwrap().contains("missing figure")), "{f:?}");

    std::fs::write(dir.path().join("lectern.toml"), "locale = \"en\"\nspeling_rate = 3\n").unwrap();
    let out = run(&["check", "--format", "json", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    assert!(err.contains("lectern.toml:2:1") && err.contains("speling_rate"), "{err}");
    // the valid key still applied
    assert!(json_of(&out).iter().any(|f| f["message"].as_str().unwrap().contains("missing figure")));

    let shown = run(&["config", dir.path().to_str().unwrap()]);
    let s = String::from_utf8(shown.stdout).unwrap();
    assert!(s.contains("locale = \"en\"") && s.contains("lectern.toml"), "{s}");
}

#[test]
fn version_and_help() {
    let v = run(&["--version"]);
    assert_eq!(v.status.code(), Some(0));
    assert!(String::from_utf8(v.stdout).unwrap().starts_with("lectern "));
    let h = run(&["--help"]);
    assert!(String::from_utf8(h.stdout).unwrap().contains("check"));
    assert_eq!(run(&["check", "--format", "xml"]).status.code(), Some(2));
}

#[test]
fn ci_report_formats_and_stats() {
    let ex = example();
    let ex = ex.to_str().unwrap();
    let sarif: Value = serde_json::from_slice(&run(&["check", "--format", "sarif", ex]).stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(!sarif["runs"][0]["results"].as_array().unwrap().is_empty());
    let gh = String::from_utf8(run(&["check", "--format", "github", ex]).stdout).unwrap();
    assert!(gh.lines().all(|l| l.starts_with("::")), "{gh}");
    assert!(gh.contains("line=66"));
    let rd: Value = serde_json::from_slice(&run(&["check", "--format", "rdjson", ex]).stdout).unwrap();
    assert!(!rd["diagnostics"].as_array().unwrap().is_empty());

    let out = run(&["stats", "--format", "json", ex]);
    assert_eq!(out.status.code(), Some(0));
    let st: Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = &st[0];
    let sum: u64 = first["sections"].as_array().unwrap().iter().map(|s| s["chars"].as_u64().unwrap()).sum();
    assert_eq!(sum, first["chars"].as_u64().unwrap());
    assert_eq!(first["rate"], 240);
    let text = String::from_utf8(run(&["stats", "--rate", "120", ex]).stdout).unwrap();
    assert!(text.contains("全文") && text.contains("三、强化组织保障"), "{text}");
}

#[cfg(unix)]
#[test]
fn fix_never_writes_through_a_symbolic_link_and_leaves_the_target_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("real.txt");
    std::fs::write(&target, "上一篇:在全市会议上的讲话\n正文。\n").unwrap();
    let link = dir.path().join("link.txt");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let out = run(&["check", "--fix", link.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("是符号链接"), "{}", String::from_utf8_lossy(&out.stderr));
    let out = run(&["check", "--fix", "--locale", "en", link.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("symbolic link"));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "上一篇:在全市会议上的讲话\n正文。\n");
    // walking a folder does not follow links at all
    let out = run(&["check", "--format", "json", dir.path().to_str().unwrap()]);
    let paths: Vec<String> = json_of(&out).iter().map(|f| f["path"].as_str().unwrap().to_string()).collect();
    assert!(paths.iter().all(|p| p.ends_with("real.txt")), "{paths:?}");
}

/// Findings of a JSON report without the path (to compare two copies of one draft).
fn findings_without_path(out: &Output) -> Vec<Value> {
    json_of(out)
        .into_iter()
        .map(|mut f| {
            if let Some(o) = f.as_object_mut() {
                o.remove("path");
                o.remove("encoding");
            }
            f
        })
        .collect()
}

#[test]
fn issue_17_gb18030_copy_gives_the_same_findings_and_fix_keeps_the_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(example()).unwrap();
    let (bytes, _, bad) = encoding_rs::GB18030.encode(&text);
    assert!(!bad);
    let gb = dir.path().join("gb.txt");
    std::fs::write(&gb, &bytes).unwrap();
    let utf = run(&["check", "--format", "json", example().to_str().unwrap()]);
    let out = run(&["check", "--format", "json", gb.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(json_of(&out).iter().all(|f| f["encoding"] == "gb18030"));
    assert!(json_of(&utf).iter().all(|f| f["encoding"] == "utf-8"));
    assert_eq!(findings_without_path(&out), findings_without_path(&utf));
    let verbose = String::from_utf8(run(&["check", "-v", gb.to_str().unwrap()]).stdout).unwrap();
    assert!(verbose.contains("GB18030"), "{verbose}");
    // --fix writes GB18030 back: the fixed bytes decode strictly, and are not UTF-8
    let fix = run(&["check", "--fix", gb.to_str().unwrap()]);
    assert_eq!(fix.status.code(), Some(1), "{}", String::from_utf8_lossy(&fix.stderr));
    let after = std::fs::read(&gb).unwrap();
    assert!(std::str::from_utf8(&after).is_err());
    let decoded = encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(&after).unwrap();
    assert!(decoded.contains("民族团结进步") && decoded.len() < text.len(), "nothing fixed");
    // and the fixed GB18030 file reports what the fixed UTF-8 file reports
    let u = dir.path().join("u.txt");
    std::fs::write(&u, &text).unwrap();
    run(&["check", "--fix", u.to_str().unwrap()]);
    assert_eq!(std::fs::read_to_string(&u).unwrap(), decoded);
}

#[test]
fn issue_17_undecodable_file_gets_a_chinese_error_and_no_all_clear() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, b"\xff\x80\x81\xff").unwrap();
    let out = run(&["check", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("无法读取") && err.contains("UTF-8") && err.contains("GB18030"), "{err}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(!stdout.contains("未发现问题") && stdout.contains("无法检查"), "{stdout}");
    let en = run(&["check", "--locale", "en", bad.to_str().unwrap()]);
    let err = String::from_utf8(en.stderr).unwrap();
    assert!(err.contains("cannot read") && !err.contains("无法"), "{err}");
    assert!(!String::from_utf8(en.stdout).unwrap().contains("no problems"));
    // the GBK bytes of 在全 are read, not rejected
    let gbk = dir.path().join("g.txt");
    std::fs::write(&gbk, b"\xd4\xda\xc8\xab").unwrap();
    let ok = run(&["check", gbk.to_str().unwrap()]);
    assert_eq!(ok.status.code(), Some(0), "{}", String::from_utf8_lossy(&ok.stderr));
}

#[test]
fn issue_17_select_ignore_min_severity_statistics_and_quiet() {
    let ex = example();
    let ex = ex.to_str().unwrap();
    let codes = |args: &[&str]| -> Vec<String> {
        let mut a = vec!["check", "--format", "json"];
        a.extend_from_slice(args);
        a.push(ex);
        json_of(&run(&a)).iter().map(|f| f["code"].as_str().unwrap().to_string()).collect()
    };
    let all = codes(&[]);
    let sel = codes(&["--select", "LEC2,boilerplate"]);
    assert!(!sel.is_empty() && sel.iter().all(|c| c.starts_with("LEC2") || c.starts_with("LEC3")), "{sel:?}");
    assert_eq!(sel.len(), all.iter().filter(|c| c.starts_with("LEC2") || c.starts_with("LEC3")).count());
    let ign = codes(&["--ignore", "LEC103", "--ignore", "punctuation"]);
    assert!(ign.iter().all(|c| c != "LEC103" && c != "LEC401" && c != "LEC213"), "{ign:?}");
    assert_eq!(ign.len(), all.iter().filter(|c| !matches!(c.as_str(), "LEC103" | "LEC401" | "LEC213")).count());
    let by_name = codes(&["--select", "missing-figure"]);
    assert!(!by_name.is_empty() && by_name.iter().all(|c| c == "LEC103"));
    let errors = codes(&["--min-severity", "error"]);
    assert!(!errors.is_empty() && errors.len() < all.len());
    let bad = run(&["check", "--select", "LEC999", ex]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("LEC999"));
    // statistics: one line per rule with its count, most frequent first
    let stats = String::from_utf8(run(&["check", "--statistics", ex]).stdout).unwrap();
    let rows: Vec<(usize, String)> = stats
        .lines()
        .filter_map(|l| {
            let mut p = l.split('\t');
            Some((p.next()?.trim().parse().ok()?, p.next()?.to_string()))
        })
        .collect();
    for (n, code) in &rows {
        assert_eq!(*n, all.iter().filter(|c| *c == code).count(), "{code}");
    }
    assert_eq!(rows.iter().map(|r| r.0).sum::<usize>(), all.len());
    assert!(rows.windows(2).all(|w| w[0].0 >= w[1].0), "{stats}");
    // quiet: findings only
    let quiet = String::from_utf8(run(&["check", "-q", ex]).stdout).unwrap();
    assert!(!quiet.contains("已检查") && quiet.contains("LEC103"), "{quiet}");
}

#[test]
fn issue_17_text_report_is_short_and_puts_blanks_lost_text_and_numbering_first() {
    let out = String::from_utf8(run(&["check", example().to_str().unwrap()]).stdout).unwrap();
    // before issue 17 the sample printed 1,231 lines
    assert!(out.lines().count() <= 615, "{} lines", out.lines().count());
    let first = |code: &str| out.lines().position(|l| l.contains(&format!(": {code} "))).unwrap_or(usize::MAX);
    let blank = first("LEC103");
    let lost = first("LEC302");
    let numbering = first("LEC201");
    let chrome = first("LEC301");
    assert!(blank < lost && lost < numbering && numbering < chrome, "{blank} {lost} {numbering} {chrome}");
    let en = String::from_utf8(run(&["check", "--locale", "en", example().to_str().unwrap()]).stdout).unwrap();
    for l in en.lines().filter(|l| !l.contains(" | ") && !l.contains(": LEC") && !l.contains("“")) {
        assert!(!l.contains('：'), "full-width colon in English: {l}");
    }
}

#[test]
fn issue_17_three_fixes_never_hide_the_lost_section() {
    let dir = tempfile::tempdir().unwrap();
    let x = dir.path().join("x.txt");
    std::fs::copy(example(), &x).unwrap();
    let xs = x.to_str().unwrap();
    let mut after = Vec::new();
    for _ in 0..3 {
        let out = run(&["check", "--fix", "-q", xs]);
        assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
        after.push(std::fs::read_to_string(&x).unwrap());
    }
    // one --fix leaves no safe fix: the second and third runs change nothing
    assert_eq!(after[0], after[1]);
    assert_eq!(after[1], after[2]);
    let text = &after[2];
    assert!(text.contains("    三、强化组织保障"), "{text}");
    assert!(!text.contains("二、强化组织保障"));
    assert!(!text.ends_with("\n\n"), "empty lines left where end lines were deleted");
    // every truncation note is a marked hole, reported as an error
    let findings = json_of(&run(&["check", "--format", "json", xs]));
    let holes: Vec<&Value> = findings.iter().filter(|f| f["code"] == "LEC108").collect();
    assert_eq!(text.matches("〔此处原文缺失约").count(), 2, "{text}");
    assert!(text.contains("〔此处原文缺失约901字〕") && text.contains("〔此处原文缺失约1874字〕"));
    assert_eq!(holes.len(), 2, "{holes:?}");
    assert!(holes.iter().all(|h| h["severity"] == "error" && h["category"] == "lost"));
    // the lost section is still reported: 三、 skips 二、, and renumbering it is not safe
    let skip = findings.iter().find(|f| f["code"] == "LEC201").expect("LEC201 still reported");
    assert!(covered(text, skip).contains('三'), "{skip}");
    assert_eq!(skip["fix"]["applicability"], "unsafe", "{skip}");
    assert!(findings.iter().all(|f| f["fix"].is_null() || f["fix"]["applicability"] != "safe"), "a safe fix remains");
}

#[test]
fn issue_17_truncated_ending_repro_gets_a_finding() {
    let mut child = lectern()
        .args(["check", "--format", "json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    child
        .stdin
        .take()
        .unwrap()
        .write_all("（一）加强领导\n\n一是健全领导机制。成立由县委书记任组长的\n".as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let f = json_of(&out);
    assert!(f.iter().any(|f| f["code"] == "LEC109" && f["line"] == 3), "{f:?}");
}
