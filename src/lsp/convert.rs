//! Every mapping between the engine's types (line/byte-column spans, findings, fixes, the
//! outline) and the protocol's. Pure functions of a [`Document`] snapshot and the negotiated
//! [`Encoding`]; positions are converted only here, and only for what is sent.

use std::borrow::Cow;
use std::collections::HashMap;
use std::str::FromStr;
use std::sync::{Arc, LazyLock};

pub use tower_lsp_server::ls_types::Uri;
use tower_lsp_server::ls_types::{
    self as lsp, CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, DocumentSymbol, FoldingRange,
    FoldingRangeKind, Location, NumberOrString, SymbolKind, TextEdit,
};

use crate::analysis::pass::LineResult;
use crate::analysis::{Finding, LinePos, Locale, OutlineItem, OutlineKind, Rule, Severity, Span, SpanFix};
use crate::document::Document;
use crate::text::{col_of_byte, Encoding, Position};

/// Each rule's documentation link, parsed once.
static DOC_URLS: LazyLock<HashMap<&'static str, Uri>> = LazyLock::new(|| {
    crate::analysis::rules::all()
        .iter()
        .filter_map(|r| Uri::from_str(&r.doc_url()).ok().map(|u| (r.code(), u)))
        .collect()
});

pub fn position(doc: &Document, pos: LinePos, enc: Encoding) -> lsp::Position {
    let p = doc.position_of(pos, enc);
    lsp::Position::new(p.line, p.col)
}

pub fn range(doc: &Document, span: Span, enc: Encoding) -> lsp::Range {
    lsp::Range::new(position(doc, span.start, enc), position(doc, span.end, enc))
}

/// Hashes a line result's address (a `usize`) with one multiplication: SipHash's set-up
/// would cost more than the look-up it serves, thousands of times per publish.
#[derive(Clone, Copy, Debug, Default)]
pub struct PtrHash;

impl std::hash::BuildHasher for PtrHash {
    type Hasher = PtrHasher;
    fn build_hasher(&self) -> PtrHasher {
        PtrHasher(0)
    }
}

#[derive(Clone, Copy, Debug, Default)]
pub struct PtrHasher(u64);

impl std::hash::Hasher for PtrHasher {
    fn finish(&self) -> u64 {
        // The table indexes buckets with the low bits: fold the well-mixed high bits down.
        self.0 ^ (self.0 >> 29)
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_usize(&mut self, n: usize) {
        // Fibonacci hashing; the high bits (which the table uses) mix every input bit.
        self.0 = (n as u64 ^ self.0).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// Converts many positions, fetching each line's text at most once while consecutive
/// positions stay on one line (findings are sorted, so they mostly do) and counting columns on
/// from the previous position on that line. Same results as [`position`].
pub struct Positions<'a> {
    doc: &'a Document,
    enc: Encoding,
    /// The line last converted on: its number, its text, and a cursor (byte, column) from which
    /// a later position on the same line is counted on.
    line: Option<(u32, Cow<'a, str>, usize, u32)>,
}

impl<'a> Positions<'a> {
    pub fn new(doc: &'a Document, enc: Encoding) -> Self {
        Positions { doc, enc, line: None }
    }
    pub fn position(&mut self, pos: LinePos) -> lsp::Position {
        let Some(lr) = self.doc.line_result(pos.line as usize) else {
            return position(self.doc, pos, self.enc);
        };
        if self.enc == Encoding::Utf8 {
            return lsp::Position::new(pos.line, pos.col.min(lr.facts.bytes));
        }
        if self.line.as_ref().is_none_or(|(l, ..)| *l != pos.line) {
            self.line = Some((pos.line, self.doc.line_text_fast(pos.line as usize), 0, 0));
        }
        let enc = self.enc;
        let col = match self.line.as_mut() {
            Some((_, text, at, at_col)) => {
                let target = crate::text::floor_char_boundary(text, pos.col as usize);
                if target < *at {
                    (*at, *at_col) = (0, 0);
                }
                // Count on from the cursor (findings come sorted, so mostly forward).
                let rest = text.get(*at..).unwrap_or("");
                let col = at_col.saturating_add(col_of_byte(rest, target - *at, enc));
                (*at, *at_col) = (target, col);
                col
            }
            None => 0,
        };
        lsp::Position::new(pos.line, col)
    }
    pub fn range(&mut self, span: Span) -> lsp::Range {
        lsp::Range::new(self.position(span.start), self.position(span.end))
    }
}

/// The engine's position type from the protocol's.
pub fn from_position(p: lsp::Position) -> Position {
    Position::new(p.line, p.character)
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// A finding as a published diagnostic.
pub fn diagnostic(doc: &Document, f: &Finding, enc: Encoding, uri: &Uri) -> lsp::Diagnostic {
    diagnostic_with(&mut Positions::new(doc, enc), f, uri)
}

/// Every finding as a diagnostic: what [`publish_params_json`] serialises, as protocol types.
pub fn diagnostics(doc: &Document, findings: &[Finding], enc: Encoding, uri: &Uri) -> Vec<lsp::Diagnostic> {
    let mut p = Positions::new(doc, enc);
    findings.iter().map(|f| diagnostic_with(&mut p, f, uri)).collect()
}

fn diagnostic_with(p: &mut Positions<'_>, f: &Finding, uri: &Uri) -> lsp::Diagnostic {
    let range = p.range(f.span);
    let related: Vec<DiagnosticRelatedInformation> = f
        .related
        .iter()
        .map(|r| DiagnosticRelatedInformation {
            location: Location { uri: uri.clone(), range: p.range(r.span) },
            message: r.message.clone(),
        })
        .collect();
    lsp::Diagnostic {
        range,
        severity: Some(severity(f.severity)),
        code: Some(NumberOrString::String(f.rule.code().to_string())),
        code_description: DOC_URLS.get(f.rule.code()).map(|href| CodeDescription { href: href.clone() }),
        source: Some("lectern".to_string()),
        message: f.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// The one diagnostic a document too large to analyse gets.
pub fn too_large_diagnostic(bytes: usize, max: usize, locale: Locale) -> lsp::Diagnostic {
    let message = locale.pick(
        format!("文档过大（{bytes} 字节，上限 {max} 字节），lectern 未检查此文档；可在设置 maxDocumentSize 中调整上限。"),
        format!("document too large ({bytes} bytes, limit {max}): lectern does not check it; raise maxDocumentSize to check it."),
    );
    lsp::Diagnostic {
        range: lsp::Range::default(),
        severity: Some(DiagnosticSeverity::INFORMATION),
        source: Some("lectern".to_string()),
        message,
        ..lsp::Diagnostic::default()
    }
}

/// The edits of a fix.
pub fn text_edits(doc: &Document, fix: &SpanFix, enc: Encoding) -> Vec<TextEdit> {
    fix.edits.iter().map(|e| TextEdit { range: range(doc, e.span, enc), new_text: e.new_text.clone() }).collect()
}

/// The outline as hierarchical document symbols.
pub fn document_symbols(doc: &Document, items: &[OutlineItem], enc: Encoding) -> Vec<DocumentSymbol> {
    items
        .iter()
        .map(|item| {
            let selection_range = range(doc, item.selection, enc);
            let mut full = range(doc, item.span, enc);
            // The selection must lie inside the range (VS Code rejects the symbol otherwise).
            if pos_lt(selection_range.start, full.start) {
                full.start = selection_range.start;
            }
            if pos_lt(full.end, selection_range.end) {
                full.end = selection_range.end;
            }
            let name = if item.title.trim().is_empty() { "—".to_string() } else { item.title.clone() };
            #[allow(deprecated)]
            DocumentSymbol {
                name,
                detail: Some(level_name(item, Locale::ZhCn)),
                kind: match item.kind {
                    OutlineKind::Title => SymbolKind::FILE,
                    OutlineKind::Salutation => SymbolKind::KEY,
                    OutlineKind::Heading => SymbolKind::NAMESPACE,
                },
                tags: None,
                deprecated: None,
                range: full,
                selection_range,
                children: (!item.children.is_empty()).then(|| document_symbols(doc, &item.children, enc)),
            }
        })
        .collect()
}

fn pos_lt(a: lsp::Position, b: lsp::Position) -> bool {
    (a.line, a.character) < (b.line, b.character)
}

/// "一级标题" / "level-1 heading".
pub fn level_name(item: &OutlineItem, locale: Locale) -> String {
    match item.kind {
        OutlineKind::Title => locale.pick("标题", "title").to_string(),
        OutlineKind::Salutation => locale.pick("称谓", "salutation").to_string(),
        OutlineKind::Heading => {
            const CN: [&str; 6] = ["零", "一", "二", "三", "四", "五"];
            let l = usize::from(item.level.min(5));
            locale.pick(format!("{}级标题", CN.get(l).unwrap_or(&"")), format!("level-{l} heading"))
        }
    }
}

/// One folding range per section that spans more than its heading line, without the blank
/// lines at its end.
pub fn folding_ranges(doc: &Document, items: &[OutlineItem], out: &mut Vec<FoldingRange>) {
    for item in items {
        let start = item.span.start.line;
        let mut end = item.span.end.line;
        if item.span.end.col == 0 && end > start {
            end -= 1;
        }
        while end > start && doc.line_facts(end as usize).is_none_or(|f| f.is_empty) {
            end -= 1;
        }
        if end > start {
            out.push(FoldingRange {
                start_line: start,
                start_character: None,
                end_line: end,
                end_character: None,
                kind: Some(FoldingRangeKind::Region),
                collapsed_text: None,
            });
        }
        folding_ranges(doc, &item.children, out);
    }
}

/// The chain of outline items from a root down to the one whose heading is on `line`.
pub fn outline_path(items: &[OutlineItem], line: u32) -> Option<Vec<&OutlineItem>> {
    for item in items {
        if item.selection.start.line == line {
            return Some(vec![item]);
        }
        if item.span.start.line <= line && line <= item.span.end.line {
            if let Some(mut path) = outline_path(&item.children, line) {
                path.insert(0, item);
                return Some(path);
            }
        }
    }
    None
}

/// Hover text for a finding: what is wrong (the message), why (the rule's summary), the fix.
pub fn finding_hover(f: &Finding, locale: Locale) -> String {
    let rule: Rule = f.rule;
    let meta = rule.meta();
    let mut s = format!("**{}** `{}` · {}\n\n{}\n\n", rule.code(), rule.name(), f.severity.as_str(), f.message);
    s.push_str(
        &locale.pick(format!("**问题**：{}\n\n", meta.summary_zh), format!("**Rule**: {}\n\n", meta.summary_en)),
    );
    match &f.fix {
        Some(fix) => {
            let safety = match fix.applicability {
                crate::analysis::Applicability::Safe => locale.pick("安全，可自动修复", "safe, applied by fix-all"),
                crate::analysis::Applicability::Unsafe => locale.pick("需人工确认", "unsafe: review before applying"),
                crate::analysis::Applicability::DisplayOnly => locale.pick("仅供参考", "display only"),
            };
            s.push_str(&locale.pick(
                format!("**修复**：{}（{safety}）\n\n", fix.title),
                format!("**Fix**: {} ({safety})\n\n", fix.title),
            ));
        }
        None => s.push_str(
            locale.pick("**修复**：需由作者补写实际内容。\n\n", "**Fix**: only the author can fill this in.\n\n"),
        ),
    }
    for r in &f.related {
        s.push_str(&format!("- {}\n", r.message));
    }
    s.push_str(&format!("[{}]({})", locale.pick("规则说明", "rule documentation"), rule.doc_url()));
    s
}

/// Hover text for a heading marker: its level and its path in the outline.
pub fn heading_hover(path: &[&OutlineItem], locale: Locale) -> String {
    let Some(last) = path.last() else { return String::new() };
    let titles: Vec<&str> = path.iter().map(|i| i.title.as_str()).collect();
    format!("**{}**\n\n{}{}", level_name(last, locale), locale.pick("大纲位置：", "Outline: "), titles.join(" › "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Config;

    #[test]
    fn cached_positions_equal_single_conversions_on_cjk_astral_and_crlf() {
        let text = "一、甲😀乙\r\n𠀀，占%\r\rabc\n\n三、“丙”𠀀";
        let doc = Document::new(text, &Config::default());
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let mut p = Positions::new(&doc, enc);
            for line in 0..8u32 {
                for col in 0..24u32 {
                    let lp = LinePos::new(line, col);
                    assert_eq!(p.position(lp), position(&doc, lp, enc), "{lp:?} {enc:?}");
                }
            }
        }
    }

    #[test]
    fn positions_stay_exact_across_edits() {
        let c = Config::default();
        let mut doc = Document::new("😀占%\n𠀀*乙\r\n三、丙%", &c);
        let spans: Vec<LinePos> = (0..4).flat_map(|l| (0..12).map(move |b| LinePos::new(l, b))).collect();
        for step in 0..4 {
            let mut p = Positions::new(&doc, Encoding::Utf16);
            for &lp in &spans {
                assert_eq!(p.position(lp), position(&doc, lp, Encoding::Utf16), "step {step} {lp:?}");
            }
            let at = Position::new(step % 3, 1);
            doc.apply_change(Some((at, at)), "😀\n", Encoding::Utf16, &c);
        }
    }
}

#[cfg(test)]
mod diagnostic_tests {
    use super::*;
    use crate::analysis::{Config, Finding, Span};

    #[test]
    fn diagnostic_carries_code_link_severity_and_related_locations_in_utf16() {
        let doc = Document::new("一、甲\n😀三、乙", &Config::default());
        let rule = Rule::find("LEC201").expect("rule");
        let f =
            Finding::new(rule, Span::in_line(1, 4, 10), "跳号").with_related(Span::in_line(0, 0, 6), "上一个同级标题");
        let uri = Uri::from_str("file:///tmp/a.txt").expect("uri");
        let d = diagnostic(&doc, &f, Encoding::Utf16, &uri);
        assert_eq!(d.range, lsp::Range::new(lsp::Position::new(1, 2), lsp::Position::new(1, 4)));
        assert_eq!(d.code, Some(NumberOrString::String("LEC201".into())));
        assert_eq!(d.source.as_deref(), Some("lectern"));
        assert_eq!(d.severity, Some(DiagnosticSeverity::WARNING));
        assert!(d.code_description.expect("link").href.as_str().ends_with("LEC201.md"));
        let rel = d.related_information.expect("related");
        assert_eq!(rel[0].location.range, lsp::Range::new(lsp::Position::new(0, 0), lsp::Position::new(0, 2)));
        assert_eq!(rel[0].location.uri, uri);
    }
}

/// A problem in `lectern.toml`, as a diagnostic on that file.
pub fn config_error(text: &str, e: &crate::settings::ConfigError, enc: crate::text::Encoding) -> lsp::Diagnostic {
    let idx = crate::text::LineIndex::new(text);
    let r = e.range.clone().unwrap_or(0..0);
    let p = |o: usize| {
        let p = idx.position(text, o.min(text.len()), enc);
        lsp::Position::new(p.line, p.col)
    };
    let message = if e.key.is_empty() { e.message.clone() } else { format!("`{}`: {}", e.key, e.message) };
    lsp::Diagnostic {
        range: lsp::Range::new(p(r.start), p(r.end)),
        severity: Some(lsp::DiagnosticSeverity::ERROR),
        source: Some("lectern".to_string()),
        message,
        ..lsp::Diagnostic::default()
    }
}

/// Each rule's `"code"`, `"codeDescription"` and `"source"` members, serialised once.
static CODE_JSON: LazyLock<HashMap<&'static str, String>> = LazyLock::new(|| {
    crate::analysis::rules::all()
        .iter()
        .map(|r| {
            let mut s = String::from(",\"code\":");
            push_json_str(&mut s, r.code());
            if let Some(href) = DOC_URLS.get(r.code()) {
                s.push_str(",\"codeDescription\":{\"href\":");
                push_json_str(&mut s, href.as_str());
                s.push('}');
            }
            s.push_str(",\"source\":\"lectern\"");
            (r.code(), s)
        })
        .collect()
});

/// Appends `s` as a JSON string (the escapes `serde_json` writes).
fn push_json_str(out: &mut String, s: &str) {
    // No early exit: the compiler turns this scan into vector instructions.
    if !s.bytes().fold(false, |acc, b| acc | (b < 0x20) | (b == b'"') | (b == b'\\')) {
        out.push('"');
        out.push_str(s);
        out.push('"');
    } else if let Ok(j) = serde_json::to_string(s) {
        out.push_str(&j);
    }
}

fn push_num(out: &mut String, n: impl itoa::Integer) {
    out.push_str(itoa::Buffer::new().format(n));
}

fn severity_number(s: Severity) -> u8 {
    match s {
        Severity::Error => 1,
        Severity::Warning => 2,
        Severity::Info => 3,
        Severity::Hint => 4,
    }
}

/// What a publish keeps for the next one: converted columns, and each local finding's
/// serialised diagnostic (with holes where its line numbers go), keyed by its line result.
/// An unchanged line keeps its `Arc<LineResult>` across edits, so its diagnostics are copied
/// with the line numbers filled in instead of being converted and serialised again.
#[derive(Debug, Default)]
pub struct PublishCache {
    enc: Option<Encoding>,
    lines: HashMap<usize, CachedFrags, PtrHash>,
    /// Document-pass findings' diagnostics, by a hash of the finding: valid while the lines
    /// their positions are on keep their line results.
    doc: HashMap<u64, Vec<DocFrag>>,
}

/// A document-pass finding's serialised diagnostic (absolute line numbers) and the line results
/// of the lines its positions were converted on.
#[derive(Debug)]
struct DocFrag {
    finding: Finding,
    on: Vec<(u32, Arc<LineResult>)>,
    frag: Frag,
}

/// The lines whose text a finding's positions are converted on.
fn position_lines(f: &Finding) -> Vec<u32> {
    let mut v = vec![f.span.start.line, f.span.end.line];
    for r in &f.related {
        v.push(r.span.start.line);
        v.push(r.span.end.line);
    }
    v.sort_unstable();
    v.dedup();
    v
}

/// A line result (kept alive, so its address is not reused) and its findings' fragments.
type CachedFrags = (Arc<LineResult>, Vec<Option<Frag>>);

/// One diagnostic as JSON, with the line numbers left out: `holes` lists (byte position in
/// `json`, line relative to the finding's line).
#[derive(Clone, Debug, Default)]
struct Frag {
    severity: Option<Severity>,
    json: String,
    holes: Vec<(u32, u32)>,
}

impl Frag {
    fn emit(&self, out: &mut String, line: u32) {
        let mut at = 0usize;
        for &(pos, rel) in &self.holes {
            out.push_str(self.json.get(at..pos as usize).unwrap_or(""));
            push_num(out, line.saturating_add(rel));
            at = pos as usize;
        }
        out.push_str(self.json.get(at..).unwrap_or(""));
    }
}

/// Serialises one diagnostic into `frag`, leaving holes for line numbers (relative to `base`).
fn write_frag(
    frag: &mut Frag,
    p: &mut Positions<'_>,
    f: &crate::analysis::engine::Placed<'_>,
    uri_json: &str,
    base: u32,
) {
    let off = f.line_offset;
    let out = &mut frag.json;
    let holes = &mut frag.holes;
    let range = |out: &mut String, holes: &mut Vec<(u32, u32)>, r: lsp::Range| {
        let mut hole = |out: &mut String, line: u32| {
            holes.push((u32::try_from(out.len()).unwrap_or(u32::MAX), line.saturating_sub(base)));
        };
        out.push_str("{\"start\":{\"line\":");
        hole(out, r.start.line);
        out.push_str(",\"character\":");
        push_num(out, r.start.character);
        out.push_str("},\"end\":{\"line\":");
        hole(out, r.end.line);
        out.push_str(",\"character\":");
        push_num(out, r.end.character);
        out.push_str("}}");
    };
    out.push_str("{\"range\":");
    range(out, holes, p.range(f.finding.span.at_line_offset(off)));
    out.push_str(",\"severity\":");
    push_num(out, severity_number(f.severity));
    let code = f.finding.rule.code();
    match CODE_JSON.get(code) {
        Some(s) => out.push_str(s),
        None => {
            out.push_str(",\"code\":");
            push_json_str(out, code);
            out.push_str(",\"source\":\"lectern\"");
        }
    }
    out.push_str(",\"message\":");
    push_json_str(out, &f.finding.message);
    if !f.finding.related.is_empty() {
        out.push_str(",\"relatedInformation\":[");
        for (k, r) in f.finding.related.iter().enumerate() {
            if k > 0 {
                out.push(',');
            }
            out.push_str("{\"location\":{\"uri\":");
            out.push_str(uri_json);
            out.push_str(",\"range\":");
            range(out, holes, p.range(r.span.at_line_offset(off)));
            out.push_str("},\"message\":");
            push_json_str(out, &r.message);
            out.push('}');
        }
        out.push(']');
    }
    out.push('}');
    frag.severity = Some(f.severity);
}

/// The `publishDiagnostics` parameters for `findings`, serialised straight from the engine's
/// placed findings into `out` (no `lsp::Diagnostic` values, no copies of the findings): the
/// same JSON as serialising [`diagnostics`]' result. Uses and renews `cache`.
pub fn publish_params_json(
    out: &mut String,
    doc: &Document,
    findings: &[crate::analysis::engine::Placed<'_>],
    enc: Encoding,
    uri: &Uri,
    version: Option<i32>,
    cache: &mut PublishCache,
) {
    if cache.enc != Some(enc) {
        *cache = PublishCache { enc: Some(enc), ..PublishCache::default() };
    }
    let mut old =
        PublishCache { lines: std::mem::take(&mut cache.lines), doc: std::mem::take(&mut cache.doc), enc: None };
    let mut new: HashMap<usize, CachedFrags, PtrHash> = HashMap::default();
    let mut new_doc: HashMap<u64, Vec<DocFrag>> = HashMap::new();
    let mut uri_json = String::new();
    push_json_str(&mut uri_json, uri.as_str());
    out.push_str("{\"uri\":");
    out.push_str(&uri_json);
    out.push_str(",\"diagnostics\":[");
    let mut p = Positions::new(doc, enc);
    let mut scratch = Frag::default();
    for (i, f) in findings.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let local = f.origin.and_then(|(line, idx)| Some((line, idx as usize, doc.line_result(line as usize)?)));
        let Some((line, idx, lr)) = local else {
            if f.line_offset != 0 {
                scratch.json.clear();
                scratch.holes.clear();
                write_frag(&mut scratch, &mut p, f, &uri_json, 0);
                scratch.emit(out, 0);
                continue;
            }
            let key = {
                use std::hash::{BuildHasher, BuildHasherDefault};
                BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default().hash_one(f.finding)
            };
            let same = |d: &DocFrag| {
                d.frag.severity == Some(f.severity)
                    && d.finding == *f.finding
                    && d.on.iter().all(|(l, a)| doc.line_result(*l as usize).is_some_and(|b| Arc::ptr_eq(a, b)))
            };
            let hit = old.doc.get_mut(&key).and_then(|v| v.iter().position(same).map(|i| v.swap_remove(i)));
            let entry = match hit {
                Some(d) => d,
                None => {
                    let mut frag = Frag::default();
                    write_frag(&mut frag, &mut p, f, &uri_json, 0);
                    let on = position_lines(f.finding)
                        .into_iter()
                        .filter_map(|l| doc.line_result(l as usize).map(|a| (l, a.clone())))
                        .collect();
                    DocFrag { finding: f.finding.clone(), on, frag }
                }
            };
            entry.frag.emit(out, 0);
            new_doc.entry(key).or_default().push(entry);
            continue;
        };
        let key = Arc::as_ptr(lr) as usize;
        let (_, frags) =
            new.entry(key).or_insert_with(|| old.lines.remove(&key).unwrap_or_else(|| (lr.clone(), Vec::new())));
        if frags.len() <= idx {
            frags.resize(idx + 1, None);
        }
        let Some(slot) = frags.get_mut(idx) else { continue };
        match slot {
            Some(frag) if frag.severity == Some(f.severity) => frag.emit(out, line),
            _ => {
                let mut frag = Frag::default();
                write_frag(&mut frag, &mut p, f, &uri_json, line);
                frag.emit(out, line);
                *slot = Some(frag);
            }
        }
    }
    cache.lines = new;
    cache.doc = new_doc;
    out.push(']');
    if let Some(v) = version {
        out.push_str(",\"version\":");
        push_num(out, v);
    }
    out.push('}');
}

#[cfg(test)]
mod publish_json_tests {
    use super::*;
    use crate::analysis::Config;

    /// The hand-written publish equals serialising the protocol types, in every encoding, on
    /// text with CJK, an emoji, CRLF, escapes and findings with related locations.
    #[test]
    fn publish_params_json_equals_serialised_diagnostics() {
        let text = "在全县\"大会\"上的讲话\r\n同志们：\r\n一、😀甲\r\n   三、乙\t\\\r\n投入资金万元，占比%。\r\n二是抓落实。\r\n上一篇:在全市会议上的讲话\r\n";
        let config = Config::default();
        let uri = Uri::from_str("file:///tmp/%E8%AE%B2%E8%AF%9D.txt").expect("uri");
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let mut doc = Document::new(text, &config);
            let mut cache = PublishCache::default();
            // Twice as it is (the second time from the cache), then after edits that move
            // lines down and change one (cached diagnostics get new line numbers).
            for step in 0..5 {
                match step {
                    2 => doc.apply_change(Some((Position::new(0, 0), Position::new(0, 0))), "占%\n😀\n", enc, &config),
                    3 => {
                        // Same bytes, other UTF-16/32 columns: a heading's document findings
                        // keep their byte spans, their positions must not be reused.
                        doc.apply_change(Some((Position::new(5, 0), Position::new(5, 3))), "\u{3000}", enc, &config);
                        doc.apply_change(Some((Position::new(6, 0), Position::new(6, 0))), "𠀀", enc, &config);
                    }
                    4 => doc.apply_change(Some((Position::new(0, 0), Position::new(2, 0))), "", enc, &config),
                    _ => {}
                }
                let findings = doc.findings(&config);
                assert!(findings.iter().any(|f| !f.related.is_empty()), "the text must give related locations");
                let expected =
                    lsp::PublishDiagnosticsParams::new(uri.clone(), diagnostics(&doc, &findings, enc, &uri), Some(7));
                let mut out = String::new();
                doc.with_placed(&config, |p| publish_params_json(&mut out, &doc, p, enc, &uri, Some(7), &mut cache));
                let got: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
                assert_eq!(got, serde_json::to_value(&expected).expect("value"), "{enc:?} step {step}");
            }
        }
    }
}
