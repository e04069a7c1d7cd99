//! The boilerplate family's per-line facts.

/// What the boilerplate family remembers of a line.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LineFacts {
    /// The local pass found the whole line to be boilerplate.
    pub whole_line: bool,
    /// A boilerplate rule claimed some of the line.
    pub any_hit: bool,
    /// The learned line model's partial scores of the line (see `boilerplate_line`).
    pub model: crate::analysis::learn::line::LineScore,
    /// The line carries a truncation or paywall note: text is missing after this point.
    /// `Some(n)` when the note says how many characters are missing (`Some(0)`: unknown).
    pub truncation: Option<u32>,
    /// The line ends with boilerplate (an end-of-article credit, a paywall note): what
    /// follows it on the page is likely the site's again.
    pub ends_with_boilerplate: bool,
    /// The line introduces a list of other articles (相关推荐, 更多相关文章…).
    pub list_header: bool,
    /// The line introduces a table of contents (目录, 提纲).
    pub toc_header: bool,
    /// The line introduces extracted document chunks (资源描述…).
    pub chunk_header: bool,
    /// Byte length of a leading list bullet (`•`, `·`, `●`…) with the whitespace around it;
    /// 0 when the line has none.
    pub bullet: u8,
    /// The text after the bullet is shaped like a title: short, mostly Chinese, no sentence
    /// punctuation.
    pub title_like: bool,
    /// The title-like text ends with a document genre (讲话, 发言, 报告, 总结…).
    pub genre_end: bool,
    /// The line holds only a short number (a page number when it stands alone).
    pub number_only: bool,
    /// The line holds only a date (with or without a time): “2023-05-12”, “2023年5月12日”.
    pub date_only: bool,
    /// The line holds only an ellipsis (……).
    pub ellipsis_only: bool,
    /// A leading `N、` directly followed by text: `(N, byte length of the marker with its
    /// indentation)`.
    pub chunk_marker: Option<(u16, u8)>,
    /// Bytes of the line without ASCII spaces and tabs (a cheap measure of its length).
    pub compact_bytes: u32,
    /// The line ends with sentence-final punctuation (。！？；).
    pub ends_sentence: bool,
    /// The whitespace-free start of the line's own text (after a bullet, a field label or
    /// inline boilerplate at its start), at most 100 (`HEAD_CHARS`) characters.
    pub head: Box<str>,
    /// Characters in `head` (kept so that document passes need not count them per keystroke).
    pub head_chars: u8,
}
