//! The command line: `lectern check`, `lectern lsp`. Knows files, terminals and exit codes;
//! contains no rule logic.

mod files;
mod render;
pub mod report;

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use rayon::prelude::*;

use crate::analysis::{analyze, fix_all, Config, Locale};

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
    /// Check files, folders (recursively: .txt .md .markdown .text) or standard input (-).
    Check(CheckArgs),
    /// Run the language server on standard input and output.
    Lsp,
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
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
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
    }
}

/// One checked input.
pub(crate) struct Checked {
    pub display: String,
    pub text: String,
    pub diagnostics: Vec<crate::analysis::Diagnostic>,
}

fn check(args: CheckArgs) -> Status {
    let mut config = Config::default();
    if let Some(l) = &args.locale {
        match Locale::parse(l) {
            Some(loc) => config.locale = loc,
            None => {
                eprintln!("lectern: unknown locale “{l}” (expected zh-CN or en)");
                return Status::Error;
            }
        }
    }
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    let mut status = Status::Clean;
    let mut inputs = Vec::new();
    for p in &paths {
        match files::discover(p) {
            Ok(mut found) => inputs.append(&mut found),
            Err(e) => {
                eprintln!("lectern: {e}");
                status = Status::Error;
            }
        }
    }
    let results: Vec<Result<Checked, String>> = inputs
        .par_iter()
        .map(|input| {
            let (display, text, bom) = files::read(input)?;
            if args.fix {
                let (fixed, n) = fix_all(&text, &config, args.unsafe_fixes);
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
                let diagnostics = analyze(&fixed, &config).diagnostics;
                return Ok(Checked { display, text: fixed, diagnostics });
            }
            let diagnostics = analyze(&text, &config).diagnostics;
            Ok(Checked { display, text, diagnostics })
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
    let stdin_fix = args.fix && inputs.iter().any(|i| matches!(i, files::Input::Stdin));
    let rendered = match args.format {
        Format::Json => render::json(&checked),
        Format::Text => render::text(&checked, config.locale),
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

/// Reads all of standard input.
pub(crate) fn read_stdin() -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    std::io::stdin().lock().read_to_end(&mut buf)?;
    Ok(buf)
}
