//! The SARIF report validates against the published SARIF 2.1.0 schema (committed beside this
//! file as `sarif-schema-2.1.0.json`, from the OASIS SARIF TC's repository, errata 01).

use lectern::analysis::{analyze, Config, Locale};
use lectern::cli::report;
use serde_json::Value;

fn schema() -> Value {
    let text = include_str!("sarif-schema-2.1.0.json");
    serde_json::from_str(text).unwrap_or(Value::Null)
}

fn assert_valid(log: &str) {
    let instance: Value = serde_json::from_str(log).unwrap_or(Value::Null);
    assert!(instance.is_object(), "not JSON: {log}");
    let validator =
        jsonschema::options().with_draft(jsonschema::Draft::Draft4).should_validate_formats(true).build(&schema());
    let validator = match validator {
        Ok(v) => v,
        Err(e) => panic!("schema does not compile: {e}"),
    };
    let errors: Vec<String> =
        validator.iter_errors(&instance).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn seed_speech_report_validates() {
    let text = include_str!("fixtures/consistency/scraped-speech.txt");
    let diagnostics = analyze(text, &Config::default()).diagnostics;
    assert!(!diagnostics.is_empty());
    let log = report::sarif([("../shared/fixtures/scraped-speech.txt", text, diagnostics.as_slice())], Locale::ZhCn);
    assert_valid(&log);
    let en = report::sarif([("drafts/讲话稿 一.txt", text, diagnostics.as_slice())], Locale::En);
    assert_valid(&en);
}

#[test]
fn empty_and_multi_file_reports_validate() {
    assert_valid(&report::sarif([], Locale::ZhCn));
    let a = "全县上下。全县人民。全县干部。全旗各族。\n二、强化保障\r\n增长%，𠀀 emoji 😀 在县委领导下";
    let b = "";
    let da = analyze(a, &Config::default()).diagnostics;
    let db = analyze(b, &Config::default()).diagnostics;
    assert_valid(&report::sarif([("a.txt", a, da.as_slice()), ("/abs/b.md", b, db.as_slice())], Locale::ZhCn));
}

#[test]
fn validator_rejects_a_broken_log() {
    // The check can fail: a result without a message is not SARIF.
    let text = include_str!("fixtures/consistency/scraped-speech.txt");
    let diagnostics = analyze(text, &Config::default()).diagnostics;
    let mut log: Value = serde_json::from_str(&report::sarif([("a.txt", text, diagnostics.as_slice())], Locale::ZhCn))
        .unwrap_or(Value::Null);
    if let Some(r) = log["runs"][0]["results"][0].as_object_mut() {
        r.remove("message");
        r.insert("level".into(), Value::String("fatal".into()));
    }
    let validator = jsonschema::draft4::new(&schema());
    assert!(validator.is_ok_and(|v| !v.is_valid(&log)));
}
