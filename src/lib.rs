//! lectern: a checker for Chinese speech drafts (讲话稿) — unfilled blanks, broken heading
//! numbering and scrape boilerplate — as a language server and a command-line tool.
//!
//! # Architecture
//!
//! ```text
//! main.rs ──► cli/  (lectern check: files, rendering, exit codes)
//!        └──► lsp/  (lectern lsp: tower-lsp-server shell: documents, conversions, settings)
//!                 │
//!                 ▼
//!          document.rs (rope + per-line results, incremental edits)
//!                 │
//!                 ▼
//!          analysis/ (pure engine)  ──► text/ (positions in UTF-8/16/32)
//! ```
//!
//! - [`text`] owns every conversion between byte offsets and line/column positions. It clamps
//!   and never panics.
//! - [`analysis`] is the engine: `analyze(text, config) -> Analysis`. It runs a per-line pass
//!   (local rules; results kept per line so that an edit re-runs only what it touched) and
//!   document passes over compact per-line facts (boilerplate blocks, heading structure,
//!   outline). Rules live one per file under `analysis/rules/<family>/`, each with a doc
//!   comment and a `RuleMeta` listed in its family's `RULES`.
//! - [`document`] holds an open draft for the language server: a rope and the per-line
//!   results, updated by incremental edits.
//! - `lsp` and `cli` are thin adapters and contain no rule logic.
//!
//! Invariants, written as absences: `text/` and `analysis/` do no I/O, no async, no printing;
//! they know nothing of LSP types or JSON; analysis never returns an error and never panics on
//! input.

#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic))]

// The unit tests share the integration tests' helpers (`tests/support/check.rs`), which name
// the crate `lectern`.
#[cfg(test)]
extern crate self as lectern;

pub mod analysis;
pub mod cli;
pub mod document;
#[doc(hidden)]
pub mod invariants;
pub mod lsp;
pub mod settings;
pub mod text;

pub use analysis::{analyze, apply_fixes, fix_all, Analysis, Config, Diagnostic, Fix, Locale, Rule, Severity};
