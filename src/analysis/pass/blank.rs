//! The blank family's per-line facts.

/// What the blank family remembers of a line for its document pass.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LineFacts {
    /// The line's last character that is not a space (PDF text may carry a figure's unit, or
    /// the rest of a word, on the next line).
    pub last: Option<char>,
    /// The line opens with a unit that has no figure: the unit's first character and the quoted
    /// context for the message.
    pub start_slot: Option<(char, Box<str>)>,
    /// The line reports a blank of its own (evidence that the document is an unfilled draft).
    pub has_blank: bool,
    /// 「以新时代中国特色社会主义思想为指导」 without its author: the byte column and quoted
    /// context, reported by the document pass only in a draft with other holes.
    pub thought_slot: Option<(u32, Box<str>)>,
}
