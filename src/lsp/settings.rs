//! Editor settings (`initializationOptions` and the `lectern` section of
//! `workspace/configuration`) → the engine's [`Config`] plus the server's own knobs.
//!
//! Every key is decoded on its own, so that one wrong value is reported as a warning and the
//! rest still applies; unknown keys are warned about, never fatal.
//!
//! ```json
//! { "locale": "en",
//!   "rules": { "LEC102": { "enabled": false }, "figure-placeholder": { "severity": "hint" },
//!              "site-chrome": false, "LEC201": "info" },
//!   "debounceMs": 0, "maxDocumentSize": 8388608, "ignorePhrases": ["某某"] }
//! ```
//! Keys may also be spelled in snake_case (`debounce_ms`, `max_document_size`).

use serde_json::{Map, Value};

use crate::analysis::config::RuleSetting;
use crate::analysis::{Config, Locale, Severity};

/// Documents larger than this many bytes (UTF-8) are not analysed by default.
pub const DEFAULT_MAX_DOCUMENT_SIZE: usize = crate::settings::DEFAULT_MAX_DOCUMENT_SIZE;

/// The server's settings, decoded.
#[derive(Clone, Debug)]
pub struct Settings {
    pub config: Config,
    /// Wait this long after a change before analysing (0: analyse at once).
    pub debounce_ms: u64,
    /// Documents with more bytes than this get one information diagnostic instead of analysis.
    pub max_document_size: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { config: Config::default(), debounce_ms: 0, max_document_size: DEFAULT_MAX_DOCUMENT_SIZE }
    }
}

/// Takes the `lectern` section out of a settings value when it is wrapped in one
/// (`{"lectern": {...}}`, as `didChangeConfiguration` often sends it).
pub fn section(value: &Value) -> Option<&Map<String, Value>> {
    let obj = value.as_object()?;
    match obj.get("lectern") {
        Some(Value::Object(inner)) => Some(inner),
        _ => Some(obj),
    }
}

/// Overlays `over` onto `base` (both already unwrapped sections): keys of `over` win, and the
/// `rules` tables are merged rule by rule.
pub fn merge(base: &Map<String, Value>, over: &Map<String, Value>) -> Map<String, Value> {
    let mut out = base.clone();
    for (k, v) in over {
        if k == "rules" {
            if let (Some(Value::Object(a)), Value::Object(b)) = (out.get(k).cloned(), v) {
                let mut m = a;
                for (rk, rv) in b {
                    m.insert(rk.clone(), rv.clone());
                }
                out.insert(k.clone(), Value::Object(m));
                continue;
            }
        }
        out.insert(k.clone(), v.clone());
    }
    out
}

/// Decodes settings. Returns the settings and the warnings to log.
pub fn decode(obj: &Map<String, Value>) -> (Settings, Vec<String>) {
    decode_onto(Settings::default(), obj)
}

/// The settings of a project file (`lectern.toml`), as the base the editor's settings go onto.
pub fn from_project(p: &crate::settings::Settings) -> Settings {
    Settings { config: p.config.clone(), debounce_ms: p.debounce_ms, max_document_size: p.max_document_size }
}

/// Decodes editor settings on top of `base` (defaults < `lectern.toml` < editor settings): only
/// the keys present change anything.
pub fn decode_onto(base: Settings, obj: &Map<String, Value>) -> (Settings, Vec<String>) {
    let mut s = base;
    let mut warnings = Vec::new();
    for (key, value) in obj {
        match key.as_str() {
            "locale" => match value.as_str().and_then(Locale::parse) {
                Some(l) => s.config.locale = l,
                None => warnings.push(format!("settings: unknown locale {value}; expected \"zh-CN\" or \"en\"")),
            },
            "debounceMs" | "debounce_ms" | "debounce" => match value.as_u64() {
                Some(ms) => s.debounce_ms = ms.min(10_000),
                None => warnings.push(format!("settings: {key} must be a non-negative integer, got {value}")),
            },
            "maxDocumentSize" | "max_document_size" => match value.as_u64() {
                Some(n) => s.max_document_size = usize::try_from(n).unwrap_or(usize::MAX),
                None => warnings.push(format!("settings: {key} must be a non-negative integer, got {value}")),
            },
            "ignorePhrases" | "ignore_phrases" => match value.as_array() {
                Some(a) => {
                    s.config.ignore_phrases = a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect();
                }
                None => warnings.push(format!("settings: {key} must be a list of strings")),
            },
            "speakingRate" | "speaking_rate" => match value.as_u64().and_then(|n| u32::try_from(n).ok()) {
                Some(n) if n > 0 => s.config.speaking_rate = n,
                _ => warnings.push(format!("settings: {key} must be a positive integer")),
            },
            "targetMinutes" | "target_minutes" => match value.as_f64().filter(|v| v.is_finite() && *v > 0.0) {
                Some(v) => s.config.target_minutes = Some(v),
                None if value.is_null() => s.config.target_minutes = None,
                None => warnings.push(format!("settings: {key} must be a positive number of minutes")),
            },
            "rules" => match value.as_object() {
                Some(rules) => {
                    for (rk, rv) in rules {
                        match rule_setting(rv) {
                            Some(rs) => {
                                if !s.config.set_rule(rk, rs) {
                                    warnings.push(format!("settings: unknown rule {rk:?}"));
                                }
                            }
                            None => warnings.push(format!(
                                "settings: rule {rk:?}: expected true/false, \"off\", a severity or {{\"enabled\", \"severity\"}}, got {rv}"
                            )),
                        }
                    }
                }
                None => warnings.push("settings: rules must be an object keyed by rule code or name".to_string()),
            },
            "trace" | "path" | "server" => {} // editor-side keys
            _ => warnings.push(format!("settings: unknown key {key:?} ignored")),
        }
    }
    (s, warnings)
}

/// `true`/`false`, `"off"`/`"on"`, a severity name, or `{ "enabled": bool, "severity": name }`.
fn rule_setting(v: &Value) -> Option<RuleSetting> {
    match v {
        Value::Bool(b) => Some(RuleSetting { enabled: Some(*b), severity: None }),
        Value::String(s) => match s.to_ascii_lowercase().as_str() {
            "off" | "none" | "disabled" | "false" => Some(RuleSetting { enabled: Some(false), severity: None }),
            "on" | "enabled" | "true" => Some(RuleSetting { enabled: Some(true), severity: None }),
            other => Severity::parse(other).map(|sev| RuleSetting { enabled: Some(true), severity: Some(sev) }),
        },
        Value::Object(o) => {
            let enabled = match o.get("enabled") {
                None | Some(Value::Null) => None,
                Some(Value::Bool(b)) => Some(*b),
                Some(_) => return None,
            };
            let severity = match o.get("severity") {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) => Some(Severity::parse(s)?),
                Some(_) => return None,
            };
            Some(RuleSetting { enabled, severity })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Rule;
    use serde_json::json;

    fn decoded(v: Value) -> (Settings, Vec<String>) {
        decode(section(&v).expect("object"))
    }

    #[test]
    fn decodes_locale_rules_and_server_knobs() {
        let (s, w) = decoded(json!({"lectern": {
            "locale": "en", "debounce_ms": 30, "maxDocumentSize": 1000,
            "rules": {"LEC102": {"enabled": false}, "figure-placeholder": "hint", "site-chrome": false}
        }}));
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(s.config.locale, Locale::En);
        assert_eq!(s.debounce_ms, 30);
        assert_eq!(s.max_document_size, 1000);
        assert!(!s.config.is_enabled(Rule::find("LEC102").expect("rule")));
        assert!(!s.config.is_enabled(Rule::find("LEC301").expect("rule")));
        assert_eq!(s.config.severity(Rule::find("LEC101").expect("rule")), Severity::Hint);
    }

    #[test]
    fn bad_values_are_warnings_and_the_rest_applies() {
        let (s, w) = decoded(json!({"locale": "fr", "debounceMs": "x", "rules": {"LEC999": true}, "colour": 1,
                                    "ignorePhrases": ["某某"]}));
        assert_eq!(w.len(), 4, "{w:?}");
        assert_eq!(s.config.locale, Locale::ZhCn);
        assert_eq!(s.debounce_ms, 0);
        assert_eq!(s.config.ignore_phrases, vec!["某某".to_string()]);
    }

    #[test]
    fn merge_overlays_rules_rule_by_rule() {
        let base = json!({"locale": "en", "rules": {"LEC101": false}});
        let over = json!({"lectern": {"rules": {"LEC102": false}}});
        let m = merge(section(&base).expect("obj"), section(&over).expect("obj"));
        assert_eq!(Value::Object(m), json!({"locale": "en", "rules": {"LEC101": false, "LEC102": false}}));
    }
}
