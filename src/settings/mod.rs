//! Settings from `lectern.toml` and from the editor, layered over the built-in defaults:
//! defaults < `lectern.toml` < editor settings (< command-line flags).
//!
//! Parsing is pure (text in, settings and errors out); finding the file on disk is the one
//! I/O helper here ([`find_config_file`]). An unknown key or an invalid value is an error that
//! names the file, line and key; the rest of the file still applies.

pub mod edit;
pub mod keys;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::analysis::config::{ExtraPattern, RuleSetting};
use crate::analysis::{Config, Locale, Rule, Severity};

/// The name of the project file.
pub const FILE_NAME: &str = "lectern.toml";

/// Default maximum document size in bytes; larger documents get one information message.
pub const DEFAULT_MAX_DOCUMENT_SIZE: usize = 16 * 1024 * 1024;

/// Where a setting came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    Default,
    File(String),
    Editor,
    CommandLine,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Default => f.write_str("default"),
            Origin::File(p) => write!(f, "{p}"),
            Origin::Editor => f.write_str("editor settings"),
            Origin::CommandLine => f.write_str("command line"),
        }
    }
}

/// Everything configurable, with the engine's part in `config`.
#[derive(Clone, Debug)]
pub struct Settings {
    pub config: Config,
    pub debounce_ms: u64,
    pub max_document_size: usize,
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    /// For `lectern config`: where each key that is not a default came from.
    pub origins: BTreeMap<String, Origin>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            config: Config::default(),
            debounce_ms: 0,
            max_document_size: DEFAULT_MAX_DOCUMENT_SIZE,
            include: Vec::new(),
            exclude: Vec::new(),
            origins: BTreeMap::new(),
        }
    }
}

/// A problem in a settings source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// The file (or "editor settings").
    pub source: String,
    /// 1-based line and column, 0 when unknown.
    pub line: u32,
    pub column: u32,
    /// The dotted key, e.g. `rules.LEC301.severity`.
    pub key: String,
    pub message: String,
    /// Byte range in the source, for diagnostics on the file itself.
    pub range: Option<std::ops::Range<usize>>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}:{}: ", self.source, self.line, self.column)?;
        } else {
            write!(f, "{}: ", self.source)?;
        }
        if self.key.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "`{}`: {}", self.key, self.message)
        }
    }
}

/// Looks for `lectern.toml` in `start` (a file or a folder) and its parents, up to the nearest
/// boundary and never above it (see [`find_config_file_within`]), with no workspace root.
pub fn find_config_file(start: &Path) -> Option<PathBuf> {
    find_config_file_within(start, None)
}

/// Looks for `lectern.toml` in `start` (a file or a folder) and its parents, stopping at the
/// first folder that is the workspace `root`, a repository root (it holds `.git`) or the
/// user's home: a file above that never applies (a `lectern.toml` planted in `/tmp` or in the
/// folder a repository was cloned into is not the project's). When no folder on the way is one
/// of these, only `start`'s own folder is looked in.
///
/// The first entry named `lectern.toml` is the answer, whatever its type: [`read_file`] then
/// refuses one that is not a regular file, so that it is reported rather than skipped.
pub fn find_config_file_within(start: &Path, root: Option<&Path>) -> Option<PathBuf> {
    let start = if std::fs::metadata(start).is_ok_and(|m| m.is_dir()) { start } else { start.parent()? };
    let start = if start.as_os_str().is_empty() { Path::new(".") } else { start };
    let abs = std::fs::canonicalize(start).ok()?;
    let root = root.and_then(|r| std::fs::canonicalize(r).ok());
    let home = std::env::var_os("HOME").filter(|h| !h.is_empty()).and_then(|h| std::fs::canonicalize(h).ok());
    let is_boundary = |d: &Path| {
        root.as_deref() == Some(d) || home.as_deref() == Some(d) || std::fs::symlink_metadata(d.join(".git")).is_ok()
    };
    let last = abs.ancestors().position(is_boundary).unwrap_or(0);
    abs.ancestors().take(last + 1).map(|d| d.join(FILE_NAME)).find(|p| std::fs::symlink_metadata(p).is_ok())
}

/// The largest settings file read (bytes).
pub const MAX_FILE_SIZE: u64 = 16 * 1024 * 1024;

/// Why a settings file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// There is no such file.
    Missing,
    /// Not a regular file (after following symlinks): what it is instead. Ignored, never
    /// opened for reading: a FIFO or `/dev/stdin` would block, `/dev/zero` never ends.
    NotRegular(&'static str),
    /// Larger than [`MAX_FILE_SIZE`].
    TooLarge(u64),
    /// Not UTF-8 text.
    NotUtf8,
    Io(std::io::Error),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Missing => f.write_str("no such file"),
            ReadError::NotRegular(kind) => write!(f, "ignored: not a regular file ({kind})"),
            ReadError::TooLarge(n) => write!(f, "ignored: {n} bytes, above the limit of {MAX_FILE_SIZE} bytes"),
            ReadError::NotUtf8 => f.write_str("not UTF-8 text"),
            ReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl ReadError {
    /// Whether the file is ignored for what it is (not a regular file, too large), as opposed
    /// to a file that is missing or could not be read.
    pub fn is_ignored(&self) -> bool {
        matches!(self, ReadError::NotRegular(_) | ReadError::TooLarge(_))
    }
}

fn file_kind(t: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_dir() {
        "a directory"
    } else {
        "not a file"
    }
}

/// Reads a settings file safely: only a regular file (symlinks are followed, but a symlink to
/// a FIFO, a device or a folder is refused before anything is opened), at most
/// [`MAX_FILE_SIZE`] bytes, opened without blocking (so that a file swapped for a FIFO
/// between the check and the open cannot hang the caller either).
pub fn read_file(path: &Path) -> Result<String, ReadError> {
    use std::io::Read;
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(ReadError::Missing),
        Err(e) => return Err(ReadError::Io(e)),
    };
    check_meta(&meta)?;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc_flags::NONBLOCK_NOCTTY);
    }
    let file = match options.open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(ReadError::Missing),
        Err(e) => return Err(ReadError::Io(e)),
    };
    check_meta(&file.metadata().map_err(ReadError::Io)?)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_SIZE + 1).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    String::from_utf8(bytes).map_err(|_| ReadError::NotUtf8)
}

fn check_meta(meta: &std::fs::Metadata) -> Result<(), ReadError> {
    if !meta.is_file() {
        return Err(ReadError::NotRegular(file_kind(meta.file_type())));
    }
    if meta.len() > MAX_FILE_SIZE {
        return Err(ReadError::TooLarge(meta.len()));
    }
    Ok(())
}

/// `O_NONBLOCK | O_NOCTTY` (values from the platform's headers, via `libc` on Linux).
#[cfg(unix)]
mod libc_flags {
    #[cfg(target_os = "linux")]
    pub const NONBLOCK_NOCTTY: i32 = libc::O_NONBLOCK | libc::O_NOCTTY;
    #[cfg(all(unix, not(target_os = "linux")))]
    pub const NONBLOCK_NOCTTY: i32 = 0x0004 | 0x20000; // BSD / macOS values
}

/// Validation stops after this many errors (a file of 40,000 bad tables is one mistake, not
/// 40,000 messages; each error's line and column would cost a pass over the text).
pub const MAX_ERRORS: usize = 100;

struct Ctx<'a> {
    text: &'a str,
    source: &'a str,
    errors: Vec<ConfigError>,
}

impl Ctx<'_> {
    /// Whether the error limit is reached: the caller stops validating.
    fn full(&self) -> bool {
        self.errors.len() >= MAX_ERRORS
    }

    fn err(&mut self, key: &str, span: Option<std::ops::Range<usize>>, message: impl Into<String>) {
        if self.full() {
            return;
        }
        let (line, column) = span.as_ref().map_or((0, 0), |r| line_col(self.text, r.start));
        self.errors.push(ConfigError {
            source: self.source.to_string(),
            line,
            column,
            key: key.to_string(),
            message: message.into(),
            range: span,
        });
    }
}

fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (u32::try_from(line).unwrap_or(u32::MAX), u32::try_from(col).unwrap_or(u32::MAX))
}

const TOP_KEYS: &[&str] = &[
    "locale",
    "speaking_rate",
    "target_minutes",
    "debounce_ms",
    "max_document_size",
    "include",
    "exclude",
    "rules",
    "ignore",
    "boilerplate",
];

/// Applies a `lectern.toml` text on top of `settings`. Returns the errors found; every valid
/// key still applies.
pub fn apply_toml(settings: &mut Settings, text: &str, source: &str) -> Vec<ConfigError> {
    let mut cx = Ctx { text, source, errors: Vec::new() };
    let doc = match toml_edit::Document::parse(text) {
        Ok(d) => d,
        Err(e) => {
            let msg = e.message().to_string();
            cx.err("", e.span(), format!("invalid TOML: {msg}"));
            return cx.errors;
        }
    };
    let origin = Origin::File(source.to_string());
    let table: &toml_edit::Table = &doc;
    for (key, item) in table.iter() {
        if cx.full() {
            break;
        }
        let span = table.key(key).and_then(|k| k.span()).or_else(|| item.span());
        let vspan = item.span().or_else(|| span.clone());
        match key {
            "locale" => match item.as_str().and_then(Locale::parse) {
                Some(l) => {
                    settings.config.locale = l;
                    settings.origins.insert(key.into(), origin.clone());
                }
                None => cx.err(key, vspan, "expected \"zh-CN\" or \"en\""),
            },
            "speaking_rate" => match item.as_integer().and_then(|v| u32::try_from(v).ok()).filter(|v| *v > 0) {
                Some(v) => {
                    settings.config.speaking_rate = v;
                    settings.origins.insert(key.into(), origin.clone());
                }
                None => cx.err(key, vspan, "expected a positive integer (characters per minute)"),
            },
            "target_minutes" => {
                // Finite and positive: `inf`, `nan` and negative numbers are not lengths.
                let minutes = item.as_float().or_else(|| item.as_integer().map(|i| i as f64));
                match minutes.filter(|v| v.is_finite() && *v > 0.0) {
                    Some(v) => {
                        settings.config.target_minutes = Some(v);
                        settings.origins.insert(key.into(), origin.clone());
                    }
                    None => cx.err(key, vspan, "expected a positive, finite number of minutes (not inf or nan)"),
                }
            }
            "debounce_ms" => match item.as_integer().and_then(|v| u64::try_from(v).ok()) {
                Some(v) => {
                    settings.debounce_ms = v.min(10_000);
                    settings.origins.insert(key.into(), origin.clone());
                }
                None => cx.err(key, vspan, "expected a non-negative integer (milliseconds)"),
            },
            "max_document_size" => match item.as_integer().and_then(|v| usize::try_from(v).ok()).filter(|v| *v > 0) {
                Some(v) => {
                    settings.max_document_size = v;
                    settings.origins.insert(key.into(), origin.clone());
                }
                None => cx.err(key, vspan, "expected a positive integer (bytes)"),
            },
            "include" | "exclude" => match string_array(item) {
                Some(v) => {
                    if let Some(bad) = v.iter().find(|g| globset::Glob::new(g).is_err()) {
                        cx.err(key, vspan, format!("invalid glob pattern “{bad}”"));
                    } else {
                        if key == "include" {
                            settings.include = v;
                        } else {
                            settings.exclude = v;
                        }
                        settings.origins.insert(key.into(), origin.clone());
                    }
                }
                None => cx.err(key, vspan, "expected an array of glob patterns"),
            },
            "rules" => apply_rules(settings, item, &origin, &mut cx),
            "ignore" => apply_ignore(settings, item, &origin, &mut cx),
            "boilerplate" => apply_boilerplate(settings, item, &origin, &mut cx),
            _ => cx.err(key, span, format!("unknown key (expected one of: {})", TOP_KEYS.join(", "))),
        }
    }
    if cx.full() {
        cx.errors.push(ConfigError {
            source: source.to_string(),
            line: 0,
            column: 0,
            key: String::new(),
            message: format!("too many errors: validation stopped after the first {MAX_ERRORS}"),
            range: None,
        });
    }
    cx.errors
}

fn string_array(item: &toml_edit::Item) -> Option<Vec<String>> {
    let arr = item.as_array()?;
    arr.iter().map(|v| v.as_str().map(str::to_string)).collect()
}

fn apply_rules(settings: &mut Settings, item: &toml_edit::Item, origin: &Origin, cx: &mut Ctx) {
    let Some(rules) = item.as_table_like() else {
        cx.err("rules", item.span(), "expected a table of rules, e.g. [rules.LEC301]");
        return;
    };
    for (name, body) in rules.iter() {
        if cx.full() {
            return;
        }
        let kspan = rules.get_key_value(name).and_then(|(k, _)| k.span()).or_else(|| body.span());
        let Some(rule) = Rule::find(name) else {
            cx.err(&format!("rules.{name}"), kspan, "unknown rule (give a code such as LEC101 or a kebab-case name)");
            continue;
        };
        let Some(t) = body.as_table_like() else {
            cx.err(&format!("rules.{name}"), kspan, "expected a table with `enabled` and/or `severity`");
            continue;
        };
        let mut setting = RuleSetting::default();
        for (k, v) in t.iter() {
            let key = format!("rules.{name}.{k}");
            let vspan = v.span().or_else(|| t.get_key_value(k).and_then(|(kk, _)| kk.span()));
            match k {
                "enabled" => match v.as_bool() {
                    Some(b) => setting.enabled = Some(b),
                    None => cx.err(&key, vspan, "expected true or false"),
                },
                "severity" => match v.as_str().and_then(Severity::parse) {
                    Some(s) => setting.severity = Some(s),
                    None => cx.err(&key, vspan, "expected \"error\", \"warning\", \"info\" or \"hint\""),
                },
                _ => cx.err(&key, vspan, "unknown key (expected `enabled` or `severity`)"),
            }
        }
        settings.config.set_rule(rule.code(), setting);
        settings.origins.insert(format!("rules.{}", rule.code()), origin.clone());
    }
}

fn apply_ignore(settings: &mut Settings, item: &toml_edit::Item, origin: &Origin, cx: &mut Ctx) {
    let Some(t) = item.as_table_like() else {
        cx.err("ignore", item.span(), "expected a table with `phrases` and/or `patterns`");
        return;
    };
    for (k, v) in t.iter() {
        let key = format!("ignore.{k}");
        let vspan = v.span();
        match (k, string_array(v)) {
            ("phrases", Some(list)) => {
                settings.config.ignore_phrases = list.into_iter().filter(|p| !p.is_empty()).collect();
                settings.origins.insert(key, origin.clone());
            }
            ("patterns", Some(list)) => {
                let mut out = Vec::new();
                for p in list {
                    if cx.full() {
                        break;
                    }
                    match regex::Regex::new(&p) {
                        Ok(r) => out.push(r),
                        Err(e) => cx.err(&key, vspan.clone(), format!("invalid regular expression “{p}”: {e}")),
                    }
                }
                settings.config.ignore_patterns = out;
                settings.origins.insert(key, origin.clone());
            }
            ("phrases" | "patterns", None) => cx.err(&key, vspan, "expected an array of strings"),
            _ => cx.err(&key, vspan, "unknown key (expected `phrases` or `patterns`)"),
        }
    }
}

fn apply_boilerplate(settings: &mut Settings, item: &toml_edit::Item, origin: &Origin, cx: &mut Ctx) {
    let Some(t) = item.as_table_like() else {
        cx.err("boilerplate", item.span(), "expected [[boilerplate.patterns]] tables");
        return;
    };
    for (k, v) in t.iter() {
        if k != "patterns" {
            cx.err(&format!("boilerplate.{k}"), v.span(), "unknown key (expected `patterns`)");
            continue;
        }
        let tables: Vec<&dyn toml_edit::TableLike> = if let Some(aot) = v.as_array_of_tables() {
            aot.iter().map(|t| t as &dyn toml_edit::TableLike).collect()
        } else if let Some(arr) = v.as_array() {
            arr.iter().filter_map(|x| x.as_inline_table().map(|t| t as &dyn toml_edit::TableLike)).collect()
        } else {
            cx.err("boilerplate.patterns", v.span(), "expected [[boilerplate.patterns]] tables");
            continue;
        };
        let mut out = Vec::new();
        for (i, t) in tables.iter().enumerate() {
            if cx.full() {
                break;
            }
            let key = format!("boilerplate.patterns[{i}]");
            let get = |name: &str| t.get(name).and_then(|x| x.as_str()).map(str::to_string);
            for (kk, vv) in t.iter() {
                if !matches!(kk, "name" | "regex" | "message") {
                    cx.err(&format!("{key}.{kk}"), vv.span(), "unknown key (expected name, regex, message)");
                }
            }
            let Some(re) = get("regex") else {
                cx.err(&key, None, "missing `regex`");
                continue;
            };
            match regex::Regex::new(&re) {
                Ok(regex) => out.push(ExtraPattern {
                    name: get("name").unwrap_or_else(|| format!("pattern-{}", i + 1)),
                    message: get("message").unwrap_or_else(|| "自定义的网页残留".to_string()),
                    regex,
                }),
                Err(e) => {
                    let span = t.get("regex").and_then(|x| x.span());
                    cx.err(&format!("{key}.regex"), span, format!("invalid regular expression: {e}"));
                }
            }
        }
        settings.config.extra_boilerplate = out;
        settings.origins.insert("boilerplate.patterns".into(), origin.clone());
    }
}

/// Renders the effective settings as TOML with the origin of each value in a comment.
pub fn describe(settings: &Settings) -> String {
    let o = |k: &str| settings.origins.get(k).cloned().unwrap_or(Origin::Default).to_string();
    let c = &settings.config;
    let mut s = String::from("# lectern: the settings in effect; each comment says where the value came from.\n");
    let strings = |v: &[String]| toml_edit::Value::from(toml_edit::Array::from_iter(v.iter().map(String::as_str)));
    let mut line = |text: String, key: &str| s.push_str(&format!("{text:<40} # {}\n", o(key)));
    line(format!("locale = {}", toml_edit::Value::from(c.locale.as_str())), "locale");
    line(format!("speaking_rate = {}", c.speaking_rate), "speaking_rate");
    match c.target_minutes {
        Some(t) => line(format!("target_minutes = {}", toml_edit::Value::from(t)), "target_minutes"),
        None => line("# target_minutes (unset)".to_string(), "target_minutes"),
    }
    line(format!("debounce_ms = {}", settings.debounce_ms), "debounce_ms");
    line(format!("max_document_size = {}", settings.max_document_size), "max_document_size");
    line(format!("include = {}", strings(&settings.include)), "include");
    line(format!("exclude = {}", strings(&settings.exclude)), "exclude");
    line(format!("ignore.phrases = {}", strings(&c.ignore_phrases)), "ignore.phrases");
    let pats: Vec<String> = c.ignore_patterns.iter().map(|r| r.as_str().to_string()).collect();
    line(format!("ignore.patterns = {}", strings(&pats)), "ignore.patterns");
    for rule in crate::analysis::rules::all() {
        let key = format!("rules.{}", rule.code());
        let text = format!(
            "rules.{}.enabled = {}\nrules.{}.severity = {}",
            rule.code(),
            c.is_enabled(*rule),
            rule.code(),
            toml_edit::Value::from(c.severity(*rule).as_str())
        );
        s.push_str(&format!("# {} {}: {}\n{text}\n", rule.code(), rule.name(), o(&key)));
    }
    // Array-of-tables last: after a `[[…]]` header every key belongs to that table.
    for p in &c.extra_boilerplate {
        s.push_str(&format!("\n[[boilerplate.patterns]]                 # {}\n", o("boilerplate.patterns")));
        s.push_str(&format!("name = {}\n", toml_edit::Value::from(p.name.as_str())));
        s.push_str(&format!("regex = {}\n", toml_edit::Value::from(p.regex.as_str())));
        s.push_str(&format!("message = {}\n", toml_edit::Value::from(p.message.as_str())));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_17_describe_is_valid_toml_that_reads_back_the_same() {
        let mut s = Settings::default();
        let errs = apply_toml(
            &mut s,
            "locale = \"en\"\ntarget_minutes = 12.5\n[rules.LEC301]\nenabled = false\n[ignore]\nphrases = [\"a\\\"b\"]\n[[boilerplate.patterns]]\nname = \"x\"\nregex = \"内网.*\"\nmessage = \"m\"\n",
            "t.toml",
        );
        assert!(errs.is_empty(), "{errs:?}");
        let shown = describe(&s);
        let doc: toml_edit::DocumentMut = shown.parse().unwrap_or_else(|e| panic!("{e}\n{shown}"));
        assert_eq!(doc["rules"]["LEC101"]["enabled"].as_bool(), Some(true), "{shown}");
        assert_eq!(doc["rules"]["LEC301"]["enabled"].as_bool(), Some(false), "{shown}");
        assert_eq!(doc["rules"]["LEC101"]["severity"].as_str(), Some("error"), "{shown}");
        let mut again = Settings::default();
        let errs = apply_toml(&mut again, &shown, "shown.toml");
        assert!(errs.is_empty(), "{errs:?}\n{shown}");
        assert_eq!(
            describe(&again)
                .lines()
                .filter(|l| !l.starts_with('#'))
                .map(|l| l.split(" #").next().unwrap_or("").trim().to_string())
                .collect::<Vec<_>>(),
            shown
                .lines()
                .filter(|l| !l.starts_with('#'))
                .map(|l| l.split(" #").next().unwrap_or("").trim().to_string())
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn target_minutes_must_be_finite_and_positive() {
        for bad in ["inf", "+inf", "-inf", "nan", "-5", "0", "-0.5"] {
            let mut s = Settings::default();
            let errs = apply_toml(&mut s, &format!("target_minutes = {bad}\n"), "lectern.toml");
            assert_eq!(errs.len(), 1, "{bad}: {errs:?}");
            assert!(errs[0].to_string().contains("target_minutes") && errs[0].message.contains("finite"), "{bad}");
            assert_eq!(s.config.target_minutes, None, "{bad}");
        }
    }

    #[test]
    fn validation_stops_after_the_first_hundred_errors() {
        let text: String = (0..40_000).map(|i| format!("[bogus{i}]\nx = 1\n")).collect();
        let errors = apply_toml(&mut Settings::default(), &text, "lectern.toml");
        assert_eq!(errors.len(), MAX_ERRORS + 1);
        assert_eq!(errors.first().map(|e| e.line), Some(1));
        assert!(errors.last().is_some_and(|e| e.message.contains("stopped after the first 100")), "{errors:?}");
    }

    #[test]
    fn the_search_for_the_settings_file_stops_at_the_repository_root() {
        let dir = tempfile::tempdir().expect("tempdir");
        let repo = dir.path().join("repo");
        let sub = repo.join("drafts");
        std::fs::create_dir_all(&sub).expect("mkdir");
        std::fs::create_dir(repo.join(".git")).expect("mkdir .git");
        std::fs::write(dir.path().join(FILE_NAME), "locale = \"en\"\n").expect("write");
        assert_eq!(find_config_file(&sub), None);
        std::fs::write(repo.join(FILE_NAME), "").expect("write");
        let found = find_config_file(&sub.join("a.txt")).map(|p| p.canonicalize().ok());
        assert_eq!(found, Some(repo.join(FILE_NAME).canonicalize().ok()));
        // a workspace root stops it too
        std::fs::remove_file(repo.join(FILE_NAME)).expect("rm");
        std::fs::remove_dir(repo.join(".git")).expect("rm .git");
        assert_eq!(find_config_file_within(&sub, Some(&repo)), None);
        // with no boundary at all, only the start folder is looked in
        assert_eq!(find_config_file(&sub), None);
        std::fs::write(sub.join(FILE_NAME), "").expect("write");
        assert!(find_config_file(&sub).is_some());
    }

    #[cfg(unix)]
    #[test]
    fn only_regular_files_are_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let link = dir.path().join("link.toml");
        for (target, kind) in [("/dev/zero", "character device"), ("/dev/null", "character device")] {
            let _ = std::fs::remove_file(&link);
            std::os::unix::fs::symlink(target, &link).expect("symlink");
            match read_file(&link) {
                Err(ReadError::NotRegular(k)) => assert!(k.contains(kind), "{target}: {k}"),
                other => panic!("{target}: {other:?}"),
            }
        }
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink(dir.path(), &link).expect("symlink");
        assert!(matches!(read_file(&link), Err(ReadError::NotRegular("a directory"))));
        assert!(matches!(read_file(&dir.path().join("none.toml")), Err(ReadError::Missing)));
        let real = dir.path().join("real.toml");
        std::fs::write(&real, "locale = \"en\"\n").expect("write");
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink(&real, &link).expect("symlink");
        assert_eq!(read_file(&link).ok().as_deref(), Some("locale = \"en\"\n"));
    }

    #[test]
    fn applies_every_documented_key() {
        let mut s = Settings::default();
        let errs = apply_toml(
            &mut s,
            r#"
locale = "en"
speaking_rate = 200          # 字/分钟
target_minutes = 15
debounce_ms = 50
max_document_size = 1000
include = ["**/*.txt"]
exclude = ["old/**"]
[rules.LEC301]
enabled = false
[rules.figure-placeholder]
severity = "warning"
[ignore]
phrases = ["万人感言"]
patterns = ["第[一二三]届"]
[[boilerplate.patterns]]
name = "our-intranet-footer"
regex = "内网资料.*请勿外传"
message = "内网页脚"
"#,
            "lectern.toml",
        );
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(s.config.locale, Locale::En);
        assert_eq!(s.config.speaking_rate, 200);
        assert_eq!(s.config.target_minutes, Some(15.0));
        assert_eq!(s.debounce_ms, 50);
        assert_eq!(s.max_document_size, 1000);
        let bp = Rule::find("LEC301").map(|r| s.config.is_enabled(r));
        assert_eq!(bp, Some(false));
        let fp = Rule::find("LEC101").map(|r| s.config.severity(r));
        assert_eq!(fp, Some(Severity::Warning));
        assert_eq!(s.config.ignore_phrases, ["万人感言"]);
        assert_eq!(s.config.extra_boilerplate.len(), 1);
        assert_eq!(s.origins.get("locale"), Some(&Origin::File("lectern.toml".into())));
    }

    #[test]
    fn errors_name_line_and_key_and_the_rest_still_applies() {
        let mut s = Settings::default();
        let errs = apply_toml(
            &mut s,
            "locale = \"fr\"\nspeaking_rate = 180\ncolour = 1\n[rules.LEC999]\nenabled = false\n[rules.LEC101]\nseverity = \"loud\"\n",
            "x/lectern.toml",
        );
        let keys: Vec<(&str, u32)> = errs.iter().map(|e| (e.key.as_str(), e.line)).collect();
        assert_eq!(keys, [("locale", 1), ("colour", 3), ("rules.LEC999", 4), ("rules.LEC101.severity", 7)]);
        assert_eq!(s.config.speaking_rate, 180);
        assert!(errs[0].to_string().starts_with("x/lectern.toml:1:"));
    }

    #[test]
    fn invalid_toml_is_one_error_with_a_position() {
        let mut s = Settings::default();
        let errs = apply_toml(&mut s, "locale = \"en\"\n[rules\n", "lectern.toml");
        assert_eq!(errs.len(), 1);
        assert!(errs[0].line >= 2, "{errs:?}");
        assert_eq!(s.config.locale, Locale::ZhCn);
    }
}

#[cfg(test)]
mod schema_tests {
    use super::TOP_KEYS;

    #[test]
    fn the_json_schema_documents_exactly_the_keys_the_parser_accepts() {
        let schema: serde_json::Value =
            serde_json::from_str(include_str!("../../lectern.schema.json")).unwrap_or(serde_json::Value::Null);
        let props = schema["properties"].as_object().map(|o| o.keys().cloned().collect::<Vec<_>>()).unwrap_or_default();
        let mut want: Vec<String> = TOP_KEYS.iter().map(|s| s.to_string()).collect();
        want.sort();
        let mut got = props;
        got.sort();
        assert_eq!(got, want);
    }
}
