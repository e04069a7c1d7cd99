//! Code actions: each finding's fix as a quick fix attached to its diagnostic, the file-wide
//! `source.fixAll.lectern`, and "remove all boilerplate" / "renumber all headings" built from
//! the fixes of those categories. The rules decide what a fix is; this module only chooses
//! which fixes to offer and converts them.

use std::collections::HashMap;

use tower_lsp_server::ls_types::{
    self as lsp, CodeAction, CodeActionKind, CodeActionOrCommand, TextEdit, Uri, WorkspaceEdit,
};

use super::capabilities::{FIX_ALL, REMOVE_BOILERPLATE, RENUMBER_HEADINGS};
use super::convert;
use super::documents::Snapshot;
use crate::analysis::{Applicability, Category, Finding, LinePos, Span, SpanFix};

/// Whether an action of `kind` was asked for (`only` holds kind prefixes, "source" matches
/// "source.fixAll.lectern").
fn wanted(only: Option<&[CodeActionKind]>, kind: &str) -> bool {
    match only {
        None => true,
        Some(only) => only.iter().any(|k| {
            let k = k.as_str();
            kind == k || (kind.starts_with(k) && kind.as_bytes().get(k.len()) == Some(&b'.'))
        }),
    }
}

fn touches(a: Span, start: LinePos, end: LinePos) -> bool {
    a.start <= end && start <= a.end
}

fn edit(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit { changes: Some(HashMap::from([(uri.clone(), edits)])), ..WorkspaceEdit::default() }
}

/// Picks fixes whose edits do not overlap any edit already picked (fixes are applied whole or
/// not at all), in document order.
fn non_overlapping<'a>(fixes: impl Iterator<Item = &'a SpanFix>) -> Vec<&'a SpanFix> {
    let mut taken: Vec<Span> = Vec::new();
    let mut out = Vec::new();
    for fix in fixes {
        let clash = |s: &Span| {
            taken
                .iter()
                .any(|t| (t.start < s.end && s.start < t.end) || (t.start == s.start && (t.is_empty() || s.is_empty())))
        };
        if fix.edits.iter().any(|e| clash(&e.span)) {
            continue;
        }
        taken.extend(fix.edits.iter().map(|e| e.span));
        out.push(fix);
    }
    out
}

/// The local path of a `file:` URI whose host is empty or `localhost`; `None` for any other
/// URI (`http:`, `untitled:`, `file://otherhost/…`), which names no file of ours.
pub fn local_path(uri: &Uri) -> Option<std::path::PathBuf> {
    let scheme = uri.scheme();
    if !scheme.as_str().eq_ignore_ascii_case("file") {
        return None;
    }
    let host = uri.authority().map(|a| a.host().to_string()).unwrap_or_default();
    if !(host.is_empty() || host.eq_ignore_ascii_case("localhost")) {
        return None;
    }
    let path = uri.to_file_path()?.into_owned();
    path.is_absolute().then_some(path)
}

/// Where the "ignore in project" / "disable in project" actions may write.
#[derive(Clone, Copy, Default)]
pub struct ProjectFile<'a> {
    /// The project's `lectern.toml` (existing or to be created).
    pub path: Option<&'a std::path::Path>,
    /// The workspace folder, when there is one.
    pub root: Option<&'a std::path::Path>,
}

impl ProjectFile<'_> {
    /// The `lectern.toml` the actions for a document may edit: only for a local `file:`
    /// document; with a workspace folder, the project file, and only for a document inside
    /// that folder; without one, the project file when it is in the document's folder, else
    /// the `lectern.toml` of the document's folder.
    fn for_document(&self, uri: &Uri) -> Option<std::path::PathBuf> {
        let doc = local_path(uri)?;
        let folder = doc.parent()?;
        let toml = match self.root {
            Some(root) => {
                if !doc.starts_with(root) {
                    return None;
                }
                self.path?.to_path_buf()
            }
            None => folder.join(crate::settings::FILE_NAME),
        };
        let inside = toml.file_name().is_some_and(|n| n == crate::settings::FILE_NAME)
            && toml.parent().is_some_and(|d| self.root.map_or(d == folder, |r| d.starts_with(r)));
        inside.then_some(toml)
    }
}

/// The code actions for `range` of a document. `project` says where the "ignore in project" /
/// "disable in project" actions may write; a `lectern.toml` there that is ignored (not a
/// regular file, too large) is reported in `notes`, and gets no action.
pub fn code_actions(
    snap: &Snapshot,
    uri: &Uri,
    range: lsp::Range,
    only: Option<&[CodeActionKind]>,
    project: ProjectFile,
    notes: &mut Vec<String>,
) -> Vec<CodeActionOrCommand> {
    let enc = snap.encoding;
    let doc = &snap.doc;
    let findings = snap.findings();
    let findings = findings.as_slice();
    let start = doc.line_pos_of(convert::from_position(range.start), enc);
    let end = doc.line_pos_of(convert::from_position(range.end), enc);
    let locale = snap.settings.config.locale;
    let mut out = Vec::new();

    if wanted(only, CodeActionKind::QUICKFIX.as_str()) {
        for f in findings.iter().filter(|f| touches(f.span, start, end)) {
            let Some(fix) = &f.fix else { continue };
            if fix.applicability == Applicability::DisplayOnly || fix.edits.is_empty() {
                continue;
            }
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: fix.title.clone(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![convert::diagnostic(doc, f, enc, uri)]),
                edit: Some(edit(uri, convert::text_edits(doc, fix, enc))),
                is_preferred: Some(fix.applicability == Applicability::Safe),
                ..CodeAction::default()
            }));
        }
        // Silencing a false alarm: in the project file, or (Markdown) by a comment.
        let toml = project.for_document(uri).and_then(|path| match crate::settings::read_file(&path) {
            Ok(text) => Some((path, Some(text))),
            Err(crate::settings::ReadError::Missing) => Some((path, None)),
            Err(e) => {
                notes.push(format!("{}: {e}; no “in this project” actions", path.display()));
                None
            }
        });
        let markdown = uri.as_str().ends_with(".md") || uri.as_str().ends_with(".markdown");
        let mut seen_rules: Vec<&str> = Vec::new();
        for f in findings.iter().filter(|f| touches(f.span, start, end)) {
            let diag = || Some(vec![convert::diagnostic(doc, f, enc, uri)]);
            if let Some(toml) = &toml {
                if f.rule.category() == Category::Blank && f.span.start.line == f.span.end.line {
                    if let Some(phrase) = phrase_around(&doc.line_text(f.span.start.line as usize), f.span) {
                        let title = locale.pick(
                            format!("在项目中忽略“{phrase}”（写入 lectern.toml）"),
                            format!("Ignore “{phrase}” in this project (lectern.toml)"),
                        );
                        if let Some(e) =
                            project_edit(toml, enc, |t| crate::settings::edit::add_ignore_phrase(t, &phrase))
                        {
                            out.push(silencing(title, diag(), e));
                        }
                    }
                }
                if !seen_rules.contains(&f.rule.code()) {
                    seen_rules.push(f.rule.code());
                    let code = f.rule.code();
                    let title = locale.pick(
                        format!("在项目中停用规则 {code}（{}）", f.rule.name()),
                        format!("Disable rule {code} ({}) in this project", f.rule.name()),
                    );
                    if let Some(e) = project_edit(toml, enc, |t| crate::settings::edit::disable_rule(t, code)) {
                        out.push(silencing(title, diag(), e));
                    }
                }
            }
            if markdown {
                let line = f.span.start.line;
                let text = doc.line_text(line as usize);
                let indent: String = text.chars().take_while(|c| *c == ' ' || *c == '\t').collect();
                let at = lsp::Position::new(line, 0);
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: locale.pick(
                        format!("在此行停用 {}（Markdown 注释）", f.rule.code()),
                        format!("Disable {} for this line (Markdown comment)", f.rule.code()),
                    ),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: diag(),
                    edit: Some(edit(
                        uri,
                        vec![TextEdit {
                            range: lsp::Range::new(at, at),
                            new_text: format!("{indent}<!-- lectern-disable-next-line {} -->\n", f.rule.code()),
                        }],
                    )),
                    ..CodeAction::default()
                }));
            }
        }
    }

    let has_safe = findings.iter().any(|f| f.fix.as_ref().is_some_and(|x| x.applicability == Applicability::Safe));
    if has_safe && wanted(only, FIX_ALL) {
        if let Some(e) = fix_all_edit(snap) {
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: locale.pick("lectern：应用全部安全修复", "lectern: apply all safe fixes").to_string(),
                kind: Some(CodeActionKind::new(FIX_ALL)),
                edit: Some(edit(uri, vec![e])),
                ..CodeAction::default()
            }));
        }
    }

    let by_category = |cat: Category, kind: &'static str, title: &str| -> Option<CodeActionOrCommand> {
        if !wanted(only, kind) {
            return None;
        }
        let fixes = findings
            .iter()
            .filter(|f: &&Finding| f.rule.category() == cat)
            .filter_map(|f| f.fix.as_ref())
            .filter(|x| x.applicability != Applicability::DisplayOnly && !x.edits.is_empty());
        let picked = non_overlapping(fixes);
        if picked.is_empty() {
            return None;
        }
        let edits = picked.iter().flat_map(|x| convert::text_edits(doc, x, enc)).collect();
        Some(CodeActionOrCommand::CodeAction(CodeAction {
            title: title.to_string(),
            kind: Some(CodeActionKind::new(kind)),
            edit: Some(edit(uri, edits)),
            ..CodeAction::default()
        }))
    };
    out.extend(by_category(
        Category::Boilerplate,
        REMOVE_BOILERPLATE,
        locale.pick("lectern：删除全部抓取残留", "lectern: remove all boilerplate"),
    ));
    out.extend(by_category(
        Category::Numbering,
        RENUMBER_HEADINGS,
        locale.pick("lectern：重排全部标题序号", "lectern: renumber all headings"),
    ));
    out
}

/// One edit that turns the text into the text with every safe fix applied (until the fixes
/// converge): the engine's `fix_all`, then the changed middle of the text.
fn fix_all_edit(snap: &Snapshot) -> Option<TextEdit> {
    let text = snap.doc.text();
    let (fixed, n) = crate::analysis::fix_all(&text, &snap.settings.config, false);
    if n == 0 || fixed == text {
        return None;
    }
    let (a, b) = (text.as_bytes(), fixed.as_bytes());
    let mut pre = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    while !text.is_char_boundary(pre) || !fixed.is_char_boundary(pre) {
        pre -= 1;
    }
    let max_suf = a.len().min(b.len()) - pre;
    let mut suf = a.iter().rev().zip(b.iter().rev()).take(max_suf).take_while(|(x, y)| x == y).count();
    while !text.is_char_boundary(a.len() - suf) || !fixed.is_char_boundary(b.len() - suf) {
        suf -= 1;
    }
    // Do not split a CRLF pair between the kept and the replaced text.
    let (mut s, mut e) = (pre, a.len() - suf);
    let mut ne = b.len() - suf;
    if s > 0 && a.get(s - 1) == Some(&b'\r') && a.get(s) == Some(&b'\n') {
        s -= 1;
    }
    if e > 0 && e < a.len() && a.get(e - 1) == Some(&b'\r') && a.get(e) == Some(&b'\n') {
        e += 1;
        ne += 1;
    }
    let new_text = fixed.get(s..ne.max(s))?.to_string();
    let enc = snap.encoding;
    let range = lsp::Range::new(pos(snap, s, enc), pos(snap, e, enc));
    Some(TextEdit { range, new_text })
}

fn pos(snap: &Snapshot, byte: usize, enc: crate::text::Encoding) -> lsp::Position {
    let p = snap.doc.position_of_byte(byte, enc);
    lsp::Position::new(p.line, p.col)
}

/// A quick fix that silences a finding (in the project file or by a comment).
fn silencing(title: String, diagnostics: Option<Vec<lsp::Diagnostic>>, edit: WorkspaceEdit) -> CodeActionOrCommand {
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics,
        edit: Some(edit),
        ..CodeAction::default()
    })
}

/// The phrase to ignore for a finding: its own text, widened to a few Chinese characters on
/// each side (an empty slot becomes “团结万人”), never across punctuation or spaces.
fn phrase_around(line: &str, span: Span) -> Option<String> {
    let (s, e) = (span.start.col as usize, span.end.col as usize);
    let inner = line.get(s..e)?;
    let han = |c: &char| crate::analysis::util::is_han(*c) || c.is_ascii_alphanumeric();
    let before: String = {
        let mut v: Vec<char> = line.get(..s)?.chars().rev().take_while(han).take(2).collect();
        v.reverse();
        v.into_iter().collect()
    };
    let after: String = line.get(e..)?.chars().take_while(han).take(3).collect();
    let phrase = format!("{before}{inner}{after}");
    (phrase.chars().count() >= 2).then_some(phrase)
}

/// An edit of the project file (its path, and its text when it exists: read with
/// [`crate::settings::read_file`], so never a FIFO or a device): the whole file replaced by
/// `change(old)` (which keeps every other byte), or the file created when it does not exist.
fn project_edit(
    (path, old): &(std::path::PathBuf, Option<String>),
    enc: crate::text::Encoding,
    change: impl Fn(&str) -> Result<String, String>,
) -> Option<WorkspaceEdit> {
    let uri = Uri::from_file_path(path)?;
    match old {
        Some(old) => {
            let new = change(old).ok()?;
            if new == *old {
                return None;
            }
            let idx = crate::text::LineIndex::new(old);
            let end = idx.position(old, old.len(), enc);
            let range = lsp::Range::new(lsp::Position::new(0, 0), lsp::Position::new(end.line, end.col));
            Some(edit(&uri, vec![TextEdit { range, new_text: new }]))
        }
        None => {
            let new = change("").ok()?;
            let at = lsp::Position::new(0, 0);
            Some(WorkspaceEdit {
                document_changes: Some(lsp::DocumentChanges::Operations(vec![
                    lsp::DocumentChangeOperation::Op(lsp::ResourceOp::Create(lsp::CreateFile {
                        uri: uri.clone(),
                        options: Some(lsp::CreateFileOptions { overwrite: Some(false), ignore_if_exists: Some(true) }),
                        annotation_id: None,
                    })),
                    lsp::DocumentChangeOperation::Edit(lsp::TextDocumentEdit {
                        text_document: lsp::OptionalVersionedTextDocumentIdentifier { uri, version: None },
                        edits: vec![lsp::OneOf::Left(TextEdit { range: lsp::Range::new(at, at), new_text: new })],
                    }),
                ])),
                ..WorkspaceEdit::default()
            })
        }
    }
}
