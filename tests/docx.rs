//! Word drafts (.docx) on the command line: the real binary on .docx files that these tests
//! write themselves (the XML parts, zipped with the `zip` crate).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lectern")).args(args).output().expect("run lectern")
}

fn json_of(out: &Output) -> Vec<Value> {
    let v: Value = serde_json::from_slice(&out.stdout).expect("stdout is one JSON value");
    v.as_array().expect("a JSON array").clone()
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/scraped-speech.txt")
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// A paragraph of plain text (an empty line is an empty paragraph).
fn para(text: &str) -> String {
    if text.is_empty() {
        "<w:p/>".to_string()
    } else {
        format!(r#"<w:p><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#, escape(text))
    }
}

/// A paragraph in Word's automatic numbering: instance `num_id`, level `ilvl`.
fn numbered(num_id: u32, ilvl: u32, text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr><w:r><w:t>{}</w:t></w:r></w:p>"#,
        escape(text)
    )
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// Level 0 一、 (chineseCounting, "%1、"), level 1 （一）; instance 1 plain, instance 2 restarts
/// level 0 at 3 (a start override), instance 3 is a bullet list.
fn numbering_xml() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="{W}">
<w:abstractNum w:abstractNumId="0">
<w:multiLevelType w:val="hybridMultilevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="420" w:hanging="420"/></w:pPr></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:lvlJc w:val="left"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1">
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val=""/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="3"/></w:lvlOverride></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>"#
    )
}

/// Writes a .docx: the body's paragraphs, optional numbering definitions and extra parts
/// (e.g. `word/header1.xml`).
fn write_docx(path: &Path, body: &[String], numbering: Option<&str>, extra: &[(&str, String)]) {
    let file = std::fs::File::create(path).expect("create .docx");
    let mut zip = zip::ZipWriter::new(file);
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut put = |name: &str, content: &str| {
        zip.start_file(name, opts).expect("zip entry");
        zip.write_all(content.as_bytes()).expect("zip write");
    };
    put(
        "[Content_Types].xml",
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#,
    );
    put(
        "_rels/.rels",
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#,
    );
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W}"><w:body>{}<w:sectPr/></w:body></w:document>"#,
        body.concat()
    );
    put("word/document.xml", &document);
    if let Some(n) = numbering {
        put("word/numbering.xml", n);
    }
    for (name, content) in extra {
        put(name, content);
    }
    zip.finish().expect("finish .docx");
}

/// The sample, one paragraph per line, as a .docx.
fn sample_docx(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(example()).expect("read the sample");
    let body: Vec<String> = text.lines().map(para).collect();
    let path = dir.join("讲话稿.docx");
    write_docx(&path, &body, None, &[]);
    path
}

#[test]
fn sample_as_docx_gives_the_same_findings_as_the_text_reported_by_paragraph() {
    let dir = tempfile::tempdir().unwrap();
    let docx = sample_docx(dir.path());
    let txt = run(&["check", "--format", "json", example().to_str().unwrap()]);
    let doc = run(&["check", "--format", "json", docx.to_str().unwrap()]);
    assert_eq!(doc.status.code(), Some(1), "{}", String::from_utf8_lossy(&doc.stderr));
    let (txt, doc) = (json_of(&txt), json_of(&doc));
    // Same findings: code, category and place (line:column in the text, paragraph:offset in Word).
    let key_txt: Vec<(String, String, u64, u64)> = txt
        .iter()
        .map(|f| {
            (
                f["code"].to_string(),
                f["category"].to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
            )
        })
        .collect();
    let key_doc: Vec<(String, String, u64, u64)> = doc
        .iter()
        .map(|f| {
            assert_eq!(f["part"], "body", "{f}");
            (
                f["code"].to_string(),
                f["category"].to_string(),
                f["paragraph"].as_u64().unwrap(),
                f["offset"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(key_doc, key_txt);
    for (cat, at_least) in [("blank", 96), ("numbering", 3), ("boilerplate", 9)] {
        let n = doc.iter().filter(|f| f["category"] == cat).count();
        assert!(n >= at_least, "{cat}: {n} < {at_least}");
    }
    // the skipped 二、 (三、 in paragraph 66), quoted with its context
    let skip = doc.iter().find(|f| f["category"] == "numbering" && f["paragraph"] == 66).expect("三、 reported");
    assert!(skip["context"].as_str().unwrap().trim_start().starts_with("三、强化组织保障"), "{skip}");

    // The text report names paragraphs and characters.
    let out = run(&["check", docx.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("讲话稿.docx:第66段第5字: LEC201"), "{text}");
    assert!(text.contains("第66段 |     三、强化组织保障"), "{text}");
    // Fixes are suggestions in Word, never "fixable with --fix".
    assert!(text.contains("= 建议修改：改为“二、”"), "{text}");
    assert!(!text.contains("--fix"), "{text}");
    let en = run(&["check", "--locale", "en", docx.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&en.stdout).contains("讲话稿.docx:paragraph 66, char 5: LEC201"));
}

/// Level-1 headings in Word's automatic numbering, level-2 typed by hand with （二） missing.
fn auto_numbered_body() -> Vec<String> {
    vec![
        para("在全县工作会议上的讲话"),
        numbered(1, 0, "总体要求"),
        para("（一）加强组织领导"),
        para("各级各部门要把这项工作摆上重要议事日程。"),
        para("（三）狠抓工作落实"),
        para("要层层压实责任，确保各项任务落地见效。"),
        numbered(1, 0, "重点任务"),
        para("今年要完成既定目标。"),
        numbered(1, 0, "保障措施"),
        para("同志们，让我们共同努力。"),
    ]
}

#[test]
fn automatic_level_one_numbers_are_shown_and_a_typed_skip_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("auto.docx");
    write_docx(&path, &auto_numbered_body(), Some(&numbering_xml()), &[]);
    let out = run(&["check", "--format", "json", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let found = json_of(&out);
    let skip: Vec<&Value> = found.iter().filter(|f| f["category"] == "numbering").collect();
    assert_eq!(skip.len(), 1, "{found:?}");
    assert_eq!(skip[0]["code"], "LEC201");
    assert_eq!(skip[0]["paragraph"], 5);
    assert_eq!(skip[0]["offset"], 1);
    assert!(skip[0]["message"].as_str().unwrap().contains("（二）"), "{}", skip[0]);
    assert_eq!(skip[0]["context"], "（三）狠抓工作落实");

    // The automatic numbers as Word shows them, in the outline of `lectern stats`.
    let st = run(&["stats", path.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&st.stdout);
    for h in ["一、总体要求", "二、重点任务", "三、保障措施"] {
        assert!(text.contains(h), "{h} missing in\n{text}");
    }
    let st = run(&["stats", "--format", "json", path.to_str().unwrap()]);
    let v: Value = serde_json::from_slice(&st.stdout).unwrap();
    let titles: Vec<&str> = v[0]["sections"].as_array().unwrap().iter().filter_map(|s| s["title"].as_str()).collect();
    assert!(titles.iter().any(|t| t.starts_with("一、总体要求")), "{titles:?}");
}

#[test]
fn a_list_restarted_at_three_after_one_is_a_numbering_finding() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("restart.docx");
    let body = vec![
        numbered(1, 0, "提高思想认识"),
        para("这是一项重要工作。"),
        numbered(2, 0, "明确目标任务"),
        para("要确保按期完成。"),
        numbered(3, 0, "项目清单"),
    ];
    write_docx(&path, &body, Some(&numbering_xml()), &[]);
    let out = run(&["check", "--format", "json", path.to_str().unwrap()]);
    let found = json_of(&out);
    let num: Vec<&Value> = found.iter().filter(|f| f["category"] == "numbering").collect();
    assert_eq!(num.len(), 1, "{found:?}");
    assert_eq!(num[0]["paragraph"], 3);
    // the restarted number as Word displays it
    assert_eq!(num[0]["context"], "三、明确目标任务");
    assert!(num[0]["message"].as_str().unwrap().contains("二、"), "{}", num[0]);
    // The bullet paragraph carries no number and no finding.
    assert!(found.iter().all(|f| f["paragraph"] != 5), "{found:?}");
}

#[test]
fn tables_headers_and_footers_are_read_and_marked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("table.docx");
    let cell = |t: &str| format!("<w:tc>{}</w:tc>", para(t));
    let table = format!(
        "<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>",
        cell("指标"),
        cell("完成情况"),
        cell("地区生产总值"),
        cell("同比增长XX%")
    );
    let body = vec![para("一季度主要经济指标如下。"), table, para("以上数据均为初步统计。")];
    let header = format!(r#"<w:hdr xmlns:w="{W}">{}{}</w:hdr>"#, para(""), para("来源：县政府网  责任编辑：张三"));
    let footer = format!(r#"<w:ftr xmlns:w="{W}">{}</w:ftr>"#, para("第 页"));
    write_docx(&path, &body, None, &[("word/header1.xml", header), ("word/footer1.xml", footer)]);
    let out = run(&["check", "--format", "json", path.to_str().unwrap()]);
    let found = json_of(&out);
    let blank = found.iter().find(|f| f["category"] == "blank").expect("XX in the table found");
    assert_eq!(blank["part"], "table");
    assert_eq!(
        (blank["paragraph"].as_u64(), blank["table_row"].as_u64(), blank["table_column"].as_u64()),
        (Some(5), Some(2), Some(2))
    );
    assert_eq!(blank["offset"], 5);
    let boiler = found.iter().find(|f| f["category"] == "boilerplate").expect("header boilerplate found");
    assert_eq!((boiler["part"].as_str(), boiler["paragraph"].as_u64()), (Some("header"), Some(2)));
    let text = String::from_utf8_lossy(&run(&["check", path.to_str().unwrap()]).stdout).to_string();
    assert!(text.contains("table.docx:第5段（表格第2行第2列）第5字:"), "{text}");
    assert!(text.contains("table.docx:页眉第2段第1字:"), "{text}");
}

#[test]
fn fix_on_a_docx_exits_two_and_leaves_the_file_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let docx = sample_docx(dir.path());
    let before = std::fs::read(&docx).unwrap();
    let out = run(&["check", "--fix", docx.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--fix 不修改 Word 文档") && err.contains("未做任何改动"), "{err}");
    assert_eq!(std::fs::read(&docx).unwrap(), before);
    let out = run(&["check", "--fix", "--unsafe-fixes", "--locale", "en", docx.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not modify Word documents"));
    assert_eq!(std::fs::read(&docx).unwrap(), before);
    // no temporary file left beside it
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn folders_include_docx_and_bad_ones_get_a_chinese_error_while_the_rest_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_docx(&d.join("good.docx"), &[para("今年完成投资XX亿元。")], None, &[]);
    std::fs::write(d.join("plain.txt"), "来源：新华网\n正文。\n").unwrap();
    std::fs::write(d.join("not-zip.docx"), "这只是改了扩展名的文本").unwrap();
    // An encrypted .docx (and an old .doc) is an OLE compound file.
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(4096, 0);
    std::fs::write(d.join("encrypted.docx"), &ole).unwrap();
    // A zip that is not a Word document.
    {
        let mut zip = zip::ZipWriter::new(std::fs::File::create(d.join("other.docx")).unwrap());
        zip.start_file("readme.txt", zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(b"hello").unwrap();
        zip.finish().unwrap();
    }
    // A damaged document part.
    {
        let mut zip = zip::ZipWriter::new(std::fs::File::create(d.join("broken.docx")).unwrap());
        zip.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(b"<w:document><w:body><w:p></w:body>").unwrap();
        zip.finish().unwrap();
    }
    // Word's lock file beside an open document is not a draft.
    std::fs::write(d.join("~$good.docx"), [0u8; 162]).unwrap();

    let out = run(&["check", "--format", "json", d.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    let line_for = |name: &str| err.lines().find(|l| l.contains(name)).unwrap_or_default().to_string();
    assert!(line_for("not-zip.docx").contains("不是有效的 Word 文档"), "{err}");
    assert!(line_for("encrypted.docx").contains("已加密"), "{err}");
    assert!(line_for("other.docx").contains("没有 word/document.xml"), "{err}");
    assert!(line_for("broken.docx").contains("已损坏"), "{err}");
    assert!(!err.contains("~$good"), "{err}");
    let found = json_of(&out);
    assert!(found.iter().any(|f| f["path"].as_str().unwrap().ends_with("good.docx") && f["category"] == "blank"));
    assert!(found.iter().any(|f| f["path"].as_str().unwrap().ends_with("plain.txt") && f["category"] == "boilerplate"));
    // English on request
    let out = run(&["check", "--locale", "en", d.join("encrypted.docx").to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("encrypted (password-protected)"));
}

#[test]
fn stats_on_docx_counts_the_body_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.docx");
    let header = format!(r#"<w:hdr xmlns:w="{W}">{}</w:hdr>"#, para("某某县人民政府办公室文件页眉很长很长很长"));
    write_docx(&path, &[para("同志们："), para("今天我们召开会议。")], None, &[("word/header1.xml", header)]);
    let txt = dir.path().join("s.txt");
    std::fs::write(&txt, "同志们：\n今天我们召开会议。\n").unwrap();
    let chars = |p: &Path| {
        let out = run(&["stats", "--format", "json", p.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        v[0]["chars"].as_u64().unwrap()
    };
    assert_eq!(chars(&path), chars(&txt));
    assert!(chars(&path) > 0);
}
