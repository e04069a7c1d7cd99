//! The rule families. Each family is a folder with one file per rule and a `mod.rs` that
//! lists its rules (`RULES`), runs its local checks on one line (`check_line`, returning the
//! family's compact per-line facts) and, where it needs the whole document, its document
//! checks over those facts (`check_document`).

pub mod blank;
pub mod boilerplate;
pub(crate) mod charset;
pub mod consistency;
pub mod length;
pub mod lost;
pub mod meta;
pub mod numbering;
pub mod punctuation;

use super::diagnostic::Finding;
use super::engine::{DocCtx, LineCtx};
use super::registry::RuleMeta;

/// Every family's rule list, for the registry.
pub fn families() -> Vec<&'static [&'static RuleMeta]> {
    vec![
        blank::RULES,
        lost::RULES,
        numbering::RULES,
        boilerplate::RULES,
        punctuation::RULES,
        consistency::RULES,
        length::RULES,
        meta::RULES,
    ]
}

/// The compact per-line facts the document passes read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LineFacts {
    /// The line holds only whitespace.
    pub is_empty: bool,
    /// Characters in the line's content (Unicode scalar values).
    pub chars: u32,
    /// Bytes in the line's content.
    pub bytes: u32,
    pub blank: blank::LineFacts,
    pub numbering: numbering::LineFacts,
    pub boilerplate: boilerplate::LineFacts,
    pub consistency: consistency::LineFacts,
    pub length: length::LineFacts,
    /// A suppression comment on this line.
    pub suppression: Option<Box<crate::analysis::suppression::Directive>>,
}

/// Runs every family's local checks on one line.
pub fn check_line(ctx: &LineCtx, out: &mut Vec<Finding>) -> LineFacts {
    let text = ctx.text;
    let is_empty = text.trim().is_empty();
    let bytes = u32::try_from(text.len()).unwrap_or(u32::MAX);
    if is_empty {
        let chars = u32::try_from(text.chars().count()).unwrap_or(u32::MAX);
        return LineFacts { is_empty, chars, bytes, ..LineFacts::default() };
    }
    let shared = SharedScan::of(text);
    let boilerplate = boilerplate::check_line(ctx, out);
    let blank = blank::check_line(ctx, out);
    lost::check_line(ctx, out);
    let numbering = numbering::check_line_at(ctx, out, shared.enum_leads.get());
    let before_punctuation = out.len();
    punctuation::check_line(ctx, out);
    drop_nested_punctuation(out, before_punctuation);
    let consistency = consistency::check_line_at(ctx, shared.consistency.get());
    let length = length::check_line_counted(ctx, out, Some(shared.zi));
    let chars = shared.chars;
    // a suppression comment holds “lectern-”; '-' is rare in Chinese text and memchr is cheap
    let suppression = if memchr::memchr(b'-', text.as_bytes()).is_some() && text.contains("lectern-") {
        crate::analysis::suppression::parse(text).map(Box::new)
    } else {
        None
    };
    LineFacts { is_empty, chars, bytes, blank, numbering, boilerplate, consistency, length, suppression }
}

/// One decoding pass over a non-empty line, shared by the numbering, consistency and length
/// families: it counts the line's characters and its 字数 and records where the characters
/// the other two look for are, so that neither scans the line again.
struct SharedScan {
    chars: u32,
    zi: u32,
    /// [`numbering::marker::ENUM_LEADS`] characters.
    enum_leads: charset::Positions,
    /// Level characters and the first digit of every run of digits
    /// ([`consistency::scan::TRIGGERS`]).
    consistency: charset::Positions,
}

const ENUM_LEAD: u8 = 1;
const LEVEL: u8 = 2;
const WIDE_DIGIT: u8 = 4;
/// The non-ASCII characters the shared scan records: enumeration leads, level characters and
/// full-width digits (the ASCII digits are tested directly).
static SHARED_STOPS: charset::CharMap = charset::CharMap::new(&[
    (&numbering::marker::ENUM_LEAD_CHARS, ENUM_LEAD),
    (&consistency::scan::LEVEL_CHARS, LEVEL),
    (&consistency::scan::WIDE_DIGITS, WIDE_DIGIT),
]);

impl SharedScan {
    fn of(text: &str) -> SharedScan {
        let mut chars: u32 = 0;
        let mut enum_leads = charset::Positions::default();
        let mut consistency = charset::Positions::default();
        let zi = crate::analysis::stats::zi_count_visiting(text, |i, c, prev_digit| {
            chars = chars.saturating_add(1);
            if c < 0x80 {
                // of ASCII, only the digits matter: the first of a run
                if c.wrapping_sub(0x30) < 10 && !prev_digit {
                    consistency.push(i);
                }
                return;
            }
            let tag = SHARED_STOPS.tag(c);
            if tag == 0 {
                return;
            }
            if tag & ENUM_LEAD != 0 {
                enum_leads.push(i);
            }
            if tag & LEVEL != 0 || (tag & WIDE_DIGIT != 0 && !prev_digit) {
                consistency.push(i);
            }
        });
        SharedScan { chars, zi, enum_leads, consistency }
    }
}

/// Document checks that need to know which lines are boilerplate.
pub fn check_document_after_boilerplate(ctx: &DocCtx, out: &mut Vec<Finding>) {
    blank::check_document(ctx, out);
    numbering::check_document(ctx, out);
    consistency::check_document(ctx, out);
    length::check_document(ctx, out);
}

/// A heading marker written with half-width brackets, `(二)`, is reported once, by the numbering
/// family's marker rule (whose fix writes the standard form); the general half-width punctuation
/// findings inside it are dropped. O(findings on the line).
fn drop_nested_punctuation(out: &mut Vec<Finding>, first_new: usize) {
    use super::diagnostic::Category;
    let markers: Vec<(u32, u32)> = out
        .get(..first_new)
        .unwrap_or(&[])
        .iter()
        .filter(|f| f.rule.category() == Category::Punctuation)
        .map(|f| (f.span.start.col, f.span.end.col))
        .collect();
    if markers.is_empty() {
        return;
    }
    let mut i = 0;
    out.retain(|f| {
        let new = i >= first_new;
        i += 1;
        !(new
            && f.rule.category() == Category::Punctuation
            && markers.iter().any(|&(s, e)| s <= f.span.start.col && f.span.end.col <= e))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Config;

    proptest::proptest! {
        /// The shared scan gives each family what its own scan would.
        #[test]
        fn shared_scan_agrees_with_each_familys_own_scan(pieces in proptest::collection::vec(proptest::sample::select(vec![
            "一是", "二要", "第三，", "其一，", "其次，", "首先，", "再次，", "最后，", "一方面", "另一方面", "十一是", "全县", "我市",
            "在县委", "县政府", "2019年是", "２０２４年工作", "1", "12345", ".", "．", "，", "。", "（一）", "一、", "1.", "GDP", "𠀀",
            "街道", "旗", " ", "\u{3000}", "%", "ä", "x",
        ]), 1..60)) {
            let text: String = pieces.concat();
            if !text.trim().is_empty() {
                let config = Config::default();
                let ctx = LineCtx { text: &text, config: &config };
                let shared = SharedScan::of(&text);
                let mut a = Vec::new();
                let mut b = Vec::new();
                proptest::prop_assert_eq!(
                    numbering::check_line(&ctx, &mut a),
                    numbering::check_line_at(&ctx, &mut b, shared.enum_leads.get())
                );
                proptest::prop_assert_eq!(a, b);
                proptest::prop_assert_eq!(
                    consistency::check_line(&ctx, &mut Vec::new()),
                    consistency::check_line_at(&ctx, shared.consistency.get())
                );
                proptest::prop_assert_eq!(length::check_line(&ctx, &[]), length::check_line_counted(&ctx, &[], Some(shared.zi)));
                proptest::prop_assert_eq!(shared.chars as usize, text.chars().count());
            }
        }
    }
}
