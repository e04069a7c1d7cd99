//! The command line: `lectern check`, `lectern lsp`. Knows files, terminals and exit codes;
//! contains no rule logic.

mod docx;
mod files;
mod render;
pub mod report;

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand, ValueEnum};
use rayon::prelude::*;

use crate::analysis::registry::Rule;
use crate::analysis::rules::all;
use crate::analysis::{analyze_opts, fix_all_checked, Config, Locale, Severity};
use crate::settings::{self, Settings};

/// lectern: checks Chinese speech drafts for unfilled blanks, broken heading numbering and
/// scrape boilerplate. 检查讲话稿中的空缺数字、标题序号错误和网页抓取残留。
#[derive(Parser, Debug)]
#[command(name = "lectern", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check files, folders (recursively: .txt .md .markdown .text .docx) or standard input (-).
    Check(CheckArgs),
    /// Run the language server on standard input and output.
    Lsp,
    /// Print the effective settings for a file or folder, with where each came from.
    Config(ConfigArgs),
    /// Length and speaking time of each speech, per section. 字数与讲话时长。
    Stats(StatsArgs),
}

#[derive(clap::Args, Debug)]
struct StatsArgs {
    /// Files or folders (default: the current folder); `-` reads standard input.
    paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = StatsFormat::Text)]
    format: StatsFormat,
    /// Speaking rate in characters per minute (default: lectern.toml's, else 240).
    #[arg(long)]
    rate: Option<u32>,
    /// Message language: zh-CN (default) or en.
    #[arg(long)]
    locale: Option<String>,
    /// Use this settings file instead of the nearest lectern.toml.
    #[arg(long)]
    config: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
struct ConfigArgs {
    /// A file or folder (default: the current folder); its nearest lectern.toml applies.
    path: Option<PathBuf>,
    /// Use this settings file instead of looking for lectern.toml.
    #[arg(long)]
    config: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
struct CheckArgs {
    /// Files or folders to check; `-` reads standard input. Default: the current folder.
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Apply safe fixes in place (for standard input: print the fixed text).
    #[arg(long)]
    fix: bool,
    /// With --fix, apply unsafe fixes too.
    #[arg(long)]
    unsafe_fixes: bool,
    /// With --fix, also rewrite read-only files.
    #[arg(long)]
    force: bool,
    /// Message language: zh-CN (default) or en.
    #[arg(long)]
    locale: Option<String>,
    /// Use this settings file instead of the nearest lectern.toml.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Do not read any lectern.toml.
    #[arg(long)]
    no_config: bool,
    /// Report only these rules: codes (LEC101), code prefixes (LEC4), rule names
    /// (missing-figure) or categories (blank, numbering, boilerplate, punctuation,
    /// consistency, length, meta); comma-separated or repeated. A rule named by its code or
    /// name is reported even when it is off by default.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    select: Vec<String>,
    /// Never report these rules (same forms as --select); wins over --select.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    ignore: Vec<String>,
    /// Report only findings at least this severe: error, warning, info or hint.
    #[arg(long, value_name = "SEVERITY")]
    min_severity: Option<String>,
    /// Print how many findings each rule has (and whether --fix can fix them) instead of the
    /// findings themselves.
    #[arg(long)]
    statistics: bool,
    /// Print the findings and nothing else: no summary, no "fixed" lines.
    #[arg(long, short)]
    quiet: bool,
    /// Also say, for every file, which encoding it was read in.
    #[arg(long, short)]
    verbose: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// rustc/ruff-style blocks for people
    Text,
    /// one JSON array of findings
    Json,
    /// SARIF 2.1.0, for code-scanning tools
    Sarif,
    /// GitHub workflow annotation lines
    Github,
    /// reviewdog's rdjson
    Rdjson,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum StatsFormat {
    Text,
    Json,
}

/// Process exit status: 0 clean, 1 findings, 2 usage or I/O error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Clean = 0,
    Findings = 1,
    Error = 2,
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli.command {
        Command::Check(args) => ExitCode::from(check(args) as u8),
        Command::Lsp => crate::lsp::run(),
        Command::Config(args) => ExitCode::from(show_config(args) as u8),
        Command::Stats(args) => ExitCode::from(stats(args) as u8),
    }
}

/// Settings for files in `dir`, from an explicit file, the nearest lectern.toml, or defaults.
/// Errors are printed; the returned flag says whether there were any.
fn load_settings(explicit: Option<&Path>, dir: &Path, no_config: bool) -> (Settings, bool) {
    let mut settings = Settings::default();
    let file = match explicit {
        Some(p) => Some(p.to_path_buf()),
        None if no_config => None,
        None => settings::find_config_file(dir),
    };
    let Some(file) = file else { return (settings, false) };
    let shown = file.display().to_string();
    match settings::read_file(&file) {
        Ok(text) => {
            let errors = settings::apply_toml(&mut settings, &text, &shown);
            for e in &errors {
                eprintln!("lectern: {e}");
            }
            (settings, !errors.is_empty())
        }
        Err(e) => {
            // A discovered file that is not a regular file (a FIFO, a device) is reported and
            // ignored; one named by --config is an error.
            eprintln!("lectern: {shown}: {e}");
            (settings, explicit.is_some() || !e.is_ignored())
        }
    }
}

fn show_config(args: ConfigArgs) -> Status {
    let path = args.path.unwrap_or_else(|| PathBuf::from("."));
    // The same folder `check` would look from: a file's own folder (`.` for a bare name).
    let dir = match std::fs::metadata(&path) {
        Ok(m) if m.is_dir() => path.clone(),
        Ok(_) => folder_of(&path),
        Err(e) => {
            let why = match e.kind() {
                std::io::ErrorKind::NotFound => "文件或文件夹不存在 / no such file or folder".to_string(),
                _ => e.to_string(),
            };
            eprintln!("lectern: {}: {why}", path.display());
            return Status::Error;
        }
    };
    let (settings, bad) = load_settings(args.config.as_deref(), &dir, false);
    print!("{}", settings::describe(&settings));
    if bad {
        Status::Error
    } else {
        Status::Clean
    }
}

/// The folder whose settings apply to a file: its parent, `.` for a bare file name.
fn folder_of(file: &Path) -> PathBuf {
    match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The one information message for a draft larger than `max_document_size`.
fn too_large_note(display: &str, bytes: u64, max: usize, locale: Locale) -> String {
    locale.pick(
        format!("{display}：文档过大（{bytes} 字节，上限 {max} 字节），未检查；可在 lectern.toml 中调整 max_document_size"),
        format!("{display}: document too large ({bytes} bytes, limit {max}): not checked; raise max_document_size in lectern.toml to check it"),
    )
}

/// One checked input.
pub(crate) struct Checked {
    pub display: String,
    pub text: String,
    /// The encoding the file was read in (and, with --fix, written back in).
    pub encoding: &'static encoding_rs::Encoding,
    pub diagnostics: Vec<crate::analysis::Diagnostic>,
    /// For a Word document: where each paragraph starts in `text`.
    pub paragraphs: Option<docx::ParagraphMap>,
}

/// The `--locale` flag: `Ok(None)` when absent; an unknown value is reported and is an error.
fn locale_flag(flag: Option<&str>) -> Result<Option<Locale>, ()> {
    match flag {
        None => Ok(None),
        Some(l) => match Locale::parse(l) {
            Some(loc) => Ok(Some(loc)),
            None => {
                eprintln!("lectern: unknown locale “{l}” (expected zh-CN or en)");
                Err(())
            }
        },
    }
}

/// Which rules `--select`/`--ignore` name: a code (any case), a code prefix such as `LEC4`,
/// a rule's kebab-case name, or a category's name (English, or the Chinese label of the text
/// report). `Err` names the first selector that matches no rule.
pub(crate) fn rules_matching(selectors: &[String]) -> Result<Vec<(Rule, bool)>, String> {
    let mut out: Vec<(Rule, bool)> = Vec::new();
    for sel in selectors {
        let sel = sel.trim();
        if sel.is_empty() {
            continue;
        }
        let mut any = false;
        for &rule in all() {
            let exact = rule.code().eq_ignore_ascii_case(sel) || rule.name() == sel;
            let prefix = sel.len() >= 4
                && rule.code().len() >= sel.len()
                && rule.code().get(..sel.len()).is_some_and(|p| p.eq_ignore_ascii_case(sel));
            let category =
                rule.category().as_str() == sel || render::category_label(rule.category(), Locale::ZhCn) == sel;
            if exact || prefix || category {
                any = true;
                match out.iter_mut().find(|(r, _)| *r == rule) {
                    Some((_, e)) => *e |= exact,
                    None => out.push((rule, exact)),
                }
            }
        }
        if !any {
            return Err(sel.to_string());
        }
    }
    Ok(out)
}

/// Applies `--select`/`--ignore` to a configuration: with `--select`, every rule it does not
/// name is off, and a rule it names by code or name is on; `--ignore` turns rules off.
fn apply_selection(config: &mut Config, select: Option<&[(Rule, bool)]>, ignore: &[(Rule, bool)]) {
    if let Some(select) = select {
        for &rule in all() {
            match select.iter().find(|(r, _)| *r == rule) {
                Some((_, true)) => {
                    config.rules.entry(rule.code()).or_default().enabled = Some(true);
                }
                Some((_, false)) => {}
                None => {
                    config.rules.entry(rule.code()).or_default().enabled = Some(false);
                }
            }
        }
    }
    for (rule, _) in ignore {
        config.rules.entry(rule.code()).or_default().enabled = Some(false);
    }
}

fn check(args: CheckArgs) -> Status {
    let Ok(locale) = locale_flag(args.locale.as_deref()) else { return Status::Error };
    let msg_locale = locale.unwrap_or(Locale::ZhCn);
    let select = match rules_matching(&args.select) {
        Ok(v) => (!args.select.is_empty()).then_some(v),
        Err(bad) => {
            eprintln!("{}", unknown_selector(&bad, "--select", msg_locale));
            return Status::Error;
        }
    };
    let ignore = match rules_matching(&args.ignore) {
        Ok(v) => v,
        Err(bad) => {
            eprintln!("{}", unknown_selector(&bad, "--ignore", msg_locale));
            return Status::Error;
        }
    };
    let min_severity = match args.min_severity.as_deref().map(|s| (s, Severity::parse(s))) {
        None => None,
        Some((_, Some(s))) => Some(s),
        Some((bad, None)) => {
            eprintln!(
                "lectern: {}",
                msg_locale.pick(
                    format!("--min-severity 的值“{bad}”无效（应为 error、warning、info 或 hint）"),
                    format!("invalid --min-severity “{bad}” (expected error, warning, info or hint)")
                )
            );
            return Status::Error;
        }
    };
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    let mut status = Status::Clean;
    // Settings per folder: the nearest lectern.toml (or --config) applies to a file.
    let mut by_dir: HashMap<PathBuf, Arc<Settings>> = HashMap::new();
    let mut settings_for = |dir: &Path, status: &mut Status| -> Arc<Settings> {
        if let Some(s) = by_dir.get(dir) {
            return s.clone();
        }
        let (mut s, bad) = load_settings(args.config.as_deref(), dir, args.no_config);
        if bad {
            *status = Status::Error;
        }
        if let Some(l) = locale {
            s.config.locale = l;
            s.origins.insert("locale".into(), settings::Origin::CommandLine);
        }
        apply_selection(&mut s.config, select.as_deref(), &ignore);
        let s = Arc::new(s);
        by_dir.insert(dir.to_path_buf(), s.clone());
        s
    };
    let mut inputs: Vec<(files::Input, Arc<Settings>)> = Vec::new();
    let mut failed = 0usize;
    let walk_locale = locale.unwrap_or_default();
    for p in &paths {
        match files::discover(p, walk_locale) {
            Ok(found) => {
                for note in &found.notes {
                    eprintln!("lectern: {note}");
                }
                let explicit_file = p.is_file();
                for input in found.inputs {
                    let dir = match &input {
                        files::Input::Stdin => PathBuf::from("."),
                        files::Input::File(f) => folder_of(f),
                    };
                    let s = settings_for(&dir, &mut status);
                    // include/exclude filter folder walks; a file named explicitly is always checked
                    if let files::Input::File(f) = &input {
                        if !explicit_file && !files::selected(f, p, &s.include, &s.exclude) {
                            continue;
                        }
                    }
                    inputs.push((input, s));
                }
            }
            Err(e) => {
                eprintln!("lectern: {e}");
                failed += 1;
                status = Status::Error;
            }
        }
    }
    if args.fix {
        files::install_signal_cleanup();
        // Temporary files of an earlier run that was killed while writing, next to the drafts.
        let mut dirs: Vec<PathBuf> = inputs
            .iter()
            .filter_map(|(i, _)| match i {
                files::Input::File(f) => Some(folder_of(f)),
                files::Input::Stdin => None,
            })
            .collect();
        dirs.sort();
        dirs.dedup();
        for d in dirs {
            for p in files::remove_stale_temps(&d) {
                let shown = p.display();
                eprintln!(
                    "lectern: {}",
                    walk_locale.pick(
                        format!("已删除上次中断时留下的临时文件 {shown}"),
                        format!("removed {shown}, a temporary file left by an interrupted run")
                    )
                );
            }
        }
    }
    let results: Vec<Result<Option<Checked>, String>> = inputs
        .par_iter()
        .map(|(input, settings)| {
            let config = &settings.config;
            if let (true, files::Input::File(p)) = (args.fix, input) {
                if docx::is_docx(p) {
                    return Err(docx::fix_refused(&p.display().to_string(), config.locale));
                }
            }
            let (draft, paragraphs) = match input {
                files::Input::File(p) if docx::is_docx(p) => {
                    let (display, text, bom, paragraphs) = docx::read_input(input, config.locale)?;
                    (files::Draft { display, text, bom, stamp: None, encoding: encoding_rs::UTF_8 }, paragraphs)
                }
                _ => match files::read(input, settings.max_document_size, locale.unwrap_or(config.locale))? {
                    files::Loaded::Draft(d) => (d, None),
                    files::Loaded::TooLarge { display, bytes, raw } => {
                        eprintln!(
                            "lectern: {}",
                            too_large_note(&display, bytes, settings.max_document_size, config.locale)
                        );
                        if args.fix && matches!(input, files::Input::Stdin) {
                            // Passed through unchanged: a pipe never loses the text.
                            let _ = std::io::stdout().lock().write_all(&raw);
                        }
                        return Ok(None);
                    }
                },
            };
            let files::Draft { display, text, bom, stamp, encoding } = draft;
            if args.fix {
                let (run, diagnostics) = fix_all_checked(text, config, args.unsafe_fixes);
                let (fixed, n) = (run.text, run.applied);
                let bytes = files::encode(&fixed, bom, encoding).map_err(|c| {
                    let name = files::encoding_name(encoding);
                    config.locale.pick(
                        format!("{display}：修复后的文本含有 {name} 无法表示的字符“{c}”，未写回"),
                        format!(
                            "{display}: the fixed text has a character {name} cannot represent (“{c}”); not written"
                        ),
                    )
                })?;
                if n > 0 {
                    match input {
                        files::Input::Stdin => {}
                        files::Input::File(path) => {
                            files::write_atomic(path, &bytes, stamp.as_ref(), args.force, config.locale)?;
                            if !args.quiet {
                                eprintln!("{}", render::fixed_line(&display, n, config.locale));
                            }
                        }
                    }
                }
                if matches!(input, files::Input::Stdin) {
                    let mut out = std::io::stdout().lock();
                    let _ = out.write_all(&bytes);
                }
                return Ok(Some(Checked { display, text: fixed, encoding, diagnostics, paragraphs }));
            }
            let diagnostics = analyze_opts(&text, config, false).diagnostics;
            Ok(Some(Checked { display, text, encoding, diagnostics, paragraphs }))
        })
        .collect();
    let mut checked = Vec::new();
    for r in results {
        match r {
            Ok(Some(c)) => checked.push(c),
            Ok(None) => {}
            Err(e) => {
                eprintln!("lectern: {e}");
                failed += 1;
                status = Status::Error;
            }
        }
    }
    if let Some(min) = min_severity {
        for c in &mut checked {
            c.diagnostics.retain(|d| d.severity <= min);
        }
    }
    checked.sort_by(|a, b| a.display.cmp(&b.display));
    let any = checked.iter().any(|c| !c.diagnostics.is_empty());
    let stdin_fix = args.fix && inputs.iter().any(|(i, _)| matches!(i, files::Input::Stdin));
    let out_locale = locale.unwrap_or_else(|| inputs.first().map_or(Locale::ZhCn, |(_, s)| s.config.locale));
    let reports = || checked.iter().map(|c| (c.display.as_str(), c.text.as_str(), c.diagnostics.as_slice()));
    let opts = render::TextOptions { locale: out_locale, failed, quiet: args.quiet, verbose: args.verbose };
    let rendered = match (args.format, args.statistics) {
        (Format::Json, true) => render::statistics_json(&checked),
        (_, true) => render::statistics(&checked, &opts),
        (Format::Json, false) => render::json(&checked),
        (Format::Text, false) => render::text(&checked, &opts),
        (Format::Sarif, false) => report::sarif(reports(), out_locale),
        (Format::Github, false) => report::github(reports()),
        (Format::Rdjson, false) => report::rdjson(reports()),
    };
    if stdin_fix {
        let _ = std::io::stderr().write_all(rendered.as_bytes());
    } else {
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(rendered.as_bytes());
        let _ = out.flush();
    }
    if status == Status::Error {
        return Status::Error;
    }
    if any {
        Status::Findings
    } else {
        status
    }
}

fn unknown_selector(bad: &str, flag: &str, locale: Locale) -> String {
    locale.pick(
        format!("lectern: {flag} 中的“{bad}”不是规则代码、代码前缀、规则名或类别名（见 lectern check --help）"),
        format!(
            "lectern: {flag} “{bad}” names no rule code, code prefix, rule name or category (see lectern check --help)"
        ),
    )
}

fn stats(args: StatsArgs) -> Status {
    let Ok(locale) = locale_flag(args.locale.as_deref()) else { return Status::Error };
    if args.rate == Some(0) {
        eprintln!("lectern: --rate must be a positive number of characters per minute");
        return Status::Error;
    }
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    let mut status = Status::Clean;
    let mut out: Vec<(String, crate::analysis::stats::Stats, Locale)> = Vec::new();
    for p in &paths {
        let found = match files::discover(p, locale.unwrap_or_default()) {
            Ok(f) => f,
            Err(e) => {
                eprintln!("lectern: {e}");
                status = Status::Error;
                continue;
            }
        };
        for note in &found.notes {
            eprintln!("lectern: {note}");
        }
        for input in found.inputs {
            let dir = match &input {
                files::Input::File(f) => folder_of(f),
                files::Input::Stdin => PathBuf::from("."),
            };
            let (mut settings, bad) = load_settings(args.config.as_deref(), &dir, false);
            if bad {
                status = Status::Error;
            }
            if let Some(r) = args.rate {
                settings.config.speaking_rate = r;
            }
            if let Some(l) = locale {
                settings.config.locale = l;
            }
            match docx::read_input(&input, settings.config.locale) {
                Ok((display, text, _, paragraphs)) => {
                    // A Word document's headers and footers are not spoken.
                    let text = paragraphs.as_ref().map_or(text.as_str(), |m| m.body(&text));
                    let st = crate::analysis::stats::stats(text, &settings.config);
                    out.push((display, st, settings.config.locale));
                }
                Err(e) => {
                    eprintln!("lectern: {e}");
                    status = Status::Error;
                }
            }
        }
    }
    let loc = locale.unwrap_or_else(|| out.first().map_or(Locale::ZhCn, |(_, _, l)| *l));
    let rendered = match args.format {
        StatsFormat::Json => report::stats_json(out.iter().map(|(p, s, _)| (p.as_str(), s)), loc),
        StatsFormat::Text => {
            let mut s = String::new();
            for (p, st, _) in &out {
                s.push_str(&format!("{p}\n{}\n", st.render_text(loc)));
            }
            s
        }
    };
    let mut o = std::io::stdout().lock();
    let _ = o.write_all(rendered.as_bytes());
    status
}

/// Reads all of standard input.
pub(crate) fn read_stdin() -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    std::io::stdin().lock().read_to_end(&mut buf)?;
    Ok(buf)
}
