//! Word drafts (`.docx`, also what WPS saves): an input adapter that turns a document into the
//! plain text the engine checks, one paragraph per line, plus a map from text offsets back to
//! paragraphs ("第12段") for the report. No rule logic: Word's automatic numbering is written
//! out as the reader sees it (see [`numbering`]) and the engine judges it like typed numbers.
//!
//! What is read: `word/document.xml` in order (paragraphs, table cells row by row, text boxes),
//! then the headers and footers (`word/header*.xml`, `word/footer*.xml`), which are marked as
//! such. Deleted tracked changes, field instructions and fallback copies of drawings are left
//! out. The archive is read with the `zip` crate and the XML with `quick-xml`; every size is
//! bounded, and a file that is not a Word document gets an error naming what is wrong.
//!
//! A Word file is never written: `--fix` refuses it (see [`fix_refused`]).

mod numbering;

use std::io::Read;
use std::path::Path;

use quick_xml::events::Event;
use quick_xml::Reader;
use serde::Serialize;

use self::numbering::{attr, Counter, Numbering, ParaNumbering, Styles};
use super::files::Input;
use crate::analysis::Locale;

/// No single part is inflated beyond this (a zip bomb stops here).
const PART_LIMIT: u64 = 256 * 1024 * 1024;
/// Files larger than this are not opened.
const FILE_LIMIT: u64 = 512 * 1024 * 1024;

/// Whether a path names a Word document (by its extension).
pub fn is_docx(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("docx"))
}

/// Which part of the document a paragraph is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Part {
    Body,
    Table,
    Header,
    Footer,
}

/// Where a paragraph is: its part, its number (body and table paragraphs are counted together,
/// as Word counts them; headers and footers each from 1), and for a table cell its row and
/// column (1-based).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Location {
    pub part: Part,
    pub number: u32,
    pub cell: Option<(u32, u32)>,
}

impl Location {
    /// "第12段", "第12段（表格第2行第1列）", "页眉第1段"; in English "paragraph 12", ….
    pub fn label(&self, locale: Locale) -> String {
        let n = self.number;
        match (self.part, locale) {
            (Part::Header, Locale::ZhCn) => format!("页眉第{n}段"),
            (Part::Footer, Locale::ZhCn) => format!("页脚第{n}段"),
            (Part::Header, Locale::En) => format!("header paragraph {n}"),
            (Part::Footer, Locale::En) => format!("footer paragraph {n}"),
            (_, Locale::ZhCn) => match self.cell {
                Some((r, c)) => format!("第{n}段（表格第{r}行第{c}列）"),
                None => format!("第{n}段"),
            },
            (_, Locale::En) => match self.cell {
                Some((r, c)) => format!("paragraph {n} (table row {r}, column {c})"),
                None => format!("paragraph {n}"),
            },
        }
    }
}

/// Maps byte offsets of the extracted text back to paragraphs.
#[derive(Clone, Debug, Default)]
pub struct ParagraphMap {
    /// Start offset of each paragraph's text, ascending.
    starts: Vec<(usize, Location)>,
}

/// A finding's place in a Word document, for the JSON report.
#[derive(Clone, Debug, Serialize)]
pub struct JsonPlace {
    /// 1-based paragraph number within its part.
    pub paragraph: u32,
    pub part: Part,
    /// Table row and column (1-based) for a paragraph in a table cell.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table_row: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table_column: Option<u32>,
    /// 1-based character offset of the finding within the paragraph.
    pub offset: u32,
    /// The paragraph around the finding, as the reader sees it (automatic numbers included).
    pub context: String,
}

/// Characters of context on each side of a finding.
const CONTEXT: usize = 24;

impl ParagraphMap {
    /// The body of the document (without headers and footers), for length and speaking time.
    pub fn body<'t>(&self, text: &'t str) -> &'t str {
        let end = self.starts.iter().find(|(_, l)| matches!(l.part, Part::Header | Part::Footer)).map(|(s, _)| *s);
        // The empty line before the headers goes too.
        let end = end.map_or(text.len(), |e| e.saturating_sub(1));
        text.get(..end).unwrap_or(text)
    }

    /// The paragraph containing `offset` and its start offset.
    fn find(&self, offset: usize) -> Option<(usize, Location)> {
        let i = self.starts.partition_point(|(s, _)| *s <= offset);
        self.starts.get(i.checked_sub(1)?).copied()
    }

    /// The 1-based character offset of `offset` within its paragraph.
    fn char_offset(text: &str, para_start: usize, offset: usize) -> u32 {
        let n = text.get(para_start..offset).map_or(0, |s| s.chars().count());
        u32::try_from(n).unwrap_or(u32::MAX).saturating_add(1)
    }

    /// "第12段第5字" (English: "paragraph 12, char 5"): where a finding is, for the text report.
    pub fn describe(&self, text: &str, offset: usize, locale: Locale) -> Option<String> {
        let (start, loc) = self.find(offset)?;
        let ch = Self::char_offset(text, start, offset);
        Some(match locale {
            Locale::ZhCn => format!("{}第{ch}字", loc.label(locale)),
            Locale::En => format!("{}, char {ch}", loc.label(locale)),
        })
    }

    /// The short paragraph label for the report's gutter ("第12段", "页眉第1段").
    pub fn gutter(&self, offset: usize, locale: Locale) -> Option<String> {
        let (_, loc) = self.find(offset)?;
        Some(Location { cell: None, ..loc }.label(locale))
    }

    /// The JSON fields of a finding at `range` in `text`.
    pub fn json_place(&self, text: &str, start: usize, end: usize) -> Option<JsonPlace> {
        let (para_start, loc) = self.find(start)?;
        // A paragraph runs to the next one's start (soft line breaks stay inside it).
        let next = self.starts.iter().map(|(s, _)| *s).find(|s| *s > para_start).unwrap_or(text.len());
        let para = text.get(para_start..next).unwrap_or("").trim_end_matches('\n');
        let s = start.saturating_sub(para_start).min(para.len());
        let e = end.saturating_sub(para_start).min(para.len()).max(s);
        let before: Vec<(usize, char)> = para.get(..s).unwrap_or("").char_indices().collect();
        let from = before.len().checked_sub(CONTEXT).and_then(|i| before.get(i)).map_or(0, |(i, _)| *i);
        let rest = para.get(e..).unwrap_or("");
        let to = rest.char_indices().nth(CONTEXT).map_or(para.len(), |(i, _)| e + i);
        let mut context = String::new();
        if from > 0 {
            context.push('…');
        }
        context.push_str(para.get(from..to).unwrap_or(""));
        if to < para.len() {
            context.push('…');
        }
        Some(JsonPlace {
            paragraph: loc.number,
            part: loc.part,
            table_row: loc.cell.map(|(r, _)| r),
            table_column: loc.cell.map(|(_, c)| c),
            offset: Self::char_offset(text, para_start, start),
            context: context.replace('\n', " "),
        })
    }
}

/// A Word document as text: one paragraph per line (body, then headers and footers after an
/// empty line), and where each paragraph starts.
#[derive(Debug)]
pub struct Docx {
    pub text: String,
    pub map: ParagraphMap,
}

/// One paragraph as read from the XML.
#[derive(Debug, Default)]
struct RawPara {
    text: String,
    numbering: ParaNumbering,
    cell: Option<(u32, u32)>,
}

/// Messages for the ways a file named .docx can fail to be a readable Word document.
enum Problem {
    /// An OLE compound file: an encrypted (password-protected) document, or an old .doc renamed.
    Encrypted,
    NotZip(String),
    Missing(&'static str),
    TooLarge(String),
    Corrupt(String, String),
    Io(String),
}

impl Problem {
    fn message(&self, locale: Locale) -> String {
        match (self, locale) {
            (Problem::Encrypted, Locale::ZhCn) => {
                "无法读取：文件已加密（设置了打开密码），或是旧版 Word（.doc）格式改名而来；请在 Word 或 WPS 中取消密码，另存为 .docx 后再检查".into()
            }
            (Problem::Encrypted, Locale::En) => {
                "cannot read it: the file is encrypted (password-protected) or an old Word .doc renamed; remove the password and save it as .docx, then check again".into()
            }
            (Problem::NotZip(e), Locale::ZhCn) => format!("不是有效的 Word 文档（.docx 应是 ZIP 压缩包：{e}）"),
            (Problem::NotZip(e), Locale::En) => format!("not a valid Word document (a .docx is a ZIP archive: {e})"),
            (Problem::Missing(p), Locale::ZhCn) => format!("不是 Word 文档：压缩包里没有 {p}"),
            (Problem::Missing(p), Locale::En) => format!("not a Word document: the archive has no {p}"),
            (Problem::TooLarge(p), Locale::ZhCn) => format!("{p} 解压后超过 256 MB，未检查"),
            (Problem::TooLarge(p), Locale::En) => format!("{p} is larger than 256 MB uncompressed; not checked"),
            (Problem::Corrupt(p, e), Locale::ZhCn) => format!("Word 文档已损坏：{p} 无法解析（{e}）"),
            (Problem::Corrupt(p, e), Locale::En) => format!("damaged Word document: {p} cannot be parsed ({e})"),
            (Problem::Io(e), _) => e.clone(),
        }
    }
}

/// The message for `--fix` on a Word document (which is never modified).
pub fn fix_refused(display: &str, locale: Locale) -> String {
    match locale {
        Locale::ZhCn => format!(
            "{display}：--fix 不修改 Word 文档（.docx），文件未做任何改动；去掉 --fix 查看检查结果，再在 Word 或 WPS 中修改"
        ),
        Locale::En => format!(
            "{display}: --fix does not modify Word documents (.docx); the file is unchanged. Run without --fix to see the findings and edit them in Word or WPS"
        ),
    }
}

/// Reads a Word document. Errors are complete messages naming the file.
pub fn read(path: &Path, locale: Locale) -> Result<Docx, String> {
    let display = path.display().to_string();
    read_inner(path).map_err(|p| match locale {
        Locale::ZhCn => format!("{display}：{}", p.message(locale)),
        Locale::En => format!("{display}: {}", p.message(locale)),
    })
}

/// Reads any input: a Word document through [`read`], anything else as text. Returns the
/// display name, the text, whether it had a byte-order mark, and for a Word document the
/// paragraph map.
pub fn read_input(input: &Input, locale: Locale) -> Result<(String, String, bool, Option<ParagraphMap>), String> {
    match input {
        Input::File(p) if is_docx(p) => {
            let d = read(p, locale)?;
            Ok((p.display().to_string(), d.text, false, Some(d.map)))
        }
        _ => match super::files::read(input, usize::MAX, locale)? {
            super::files::Loaded::Draft(d) => Ok((d.display, d.text, d.bom, None)),
            super::files::Loaded::TooLarge { display, .. } => Err(display),
        },
    }
}

fn read_inner(path: &Path) -> Result<Docx, Problem> {
    let meta = std::fs::metadata(path).map_err(|e| Problem::Io(e.to_string()))?;
    if meta.len() > FILE_LIMIT {
        return Err(Problem::TooLarge(path.display().to_string()));
    }
    let bytes = std::fs::read(path).map_err(|e| Problem::Io(e.to_string()))?;
    from_bytes(&bytes)
}

/// Parses a Word document held in memory.
fn from_bytes(bytes: &[u8]) -> Result<Docx, Problem> {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Err(Problem::Encrypted);
    }
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| Problem::NotZip(e.to_string()))?;
    let document = part(&mut archive, "word/document.xml")?.ok_or(Problem::Missing("word/document.xml"))?;
    let numbering = match part(&mut archive, "word/numbering.xml")? {
        Some(x) => Numbering::parse(&x).map_err(|e| Problem::Corrupt("word/numbering.xml".into(), e.to_string()))?,
        None => Numbering::default(),
    };
    let styles = match part(&mut archive, "word/styles.xml")? {
        Some(x) => Styles::parse(&x).map_err(|e| Problem::Corrupt("word/styles.xml".into(), e.to_string()))?,
        None => Styles::default(),
    };
    let body = paragraphs(&document).map_err(|e| Problem::Corrupt("word/document.xml".into(), e))?;

    // Headers and footers in name order (header1.xml, header2.xml, …, header10.xml).
    let mut extra: Vec<(u32, String)> = archive
        .file_names()
        .filter_map(|n| {
            let stem = n.strip_prefix("word/")?.strip_suffix(".xml")?;
            let (kind, num) =
                if let Some(d) = stem.strip_prefix("header") { (0, d) } else { (1, stem.strip_prefix("footer")?) };
            let k: u32 = if num.is_empty() { 0 } else { num.parse().ok()? };
            Some((kind * 1_000_000 + k.min(999_999), n.to_string()))
        })
        .collect();
    extra.sort();

    let mut text = String::new();
    let mut map = ParagraphMap::default();
    let mut counter = Counter::new(&numbering, &styles);
    for (i, p) in body.iter().enumerate() {
        let loc = Location {
            part: if p.cell.is_some() { Part::Table } else { Part::Body },
            number: u32::try_from(i + 1).unwrap_or(u32::MAX),
            cell: p.cell,
        };
        push_para(&mut text, &mut map, loc, counter.label(&p.numbering), &p.text);
    }
    let mut first_extra = true;
    for (key, name) in extra {
        let part_kind = if key < 1_000_000 { Part::Header } else { Part::Footer };
        let Some(xml) = part(&mut archive, &name)? else { continue };
        let paras = paragraphs(&xml).map_err(|e| Problem::Corrupt(name.clone(), e))?;
        let mut counter = Counter::new(&numbering, &styles);
        for (i, p) in paras.iter().enumerate() {
            let label = counter.label(&p.numbering);
            if p.text.trim().is_empty() && label.is_none() {
                continue; // empty header lines carry nothing to check
            }
            if first_extra {
                // An empty line keeps headers and footers apart from the body's last section.
                text.push('\n');
                first_extra = false;
            }
            let loc = Location { part: part_kind, number: u32::try_from(i + 1).unwrap_or(u32::MAX), cell: p.cell };
            push_para(&mut text, &mut map, loc, label, &p.text);
        }
    }
    Ok(Docx { text, map })
}

fn push_para(text: &mut String, map: &mut ParagraphMap, loc: Location, label: Option<String>, body: &str) {
    map.starts.push((text.len(), loc));
    if let Some(l) = label {
        text.push_str(&l);
    }
    text.push_str(body);
    text.push('\n');
}

/// One part of the archive as text, or `None` when the archive has no such part.
fn part<R: Read + std::io::Seek>(archive: &mut zip::ZipArchive<R>, name: &str) -> Result<Option<String>, Problem> {
    let mut file = match archive.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(zip::result::ZipError::UnsupportedArchive(m)) if m.to_ascii_lowercase().contains("password") => {
            return Err(Problem::Encrypted)
        }
        Err(e) => return Err(Problem::NotZip(e.to_string())),
    };
    if file.encrypted() {
        return Err(Problem::Encrypted);
    }
    let mut buf = Vec::new();
    (&mut file)
        .take(PART_LIMIT + 1)
        .read_to_end(&mut buf)
        .map_err(|e| Problem::Corrupt(name.to_string(), e.to_string()))?;
    if buf.len() as u64 > PART_LIMIT {
        return Err(Problem::TooLarge(name.to_string()));
    }
    let s = String::from_utf8(buf).map_err(|_| Problem::Corrupt(name.to_string(), "not UTF-8".into()))?;
    Ok(Some(s.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(s)))
}

/// Elements whose content is not part of the text a reader sees: deleted or moved-away
/// revisions, old properties of tracked changes, field instructions, and the fallback copy of
/// drawings (the preferred `mc:Choice` is read).
fn skipped(name: &[u8]) -> bool {
    matches!(
        name,
        b"Fallback"
            | b"del"
            | b"moveFrom"
            | b"delText"
            | b"instrText"
            | b"delInstrText"
            | b"pPrChange"
            | b"rPrChange"
            | b"sectPrChange"
            | b"tblPrChange"
            | b"trPrChange"
            | b"tcPrChange"
            | b"numberingChange"
    )
}

fn local(name: &[u8]) -> &[u8] {
    match name.iter().rposition(|&b| b == b':') {
        Some(i) => name.get(i + 1..).unwrap_or(name),
        None => name,
    }
}

/// The paragraphs of a document, header or footer part, in reading order.
fn paragraphs(xml: &str) -> Result<Vec<RawPara>, String> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    // Open paragraphs (a text box inside a paragraph holds paragraphs of its own).
    let mut open: Vec<RawPara> = Vec::new();
    // Open tables: (current row, current column).
    let mut tables: Vec<(u32, u32)> = Vec::new();
    let mut runs = 0usize;
    let mut in_text = false;
    let mut skip = 0usize;
    loop {
        let ev = reader.read_event().map_err(|e| e.to_string())?;
        match ev {
            Event::Start(e) => {
                let name = local(e.name().as_ref()).to_vec();
                if skip > 0 || skipped(&name) {
                    skip += 1;
                    continue;
                }
                match name.as_slice() {
                    b"p" => open.push(RawPara { cell: tables.last().copied(), ..RawPara::default() }),
                    b"r" => runs += 1,
                    b"t" => in_text = true,
                    b"tbl" => tables.push((0, 0)),
                    b"tr" => {
                        if let Some(t) = tables.last_mut() {
                            *t = (t.0.saturating_add(1), 0);
                        }
                    }
                    b"tc" => {
                        if let Some(t) = tables.last_mut() {
                            t.1 = t.1.saturating_add(1);
                        }
                    }
                    _ => property(&mut open, &name, &e),
                }
            }
            Event::Empty(e) => {
                let name = local(e.name().as_ref()).to_vec();
                if skip > 0 || skipped(&name) {
                    continue;
                }
                match name.as_slice() {
                    b"p" => out.push(RawPara { cell: tables.last().copied(), ..RawPara::default() }),
                    b"tab" | b"ptab" if runs > 0 => push_text(&mut open, "\t"),
                    // A manual line break starts a new line within the same paragraph.
                    b"br" | b"cr" if runs > 0 => {
                        if let Some(p) = open.last_mut() {
                            p.text.push('\n');
                        }
                    }
                    b"noBreakHyphen" if runs > 0 => push_text(&mut open, "-"),
                    _ => property(&mut open, &name, &e),
                }
            }
            Event::End(e) => {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                match local(e.name().as_ref()) {
                    b"p" => {
                        if let Some(p) = open.pop() {
                            out.push(p);
                        }
                    }
                    b"r" => runs = runs.saturating_sub(1),
                    b"t" => in_text = false,
                    b"tbl" => {
                        tables.pop();
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_text && skip == 0 => {
                let s = t.xml10_content().map_err(|e| e.to_string())?;
                push_text(&mut open, &s);
            }
            Event::CData(t) if in_text && skip == 0 => {
                let s = t.decode().map_err(|e| e.to_string())?;
                push_text(&mut open, &s);
            }
            Event::GeneralRef(r) if in_text && skip == 0 => {
                let c = match r.resolve_char_ref().map_err(|e| e.to_string())? {
                    Some(c) => c,
                    None => match r.decode().map_err(|e| e.to_string())?.as_ref() {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        other => return Err(format!("unknown entity &{other};")),
                    },
                };
                push_text(&mut open, c.encode_utf8(&mut [0; 4]));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // An unclosed paragraph at the end of a damaged part still counts.
    out.extend(open.into_iter().rev());
    Ok(out)
}

fn push_text(open: &mut [RawPara], s: &str) {
    if let Some(p) = open.last_mut() {
        // Line ends inside a text node are not line breaks in Word; keep lines = paragraphs.
        for c in s.chars() {
            p.text.push(if c == '\r' || c == '\n' { ' ' } else { c });
        }
    }
}

fn property(open: &mut [RawPara], name: &[u8], e: &quick_xml::events::BytesStart<'_>) {
    let Some(p) = open.last_mut() else { return };
    match name {
        b"pStyle" => p.numbering.style = attr(e, b"val"),
        b"numId" => p.numbering.num_id = attr(e, b"val"),
        b"ilvl" => p.numbering.ilvl = attr(e, b"val").and_then(|v| v.trim().parse().ok()),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(body: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="w" xmlns:mc="mc"><w:body>{body}</w:body></w:document>"#
        )
    }

    #[test]
    fn paragraphs_in_order_with_tables_breaks_and_entities() {
        let xml = doc(concat!(
            r#"<w:p><w:r><w:t>一、总体</w:t></w:r><w:r><w:t xml:space="preserve"> 要求 &amp; 目标</w:t></w:r></w:p>"#,
            r#"<w:p/>"#,
            r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>乙</w:t><w:br/><w:t>丙</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#,
            r#"<w:p><w:del><w:r><w:delText>删掉的</w:delText></w:r></w:del><w:r><w:tab/><w:t>留下的</w:t></w:r></w:p>"#,
            r#"<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:t>3</w:t></w:r></w:p>"#,
        ));
        let got: Vec<(String, Option<(u32, u32)>)> =
            paragraphs(&xml).unwrap_or_default().into_iter().map(|p| (p.text, p.cell)).collect();
        let want = vec![
            ("一、总体 要求 & 目标".to_string(), None),
            (String::new(), None),
            ("甲".to_string(), Some((1, 1))),
            ("乙\n丙".to_string(), Some((1, 2))),
            ("\t留下的".to_string(), None),
            ("3".to_string(), None),
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn malformed_xml_is_an_error() {
        assert!(paragraphs("<w:document><w:body><w:p></w:body>").is_err());
    }

    #[test]
    fn map_finds_paragraph_and_char_offset() {
        let mut text = String::new();
        let mut map = ParagraphMap::default();
        let body = Location { part: Part::Body, number: 1, cell: None };
        push_para(&mut text, &mut map, body, Some("一、".into()), "第一段");
        push_para(&mut text, &mut map, Location { number: 2, ..body }, None, "第二段有XX万元");
        let at = text.find("XX").unwrap_or(0);
        assert_eq!(map.describe(&text, at, Locale::ZhCn).as_deref(), Some("第2段第5字"));
        assert_eq!(map.describe(&text, 0, Locale::En).as_deref(), Some("paragraph 1, char 1"));
        let place = map.json_place(&text, at, at + 2);
        assert_eq!(place.as_ref().map(|p| (p.paragraph, p.offset, p.context.as_str())), Some((2, 5, "第二段有XX万元")));
    }

    /// A small document in memory, with numbering and a header.
    fn sample_archive() -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default();
        let parts = [
            (
                "word/document.xml",
                doc(r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>总体要求</w:t></w:r></w:p><w:p><w:r><w:t>增长XX%</w:t></w:r></w:p>"#),
            ),
            (
                "word/numbering.xml",
                r#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#.to_string(),
            ),
            ("word/header1.xml", r#"<w:hdr xmlns:w="w"><w:p><w:r><w:t>页眉</w:t></w:r></w:p></w:hdr>"#.to_string()),
        ];
        for (name, xml) in parts {
            let _ = zip.start_file(name, opts);
            let _ = zip.write_all(xml.as_bytes());
        }
        zip.finish().map(|c| c.into_inner()).unwrap_or_default()
    }

    #[test]
    fn reads_numbering_and_headers_from_an_archive() {
        let d = from_bytes(&sample_archive()).ok();
        assert_eq!(d.as_ref().map(|d| d.text.as_str()), Some("一、总体要求\n增长XX%\n\n页眉\n"));
        let body = d.as_ref().map(|d| d.map.body(&d.text).to_string());
        assert_eq!(body.as_deref(), Some("一、总体要求\n增长XX%\n"));
    }

    /// Every truncation and thousands of corrupted bytes: an error or a document, never a
    /// panic (the `zip` and XML readers are bounded and return errors).
    #[test]
    fn truncated_or_corrupted_archives_never_panic() {
        let good = sample_archive();
        assert!(from_bytes(&good).is_ok());
        for cut in 0..good.len() {
            let _ = from_bytes(good.get(..cut).unwrap_or_default());
        }
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..3000 {
            let mut bad = good.clone();
            for _ in 0..3 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let i = usize::try_from(seed % good.len() as u64).unwrap_or(0);
                if let Some(b) = bad.get_mut(i) {
                    *b = (seed >> 32) as u8;
                }
            }
            let _ = from_bytes(&bad);
        }
    }

    #[test]
    fn not_a_zip_and_ole_files_are_told_apart() {
        let ole = [0xD0u8, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
        assert!(matches!(from_bytes(&ole), Err(Problem::Encrypted)));
        assert!(matches!(from_bytes("一、不是压缩包".as_bytes()), Err(Problem::NotZip(_))));
        let msg = Problem::Encrypted.message(Locale::ZhCn);
        assert!(msg.contains("加密"), "{msg}");
    }
}
