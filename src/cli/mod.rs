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

use crate::analysis::{analyze_opts, fix_all, Locale};
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
    /// Message language: zh-CN (default) or en.
    #[arg(long)]
    locale: Option<String>,
    /// Use this settings file instead of the nearest lectern.toml.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Do not read any lectern.toml.
    #[arg(long)]
    no_config: bool,
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
    let (settings, bad) = load_settings(args.config.as_deref(), &path, false);
    print!("{}", settings::describe(&settings));
    if bad {
        Status::Error
    } else {
        Status::Clean
    }
}

/// One checked input.
pub(crate) struct Checked {
    pub display: String,
    pub text: String,
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

fn check(args: CheckArgs) -> Status {
    let Ok(locale) = locale_flag(args.locale.as_deref()) else { return Status::Error };
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
        let s = Arc::new(s);
        by_dir.insert(dir.to_path_buf(), s.clone());
        s
    };
    let mut inputs: Vec<(files::Input, Arc<Settings>)> = Vec::new();
    for p in &paths {
        match files::discover(p) {
            Ok(found) => {
                let explicit_file = p.is_file();
                for input in found {
                    let dir = match &input {
                        files::Input::Stdin => PathBuf::from("."),
                        files::Input::File(f) => f.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf),
                    };
                    let dir = if dir.as_os_str().is_empty() { PathBuf::from(".") } else { dir };
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
                status = Status::Error;
            }
        }
    }
    let results: Vec<Result<Checked, String>> = inputs
        .par_iter()
        .map(|(input, settings)| {
            let config = &settings.config;
            if let (true, files::Input::File(p)) = (args.fix, input) {
                if docx::is_docx(p) {
                    return Err(docx::fix_refused(&p.display().to_string(), config.locale));
                }
            }
            let (display, text, bom, paragraphs) = docx::read_input(input, config.locale)?;
            if args.fix {
                let (fixed, n) = fix_all(&text, config, args.unsafe_fixes);
                if n > 0 {
                    match input {
                        files::Input::Stdin => {}
                        files::Input::File(path) => {
                            files::write_atomic(path, &fixed, bom).map_err(|e| format!("{display}: {e}"))?;
                            eprintln!("{}", render::fixed_line(&display, n, config.locale));
                        }
                    }
                }
                if matches!(input, files::Input::Stdin) {
                    let mut out = std::io::stdout().lock();
                    let _ = out.write_all(fixed.as_bytes());
                }
                let diagnostics = analyze_opts(&fixed, config, false).diagnostics;
                return Ok(Checked { display, text: fixed, diagnostics, paragraphs });
            }
            let diagnostics = analyze_opts(&text, config, false).diagnostics;
            Ok(Checked { display, text, diagnostics, paragraphs })
        })
        .collect();
    let mut checked = Vec::new();
    for r in results {
        match r {
            Ok(c) => checked.push(c),
            Err(e) => {
                eprintln!("lectern: {e}");
                status = Status::Error;
            }
        }
    }
    checked.sort_by(|a, b| a.display.cmp(&b.display));
    let any = checked.iter().any(|c| !c.diagnostics.is_empty());
    let stdin_fix = args.fix && inputs.iter().any(|(i, _)| matches!(i, files::Input::Stdin));
    let out_locale = locale.unwrap_or_else(|| inputs.first().map_or(Locale::ZhCn, |(_, s)| s.config.locale));
    let reports = || checked.iter().map(|c| (c.display.as_str(), c.text.as_str(), c.diagnostics.as_slice()));
    let rendered = match args.format {
        Format::Json => render::json(&checked),
        Format::Text => render::text(&checked, out_locale),
        Format::Sarif => report::sarif(reports(), out_locale),
        Format::Github => report::github(reports()),
        Format::Rdjson => report::rdjson(reports()),
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
        let found = match files::discover(p) {
            Ok(f) => f,
            Err(e) => {
                eprintln!("lectern: {e}");
                status = Status::Error;
                continue;
            }
        };
        for input in found {
            let dir = match &input {
                files::Input::File(f) => f.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf),
                files::Input::Stdin => PathBuf::from("."),
            };
            let dir = if dir.as_os_str().is_empty() { PathBuf::from(".") } else { dir };
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
