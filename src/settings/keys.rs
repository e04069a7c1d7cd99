//! The one list of setting keys. Five places spell them, and tests/settings_keys.rs checks
//! that each agrees with this list: the `lectern.toml` parser (`TOP_KEYS` and its match), the
//! JSON schema (`lectern.schema.json`), the editor-settings decoder (`lsp::settings`), the VS
//! Code extension's `contributes.configuration` (`editors/vscode/package.json`) and the keys it
//! forwards to the server (`SERVER_KEYS` in `editors/vscode/src/extension.ts`). Adding a
//! setting starts here; the test names every place that does not know it yet.

/// One setting: its key in `lectern.toml` and, when an editor sets it too, its key in the
/// editor's `lectern` section.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SettingKey {
    pub toml: &'static str,
    pub editor: Option<&'static str>,
}

const fn key(toml: &'static str, editor: Option<&'static str>) -> SettingKey {
    SettingKey { toml, editor }
}

/// Every setting, in the order of `lectern.toml`'s documentation.
pub const KEYS: &[SettingKey] = &[
    key("locale", Some("locale")),
    key("speaking_rate", Some("speakingRate")),
    key("target_minutes", Some("targetMinutes")),
    key("debounce_ms", Some("debounceMs")),
    key("max_document_size", Some("maxDocumentSize")),
    key("include", None),
    key("exclude", None),
    key("rules", Some("rules")),
    // `[ignore] phrases = [...]` in the file; a flat list in the editor
    key("ignore", Some("ignorePhrases")),
    key("boilerplate", None),
];

/// Keys the editor extension reads itself (where the server binary is, protocol tracing); the
/// server ignores them.
pub const EDITOR_ONLY_KEYS: &[&str] = &["server.path", "trace.server"];
