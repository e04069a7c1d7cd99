//! Edits to `lectern.toml` that keep every existing byte (comments, key order, spacing) and
//! add only the new entry: for the "ignore this phrase in the project" and "disable this rule
//! in the project" actions.

use toml_edit::{value, Array, DocumentMut, Item, Table};

/// Adds `phrase` to `[ignore] phrases` (creating the table or the file's text as needed).
/// Returns the new text; unchanged when the phrase is already there.
pub fn add_ignore_phrase(existing: &str, phrase: &str) -> Result<String, String> {
    keeping_form(existing, |text| add_ignore_phrase_lf(text, phrase))
}

/// Runs an edit on the text without its byte-order mark and with LF line ends, then gives the
/// result the file's own form back: its BOM and, when it used them, CRLF line ends.
fn keeping_form(existing: &str, edit: impl FnOnce(&str) -> Result<String, String>) -> Result<String, String> {
    let (bom, body) = match existing.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", existing),
    };
    let crlf = body.contains("\r\n");
    let lf = if crlf { std::borrow::Cow::Owned(body.replace("\r\n", "\n")) } else { std::borrow::Cow::Borrowed(body) };
    let edited = edit(&lf)?;
    if edited == *lf {
        return Ok(existing.to_string());
    }
    let edited = if crlf { edited.replace('\n', "\r\n") } else { edited };
    Ok(format!("{bom}{edited}"))
}

fn add_ignore_phrase_lf(existing: &str, phrase: &str) -> Result<String, String> {
    let mut doc: DocumentMut = existing.parse().map_err(|e: toml_edit::TomlError| e.to_string())?;
    let ignore = doc.entry("ignore").or_insert_with(|| Item::Table(Table::new()));
    let Some(t) = ignore.as_table_like_mut() else { return Err("`ignore` is not a table".into()) };
    let phrases = t.entry("phrases").or_insert(value(Array::new()));
    let Some(arr) = phrases.as_array_mut() else { return Err("`ignore.phrases` is not an array".into()) };
    if arr.iter().any(|v| v.as_str() == Some(phrase)) {
        return Ok(existing.to_string());
    }
    arr.push(phrase);
    Ok(doc.to_string())
}

/// Sets `[rules.CODE] enabled = false`.
pub fn disable_rule(existing: &str, code: &str) -> Result<String, String> {
    keeping_form(existing, |text| disable_rule_lf(text, code))
}

fn disable_rule_lf(existing: &str, code: &str) -> Result<String, String> {
    let mut doc: DocumentMut = existing.parse().map_err(|e: toml_edit::TomlError| e.to_string())?;
    let rules = doc.entry("rules").or_insert_with(|| {
        let mut t = Table::new();
        t.set_implicit(true);
        Item::Table(t)
    });
    let Some(rules) = rules.as_table_like_mut() else { return Err("`rules` is not a table".into()) };
    let rule = rules.entry(code).or_insert_with(|| Item::Table(Table::new()));
    let Some(rule) = rule.as_table_like_mut() else { return Err(format!("`rules.{code}` is not a table")) };
    rule.insert("enabled", value(false));
    Ok(doc.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const COMMENTED: &str = "# 本单位的设置\nlocale = \"zh-CN\"   # 中文提示\n\n[ignore]\n# 口号\nphrases = [\"万人感言\"]\n\n[rules.LEC301]\nseverity = \"error\" # 严格\n";

    #[test]
    fn adding_a_phrase_keeps_every_other_byte() {
        let out = add_ignore_phrase(COMMENTED, "千村示范").unwrap();
        assert_eq!(out, COMMENTED.replace("[\"万人感言\"]", "[\"万人感言\", \"千村示范\"]"));
        assert_eq!(add_ignore_phrase(&out, "千村示范").unwrap(), out);
    }

    #[test]
    fn adding_to_an_empty_or_missing_file_creates_the_table() {
        let out = add_ignore_phrase("", "万人感言").unwrap();
        assert_eq!(out, "[ignore]\nphrases = [\"万人感言\"]\n");
        let mut s = crate::settings::Settings::default();
        assert!(crate::settings::apply_toml(&mut s, &out, "t").is_empty());
        assert_eq!(s.config.ignore_phrases, ["万人感言"]);
    }

    #[test]
    fn disabling_a_rule_appends_a_table_and_keeps_comments() {
        let out = disable_rule(COMMENTED, "LEC101").unwrap();
        assert!(out.starts_with(COMMENTED), "{out}");
        assert!(out.ends_with("[rules.LEC101]\nenabled = false\n"), "{out}");
        let out2 = disable_rule(COMMENTED, "LEC301").unwrap();
        assert_eq!(
            out2,
            COMMENTED.replace("severity = \"error\" # 严格\n", "severity = \"error\" # 严格\nenabled = false\n")
        );
    }

    #[test]
    fn crlf_line_ends_and_a_byte_order_mark_are_kept() {
        let crlf = format!("\u{feff}{}", COMMENTED.replace('\n', "\r\n"));
        let out = add_ignore_phrase(&crlf, "千村示范").unwrap();
        let want = format!(
            "\u{feff}{}",
            COMMENTED.replace("[\"万人感言\"]", "[\"万人感言\", \"千村示范\"]").replace('\n', "\r\n")
        );
        assert_eq!(out, want);
        let out = disable_rule(&crlf, "LEC101").unwrap();
        assert!(out.starts_with(&crlf) && out.ends_with("[rules.LEC101]\r\nenabled = false\r\n"), "{out:?}");
        assert!(!out.replace("\r\n", "").contains('\n'), "{out:?}");
        // LF files stay LF
        assert!(!add_ignore_phrase(COMMENTED, "x").unwrap().contains('\r'));
    }

    #[test]
    fn invalid_toml_is_an_error_not_a_rewrite() {
        assert!(add_ignore_phrase("[ignore\n", "x").is_err());
    }
}
