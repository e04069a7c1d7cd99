//! One source for settings keys: `lectern::settings::keys::KEYS`. Each of the five places that
//! spell the keys must agree with it.

use std::collections::BTreeSet;
use std::path::Path;

use lectern::settings::keys::{EDITOR_ONLY_KEYS, KEYS};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn toml_keys() -> BTreeSet<String> {
    KEYS.iter().map(|k| k.toml.to_string()).collect()
}

fn editor_keys() -> BTreeSet<String> {
    KEYS.iter().filter_map(|k| k.editor).map(str::to_string).collect()
}

/// `lectern.toml`: the parser lists its keys in the error for an unknown one (`TOP_KEYS`),
/// and accepts each key of the list (no “unknown key” error for it).
#[test]
fn the_toml_parser_knows_exactly_the_keys() {
    let mut s = lectern::settings::Settings::default();
    let errs = lectern::settings::apply_toml(&mut s, "no_such_key = 1\n", "lectern.toml");
    let msg = &errs.first().expect("an unknown key is an error").message;
    let listed: BTreeSet<String> = msg
        .split_once("expected one of: ")
        .map(|(_, l)| l.trim_end_matches(')').split(", ").map(str::to_string).collect())
        .unwrap_or_default();
    assert_eq!(listed, toml_keys(), "TOP_KEYS in src/settings/mod.rs");
    for k in KEYS {
        let mut s = lectern::settings::Settings::default();
        let errs = lectern::settings::apply_toml(&mut s, &format!("{} = 1\n", k.toml), "lectern.toml");
        assert!(errs.iter().all(|e| !e.message.contains("unknown key")), "{}: {errs:?}", k.toml);
    }
}

#[test]
fn the_json_schema_documents_exactly_the_keys() {
    let schema: serde_json::Value = serde_json::from_str(&read("lectern.schema.json")).expect("schema is JSON");
    let props: BTreeSet<String> =
        schema["properties"].as_object().expect("schema properties").keys().cloned().collect();
    assert_eq!(props, toml_keys(), "lectern.schema.json");
}

/// The editor-settings decoder accepts every editor key without a warning, warns about an
/// unknown one, and its match names no key outside the list (besides snake_case spellings of
/// listed keys, the old `debounce`, and the editor-only keys it ignores).
#[test]
fn the_editor_settings_decoder_knows_exactly_the_keys() {
    for k in editor_keys() {
        let obj = serde_json::json!({ k.clone(): serde_json::Value::Null });
        let (_, warnings) = lectern::lsp::settings::decode(obj.as_object().expect("object"));
        assert!(warnings.iter().all(|w| !w.contains("unknown key")), "{k}: {warnings:?}");
    }
    let (_, warnings) = lectern::lsp::settings::decode(serde_json::json!({ "noSuchKey": 1 }).as_object().expect("obj"));
    assert!(warnings.iter().any(|w| w.contains("unknown key")), "{warnings:?}");

    let src = read("src/lsp/settings.rs");
    let body = src.split("pub fn decode_onto").nth(1).expect("decode_onto").split("\nfn ").next().unwrap_or("");
    let arms = regex::Regex::new(r#"(?m)^\s*((?:"[A-Za-z_]+"\s*\|?\s*)+)=>"#).expect("regex");
    let word = regex::Regex::new(r#""([A-Za-z_]+)""#).expect("regex");
    let snake = |s: &str| {
        s.chars().fold(String::new(), |mut o, c| {
            if c.is_ascii_uppercase() {
                o.push('_');
                o.push(c.to_ascii_lowercase());
            } else {
                o.push(c);
            }
            o
        })
    };
    let mut allowed: BTreeSet<String> = editor_keys();
    allowed.extend(editor_keys().iter().map(|k| snake(k)));
    allowed.insert("debounce".into());
    allowed.extend(EDITOR_ONLY_KEYS.iter().flat_map(|k| k.split('.')).map(str::to_string));
    let mut seen = BTreeSet::new();
    for arm in arms.captures_iter(body) {
        for w in word.captures_iter(arm.get(1).map_or("", |m| m.as_str())) {
            let w = w.get(1).map_or("", |m| m.as_str()).to_string();
            assert!(allowed.contains(&w), "src/lsp/settings.rs decodes {w:?}, which is not in settings::keys::KEYS");
            seen.insert(w);
        }
    }
    for k in editor_keys() {
        assert!(seen.contains(&k), "src/lsp/settings.rs has no arm for {k:?}");
    }
}

#[test]
fn the_vscode_configuration_has_exactly_the_keys() {
    let pkg: serde_json::Value =
        serde_json::from_str(&read("editors/vscode/package.json")).expect("package.json is JSON");
    let conf = &pkg["contributes"]["configuration"];
    let confs: Vec<&serde_json::Value> = match conf.as_array() {
        Some(a) => a.iter().collect(),
        None => vec![conf],
    };
    let props: BTreeSet<String> = confs
        .iter()
        .filter_map(|c| c["properties"].as_object())
        .flat_map(|o| o.keys())
        .map(|k| k.strip_prefix("lectern.").unwrap_or(k).to_string())
        .collect();
    let mut want = editor_keys();
    want.extend(EDITOR_ONLY_KEYS.iter().map(|k| k.to_string()));
    assert_eq!(props, want, "editors/vscode/package.json contributes.configuration");
}

#[test]
fn the_vscode_extension_forwards_exactly_the_server_keys() {
    let ts = read("editors/vscode/src/extension.ts");
    let list = ts.split("const SERVER_KEYS = [").nth(1).and_then(|r| r.split(']').next()).expect("SERVER_KEYS");
    let keys: BTreeSet<String> = regex::Regex::new(r"'([A-Za-z]+)'")
        .expect("regex")
        .captures_iter(list)
        .filter_map(|c| c.get(1).map(|m| m.as_str().to_string()))
        .collect();
    assert_eq!(keys, editor_keys(), "SERVER_KEYS in editors/vscode/src/extension.ts");
}
