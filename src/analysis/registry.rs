//! The one table of rules: code ↔ kebab-case name ↔ category ↔ default severity.
//!
//! Each rule file declares a `pub static META: RuleMeta`; each family's `mod.rs` lists its rules
//! in `RULES`; `rules::all` chains the families (this module defines the types only and names
//! no family).
//!
//! # Codes
//!
//! Codes are `LEC` + three digits. The hundreds digit names the **family that finds** the
//! rule — the folder under `rules/` whose `RULES` lists it: 1 blanks, 2 numbering and
//! structure, 3 boilerplate, 4 punctuation, 5 consistency, 6 length, 9 lectern itself. It does
//! not name the rule's **category** (what kind of problem it reports, used by `[categories]`
//! settings and shown in the output), and the two differ where a family finds a problem of
//! another kind: LEC211–LEC215 (`marker-extra-mark`, `marker-arabic-dunhao`,
//! `marker-halfwidth-bracket`, `marker-cn-numeral-dot`, `ordinal-dunhao`) are found by the
//! numbering family's marker parser and are punctuation problems, so their codes are in the 2xx
//! block and their category is punctuation. To select rules by kind, use the category, never
//! a code prefix. Codes are never renumbered or reused (settings, suppression comments and
//! snapshots name them), so a rule that changes family keeps its code.

use std::fmt;
use std::hash::{Hash, Hasher};

use super::diagnostic::{Category, FixAvailability, Severity};

/// Static description of a rule.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable code, e.g. `LEC101`.
    pub code: &'static str,
    /// kebab-case name, e.g. `missing-figure`.
    pub name: &'static str,
    pub category: Category,
    pub default_severity: Severity,
    /// Rules that are off unless configured on (hints that are legal in practice).
    pub default_enabled: bool,
    pub fix: FixAvailability,
    /// One line saying what the rule flags, in Chinese and English.
    pub summary_zh: &'static str,
    pub summary_en: &'static str,
}

/// A rule: a cheap handle to its [`RuleMeta`]. Two rules are equal when their codes are.
#[derive(Clone, Copy)]
pub struct Rule(pub &'static RuleMeta);

impl Rule {
    pub fn code(self) -> &'static str {
        self.0.code
    }
    pub fn name(self) -> &'static str {
        self.0.name
    }
    pub fn category(self) -> Category {
        self.0.category
    }
    pub fn default_severity(self) -> Severity {
        self.0.default_severity
    }
    pub fn meta(self) -> &'static RuleMeta {
        self.0
    }
    /// Where the rule's documentation lives in the repository.
    pub fn doc_url(self) -> String {
        format!("https://github.com/lectern-dev/lectern/blob/main/docs/rules/{}.md", self.0.code)
    }
}

impl PartialEq for Rule {
    fn eq(&self, other: &Self) -> bool {
        self.0.code == other.0.code
    }
}
impl Eq for Rule {}
impl Hash for Rule {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.code.hash(state);
    }
}
impl PartialOrd for Rule {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Rule {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.code.cmp(other.0.code)
    }
}
impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}({})", self.0.code, self.0.name)
    }
}
impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.code)
    }
}
