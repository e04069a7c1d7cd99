//! Character classes shared by the line and gap features.

/// A coarse class of a character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    Han,
    Digit,
    /// A Chinese numeral (一…十百千万亿零〇两).
    HanNumeral,
    Latin,
    /// A placeholder-like letter or mark: x X × * ○ ＿ _
    Mark,
    Space,
    /// Sentence or clause punctuation, either width.
    Punct,
    Other,
}

impl Class {
    /// One byte naming the class (for hashed shape features).
    pub fn code(self) -> u8 {
        match self {
            Class::Han => b'H',
            Class::Digit => b'D',
            Class::HanNumeral => b'N',
            Class::Latin => b'L',
            Class::Mark => b'X',
            Class::Space => b'S',
            Class::Punct => b'P',
            Class::Other => b'O',
        }
    }
}

pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

pub fn is_han_numeral(c: char) -> bool {
    matches!(
        c,
        '一' | '二'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
            | '千'
            | '万'
            | '亿'
            | '零'
            | '〇'
            | '两'
    )
}

pub fn is_punct(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '…'
            | '—'
            | '（'
            | '）'
            | '《'
            | '》'
            | '“'
            | '”'
            | '‘'
            | '’'
            | '【'
            | '】'
            | '·'
    ) || (c.is_ascii_punctuation() && !matches!(c, '*' | '_'))
}

pub fn class(c: char) -> Class {
    if c.is_ascii_digit() || ('０'..='９').contains(&c) {
        Class::Digit
    } else if matches!(c, 'x' | 'X' | '×' | '*' | '○' | '＿' | '_' | 'Ｘ' | 'ｘ' | '＊' | '〇') {
        Class::Mark
    } else if is_han_numeral(c) {
        Class::HanNumeral
    } else if is_han(c) {
        Class::Han
    } else if c.is_ascii_alphabetic() || ('Ａ'..='ｚ').contains(&c) {
        Class::Latin
    } else if c.is_whitespace() {
        Class::Space
    } else if is_punct(c) {
        Class::Punct
    } else {
        Class::Other
    }
}

/// Marks that end a sentence or a heading-like clause.
pub fn is_sentence_final(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '：' | '…' | '.' | '!' | '?' | ';' | ':' | '”' | '"')
}

/// Function words whose density tells running prose from chrome.
pub fn is_function_word(c: char) -> bool {
    matches!(
        c,
        '的' | '了'
            | '是'
            | '在'
            | '和'
            | '与'
            | '对'
            | '为'
            | '把'
            | '被'
            | '将'
            | '及'
            | '等'
            | '也'
            | '都'
            | '就'
            | '而'
            | '并'
            | '要'
            | '以'
            | '我'
            | '们'
            | '这'
            | '其'
            | '之'
            | '于'
            | '有'
            | '中'
            | '不'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert_eq!(class('县'), Class::Han);
        assert_eq!(class('三'), Class::HanNumeral);
        assert_eq!(class('7'), Class::Digit);
        assert_eq!(class('X'), Class::Mark);
        assert_eq!(class('k'), Class::Latin);
        assert_eq!(class('，'), Class::Punct);
        assert_eq!(class('|'), Class::Punct);
        assert_eq!(class('\u{3000}'), Class::Space);
    }
}
