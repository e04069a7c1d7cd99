//! The language server: a thin tower-lsp-server shell over the engine.

use std::process::ExitCode;

/// Runs the language server on standard input and output until `exit`.
pub fn run() -> ExitCode {
    eprintln!("lectern lsp: not implemented yet");
    ExitCode::from(2)
}
