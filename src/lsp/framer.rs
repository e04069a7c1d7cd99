//! A sans-I/O decoder for the base protocol's framing (`Content-Length: N\r\n\r\n` + N bytes).
//!
//! Bytes go in with [`Framer::push`], in chunks split anywhere; [`Framer::next_event`] gives
//! whole message bodies and reports of corrupt input. It never panics, never allocates for
//! bytes that have not arrived, and never gets stuck on bad input:
//!
//! - headers are decoded as bytes (a non-UTF-8 byte is just a byte);
//! - a header block with a missing, negative, non-numeric or too large `Content-Length`, a
//!   line that is not a header, or a header block longer than [`MAX_HEADER_BLOCK`] is
//!   corruption: it is reported once and the input is skipped up to the next
//!   `Content-Length:` (compared without regard to case), where decoding starts again;
//! - a body is collected as its bytes arrive: a declared length allocates nothing by itself;
//! - a body that is not JSON and holds a `Content-Length:` header (its frame said it was longer
//!   than it is, so it swallowed the start of the next message) is reported as corrupt up to
//!   there, and decoding starts again at that header;
//! - a body still arriving is not waited for once it holds a header line
//!   (`Content-Length:`, digits and a raw line end): JSON cannot hold a raw line end inside a
//!   string nor those words outside one, so its frame declared more than it sent. It is
//!   reported as corrupt up to there at once, and decoding starts again at that header: a
//!   frame whose body never fully arrives does not leave the reader waiting for bytes that
//!   will never come while the next messages go unread.
//!
//! What a body means (JSON-RPC) is not this module's business.

/// The most bytes a header block may take before its blank line.
pub const MAX_HEADER_BLOCK: usize = 8 * 1024;

/// The default largest frame: 64 MiB.
pub const DEFAULT_MAX_FRAME: usize = 64 * 1024 * 1024;

const NEEDLE: &[u8] = b"content-length:";

/// What the framer found.
#[derive(Debug, PartialEq, Eq)]
pub enum Event {
    /// A message body (exactly its declared length).
    Message(Vec<u8>),
    /// Corrupt input, with the reason; the framer is resynchronising.
    Corrupt(String),
}

#[derive(Debug)]
enum State {
    /// Reading a header block: `pending` starts where the block starts.
    Header,
    /// Skipping input up to the next `Content-Length:`.
    Resync,
    /// Reading a body of `len` bytes; `scanned`: how far the body was searched for a header
    /// line (see the module docs).
    Body { len: usize, body: Vec<u8>, scanned: usize },
}

/// The framing decoder. See the module docs.
#[derive(Debug)]
pub struct Framer {
    max_frame: usize,
    state: State,
    /// Input not yet consumed (header bytes, or bytes after a body).
    pending: Vec<u8>,
    /// Offset of `pending` consumed (compacted lazily, so that a burst of small messages
    /// in one chunk is not quadratic).
    start: usize,
}

impl Default for Framer {
    fn default() -> Self {
        Framer::new(DEFAULT_MAX_FRAME)
    }
}

impl Framer {
    /// A framer refusing bodies over `max_frame` bytes.
    pub fn new(max_frame: usize) -> Framer {
        Framer { max_frame, state: State::Header, pending: Vec::new(), start: 0 }
    }

    /// Changes the largest accepted body (for frames whose header is not read yet).
    pub fn set_max_frame(&mut self, max_frame: usize) {
        self.max_frame = max_frame;
    }

    /// Takes more input.
    pub fn push(&mut self, mut data: &[u8]) {
        if let State::Body { len, body, .. } = &mut self.state {
            if self.start >= self.pending.len() {
                // The common case for a large body: straight in, no detour through `pending`.
                let want = len.saturating_sub(body.len()).min(data.len());
                let (now, rest) = data.split_at(want);
                body.extend_from_slice(now);
                data = rest;
            }
        }
        if self.start > 0 && self.start >= self.pending.len() / 2 {
            self.pending.drain(..self.start);
            self.start = 0;
        }
        self.pending.extend_from_slice(data);
    }

    /// The next message or corruption report, when the input so far holds one.
    pub fn next_event(&mut self) -> Option<Event> {
        loop {
            match &mut self.state {
                State::Body { len, body, scanned } => {
                    let rest = self.pending.get(self.start..).unwrap_or_default();
                    let want = len.saturating_sub(body.len()).min(rest.len());
                    body.extend_from_slice(rest.get(..want).unwrap_or_default());
                    self.start += want;
                    if body.len() < *len {
                        match header_inside(body, *scanned) {
                            Inside::Found(i) => {
                                let mut body = std::mem::take(body);
                                let (declared, tail) = (*len, body.split_off(i));
                                self.state = State::Header;
                                let rest = self.pending.split_off(self.start.min(self.pending.len()));
                                self.pending = tail;
                                self.pending.extend_from_slice(&rest);
                                self.start = 0;
                                return Some(Event::Corrupt(format!(
                                    "a message body cut short: the next message's header came after {} of the {declared} bytes its Content-Length declared",
                                    body.len()
                                )));
                            }
                            Inside::From(at) => *scanned = at,
                        }
                        return None;
                    }
                    let body = std::mem::take(body);
                    self.state = State::Header;
                    return Some(self.finish_body(body));
                }
                State::Resync => {
                    let rest = self.pending.get(self.start..).unwrap_or_default();
                    match find_needle(rest, 0) {
                        Some(i) => {
                            self.start += i;
                            self.state = State::Header;
                        }
                        None => {
                            // Keep what could be the start of a split `Content-Length:`.
                            let keep = NEEDLE.len() - 1;
                            self.start = self.pending.len().saturating_sub(keep).max(self.start);
                            self.compact();
                            return None;
                        }
                    }
                }
                State::Header => match self.header() {
                    Header::Incomplete => {
                        self.compact();
                        return None;
                    }
                    Header::Frame { consumed, len } => {
                        self.start += consumed;
                        // Only what has arrived is allocated; the rest grows with the input.
                        let arrived = self.pending.len().saturating_sub(self.start);
                        self.state = State::Body { len, body: Vec::with_capacity(len.min(arrived)), scanned: 0 };
                    }
                    Header::Corrupt { reason } => {
                        // Skip at least one byte: the bad block's own start is not a fresh start.
                        self.start += 1;
                        self.state = State::Resync;
                        return Some(Event::Corrupt(reason));
                    }
                },
            }
        }
    }

    /// A finished body. A body that swallowed the next header (see the module docs) is cut
    /// there and the rest is read again as input.
    fn finish_body(&mut self, mut body: Vec<u8>) -> Event {
        if let Some(i) = find_needle(&body, 1) {
            if serde_json::from_slice::<serde::de::IgnoredAny>(&body).is_err() {
                let tail = body.split_off(i);
                let rest = self.pending.split_off(self.start.min(self.pending.len()));
                self.pending = tail;
                self.pending.extend_from_slice(&rest);
                self.start = 0;
                return Event::Corrupt(format!(
                    "a message body ({} bytes) was not JSON and held the next message's header; its Content-Length was too large",
                    body.len()
                ));
            }
        }
        Event::Message(body)
    }

    fn compact(&mut self) {
        if self.start > 0 {
            self.pending.drain(..self.start.min(self.pending.len()));
            self.start = 0;
        }
    }

    /// Parses the header block at the start of the pending input.
    fn header(&self) -> Header {
        let block = self.pending.get(self.start..).unwrap_or_default();
        let mut len: Option<Result<usize, String>> = None;
        let mut seen = false;
        let mut at = 0;
        loop {
            let rest = block.get(at..).unwrap_or_default();
            let Some(nl) = memchr::memchr(b'\n', rest) else {
                // An incomplete line: wait for it, unless it cannot be a header already.
                if at + rest.len() > MAX_HEADER_BLOCK {
                    return Header::Corrupt { reason: format!("a header block longer than {MAX_HEADER_BLOCK} bytes") };
                }
                if let Some(reason) = bad_header_start(rest) {
                    return Header::Corrupt { reason };
                }
                return Header::Incomplete;
            };
            let line = rest.get(..nl).unwrap_or_default();
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            at += nl + 1;
            if at > MAX_HEADER_BLOCK {
                return Header::Corrupt { reason: format!("a header block longer than {MAX_HEADER_BLOCK} bytes") };
            }
            if line.is_empty() {
                if !seen {
                    continue; // blank lines before a header block are skipped
                }
                return match len {
                    Some(Ok(len)) => Header::Frame { consumed: at, len },
                    Some(Err(reason)) => Header::Corrupt { reason },
                    None => Header::Corrupt { reason: "a message without a Content-Length header".to_string() },
                };
            }
            seen = true;
            let Some(colon) = memchr::memchr(b':', line) else {
                return Header::Corrupt { reason: format!("not a header line: {}", shown(line)) };
            };
            let (name, value) = line.split_at(colon);
            let value = value.get(1..).unwrap_or_default();
            if name.is_empty() || !name.iter().all(|b| is_token(*b)) {
                return Header::Corrupt { reason: format!("not a header line: {}", shown(line)) };
            }
            if name.eq_ignore_ascii_case(b"content-length") {
                len = Some(self.length(value));
            }
        }
    }

    /// Decodes a `Content-Length` value: 1 to 20 ASCII digits, at most the frame limit.
    fn length(&self, value: &[u8]) -> Result<usize, String> {
        let v = value.trim_ascii();
        if v.is_empty() || !v.iter().all(u8::is_ascii_digit) {
            return Err(format!("an invalid Content-Length: {}", shown(value.trim_ascii())));
        }
        let n = v.iter().try_fold(0u64, |n, d| n.checked_mul(10)?.checked_add(u64::from(d - b'0')));
        match n.and_then(|n| usize::try_from(n).ok()) {
            Some(n) if n <= self.max_frame => Ok(n),
            _ => Err(format!("a Content-Length of {} bytes, above the limit of {} bytes", shown(v), self.max_frame)),
        }
    }
}

enum Header {
    Incomplete,
    Frame { consumed: usize, len: usize },
    Corrupt { reason: String },
}

/// Why an incomplete header line cannot become a header, if it cannot.
fn bad_header_start(partial: &[u8]) -> Option<String> {
    let name_end = memchr::memchr(b':', partial).unwrap_or(partial.len());
    let name = partial.get(..name_end).unwrap_or_default();
    let name = name.strip_suffix(b"\r").unwrap_or(name);
    if name.iter().all(|b| is_token(*b)) {
        None
    } else {
        Some(format!("not a header line: {}", shown(partial)))
    }
}

/// HTTP token characters (header names).
fn is_token(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// A short, printable rendering of header bytes for a log line.
fn shown(bytes: &[u8]) -> String {
    let cut = bytes.get(..60).unwrap_or(bytes);
    let mut s = String::from_utf8_lossy(cut).escape_debug().to_string();
    if cut.len() < bytes.len() {
        s.push('…');
    }
    s
}

/// Where a search of a body for a header line got to.
enum Inside {
    /// A header line (`Content-Length:`, blanks, digits, a raw line end) starts here.
    Found(usize),
    /// None before this offset: the next search starts here (a header line may still be
    /// arriving from here on).
    From(usize),
}

/// Searches `body` from `from` for a `Content-Length:` header line, which no JSON text holds.
fn header_inside(body: &[u8], from: usize) -> Inside {
    let mut at = from;
    while let Some(c) = find_needle(body, at) {
        let after = body.get(c + NEEDLE.len()..).unwrap_or_default();
        let blanks = after.iter().take_while(|b| matches!(b, b' ' | b'\t')).count();
        let rest = after.get(blanks..).unwrap_or_default();
        let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        let end = rest.get(digits..).unwrap_or_default();
        let end = end.strip_prefix(b"\r").unwrap_or(end);
        match end.first() {
            // not arrived yet: look again from here when more has
            None => return Inside::From(c),
            Some(b'\n') if digits > 0 => return Inside::Found(c),
            Some(_) => at = c + 1,
        }
    }
    // A `Content-Length:` split at the end of what has arrived is found next time.
    Inside::From(body.len().saturating_sub(NEEDLE.len() - 1).max(from))
}

/// The first `Content-Length:` (any case) in `hay` at or after `from`.
fn find_needle(hay: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(rest) = hay.get(at..) {
        let i = memchr::memchr2(b'c', b'C', rest)?;
        let cand = at + i;
        if hay.get(cand..cand + NEEDLE.len()).is_some_and(|w| w.eq_ignore_ascii_case(NEEDLE)) {
            return Some(cand);
        }
        at = cand + 1;
    }
    None
}

#[cfg(test)]
fn contains_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn frame(body: &[u8]) -> Vec<u8> {
        let mut f = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        f.extend_from_slice(body);
        f
    }

    fn run(framer: &mut Framer, chunks: &[&[u8]]) -> Vec<Event> {
        let mut out = Vec::new();
        for c in chunks {
            framer.push(c);
            while let Some(e) = framer.next_event() {
                out.push(e);
            }
        }
        out
    }

    fn messages(events: &[Event]) -> Vec<&[u8]> {
        events
            .iter()
            .filter_map(|e| match e {
                Event::Message(m) => Some(m.as_slice()),
                Event::Corrupt(_) => None,
            })
            .collect()
    }

    const OK: &[u8] = br#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;

    #[test]
    fn decodes_frames_split_anywhere() {
        let mut input = frame(OK);
        input.extend(frame(b"{}"));
        for cut in 0..input.len() {
            let (a, b) = input.split_at(cut);
            let ev = run(&mut Framer::default(), &[a, b]);
            assert_eq!(messages(&ev), vec![OK, b"{}".as_slice()], "cut at {cut}");
            assert_eq!(ev.len(), 2);
        }
    }

    #[test]
    fn bad_lengths_are_corruption_and_the_next_frame_is_read() {
        let cases: &[&[u8]] = &[
            b"Content-Length: 1099511627776\r\n\r\n{\"a\":1}",
            b"Content-Length: 9223372036854775808\r\n\r\nabc",
            b"Content-Length: 99999999999999999999999999\r\n\r\nabc",
            b"Content-Length: 3000000000\r\n\r\n0123456789",
            b"Content-Length: 5\xff\xfe\r\n\r\n{}",
            b"Content-Length: -5\r\n\r\n{\"jsonrpc\":\"2.0\"}",
            b"Content-Length: abc\r\n\r\n{\"jsonrpc\":\"2.0\"}",
            b"Content-Type: application/json\r\n\r\n{\"jsonrpc\":\"2.0\"}",
            b"Content-Length:\r\n\r\n{}",
            b"\xff\xfe garbage \x00\r\n",
        ];
        for bad in cases {
            let mut f = Framer::default();
            let ev = run(&mut f, &[bad, &frame(OK)]);
            assert_eq!(messages(&ev), vec![OK], "{}", shown(bad));
            assert!(matches!(ev.first(), Some(Event::Corrupt(_))), "{}: {ev:?}", shown(bad));
            assert!(f.pending.capacity() < 4096, "{}", shown(bad));
        }
    }

    #[test]
    fn a_too_short_length_loses_only_its_own_message() {
        let body = br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let mut bad = b"Content-Length: 5\r\n\r\n".to_vec();
        bad.extend_from_slice(body);
        let ev = run(&mut Framer::default(), &[&bad, &frame(OK)]);
        assert_eq!(messages(&ev), vec![b"{\"jso".as_slice(), OK]);
    }

    #[test]
    fn a_too_long_length_is_cut_at_the_next_header() {
        let body = br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let mut bad = format!("Content-Length: {}\r\n\r\n", body.len() + 30).into_bytes();
        bad.extend_from_slice(body);
        let mut input = bad;
        input.extend(frame(OK));
        input.extend(frame(OK));
        let ev = run(&mut Framer::default(), &[&input]);
        // The swallowed start of the second frame is read again: both valid frames come out.
        assert_eq!(messages(&ev), vec![OK, OK]);
        assert!(ev.iter().any(|e| matches!(e, Event::Corrupt(_))));
    }

    #[test]
    fn a_body_that_never_fully_arrives_is_cut_at_the_next_header() {
        // 60 MB declared (under the cap), 52 bytes sent, then a valid request: answered at once.
        let body = br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let mut input = b"Content-Length: 60000000\r\n\r\n".to_vec();
        input.extend_from_slice(body);
        input.extend(frame(OK));
        let mut f = Framer::new(DEFAULT_MAX_FRAME);
        let ev = run(&mut f, &[&input]);
        assert_eq!(messages(&ev), vec![OK]);
        assert!(matches!(ev.first(), Some(Event::Corrupt(r)) if r.contains("cut short")), "{ev:?}");
        assert!(matches!(f.state, State::Header), "{:?}", f.state);
        // The same with the next header split anywhere across reads.
        for cut in 0..input.len() {
            let (a, b) = input.split_at(cut);
            let ev = run(&mut Framer::new(DEFAULT_MAX_FRAME), &[a, b]);
            assert_eq!(messages(&ev), vec![OK], "cut at {cut}");
        }
    }

    #[test]
    fn a_header_quoted_inside_a_json_string_is_not_a_cut() {
        // A document whose text holds a header: JSON escapes its line ends, so it is no header
        // line, and the body is read whole.
        let body = br#"{"text":"Content-Length: 5\r\n\r\nabc","n":"content-length:12"}"#;
        let mut input = frame(body);
        input.extend(frame(OK));
        for cut in 0..input.len() {
            let (a, b) = input.split_at(cut);
            let ev = run(&mut Framer::default(), &[a, b]);
            assert_eq!(ev, vec![Event::Message(body.to_vec()), Event::Message(OK.to_vec())], "cut at {cut}");
        }
    }

    #[test]
    fn a_declared_length_allocates_nothing_before_its_bytes() {
        let mut f = Framer::new(usize::MAX);
        f.push(b"Content-Length: 60000000\r\n\r\n0123456789");
        assert_eq!(f.next_event(), None);
        match &f.state {
            State::Body { body, .. } => assert!(body.capacity() < 1024, "{}", body.capacity()),
            s => panic!("expected a body, got {s:?}"),
        }
    }

    #[test]
    fn garbage_without_newline_is_skipped_in_bounded_memory() {
        let mut f = Framer::default();
        let junk = vec![b'{'; 100_000];
        let ev = run(&mut f, &[&junk, &junk, &frame(OK)]);
        assert_eq!(messages(&ev), vec![OK]);
        assert_eq!(ev.iter().filter(|e| matches!(e, Event::Corrupt(_))).count(), 1);
    }

    #[test]
    fn an_overlong_header_line_is_corruption() {
        let mut f = Framer::default();
        let long = vec![b'x'; MAX_HEADER_BLOCK + 10];
        let ev = run(&mut f, &[b"X-Long: ", &long, b"\r\n\r\n", &frame(OK)]);
        assert_eq!(messages(&ev), vec![OK]);
    }

    fn chunks_of<'a>(input: &'a [u8], cuts: &[usize]) -> Vec<&'a [u8]> {
        let mut cuts: Vec<usize> = cuts.iter().map(|c| c % (input.len() + 1)).collect();
        cuts.sort_unstable();
        let mut out = Vec::new();
        let mut prev = 0;
        for c in cuts {
            out.push(&input[prev..c]);
            prev = c;
        }
        out.push(&input[prev..]);
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn never_panics_on_any_bytes_split_anywhere(
            input in proptest::collection::vec(any::<u8>(), 0..2048),
            cuts in proptest::collection::vec(any::<usize>(), 0..8),
            headers in proptest::collection::vec(
                prop_oneof![
                    Just(b"Content-Length: ".to_vec()),
                    Just(b"\r\n\r\n".to_vec()),
                    Just(b"content-length:3\r\n\r\n".to_vec()),
                    Just(b"Content-Length: 99999999999999\r\n".to_vec()),
                    proptest::collection::vec(any::<u8>(), 0..16),
                ],
                0..8,
            ),
        ) {
            let mut all = input.clone();
            for h in headers {
                all.extend(h);
                all.extend_from_slice(&input[..input.len() / 3]);
            }
            let mut f = Framer::new(1000);
            let ev = run(&mut f, &chunks_of(&all, &cuts));
            let total: usize = messages(&ev).iter().map(|m| m.len()).sum();
            prop_assert!(total <= all.len());
        }

        #[test]
        fn valid_frames_split_anywhere_come_out_whole_and_in_order(
            bodies in proptest::collection::vec("[a-z0-9 {}\":,\\[\\]\u{4e00}-\u{4e20}]{0,100}", 0..6),
            cuts in proptest::collection::vec(any::<usize>(), 0..10),
        ) {
            let bodies: Vec<Vec<u8>> =
                bodies.into_iter().map(String::into_bytes).filter(|b| !contains_ci(b, NEEDLE)).collect();
            let input: Vec<u8> = bodies.iter().flat_map(|b| frame(b)).collect();
            let ev = run(&mut Framer::default(), &chunks_of(&input, &cuts));
            prop_assert_eq!(ev, bodies.into_iter().map(Event::Message).collect::<Vec<_>>());
        }

        #[test]
        fn a_frame_declaring_more_than_it_sends_loses_only_itself(
            body in "[a-z0-9 {}\":,\\[\\]\u{4e00}-\u{4e20}]{0,200}",
            extra in 1usize..10_000_000,
            later in proptest::collection::vec("[a-z0-9 {}\":,]{0,60}", 1..4),
            cuts in proptest::collection::vec(any::<usize>(), 0..8),
        ) {
            prop_assume!(!contains_ci(body.as_bytes(), NEEDLE));
            let later: Vec<Vec<u8>> = later.into_iter().map(String::into_bytes).collect();
            let mut input = format!("Content-Length: {}\r\n\r\n", body.len() + extra).into_bytes();
            input.extend_from_slice(body.as_bytes());
            for l in &later {
                input.extend(frame(l));
            }
            let mut f = Framer::new(DEFAULT_MAX_FRAME);
            let ev = run(&mut f, &chunks_of(&input, &cuts));
            // Every later frame comes out whole, in order, without waiting for the missing bytes.
            let m = messages(&ev);
            prop_assert_eq!(m, later.iter().map(Vec::as_slice).collect::<Vec<_>>());
            prop_assert!(matches!(ev.first(), Some(Event::Corrupt(_))));
            prop_assert!(matches!(f.state, State::Header));
        }

        #[test]
        fn a_valid_frame_after_garbage_is_recovered(
            garbage in proptest::collection::vec(any::<u8>(), 0..512),
            body in "[a-z0-9 {}\":,\\[\\]]{0,200}",
            cuts in proptest::collection::vec(any::<usize>(), 0..6),
        ) {
            prop_assume!(!contains_ci(&garbage, NEEDLE));
            prop_assume!(!contains_ci(body.as_bytes(), NEEDLE));
            let mut input = garbage.clone();
            input.extend(frame(body.as_bytes()));
            input.extend(frame(OK));
            let ev = run(&mut Framer::default(), &chunks_of(&input, &cuts));
            let m = messages(&ev);
            // Whatever the garbage did, the last valid frame comes out whole.
            prop_assert_eq!(m.last().copied(), Some(OK));
            prop_assert!(m.len() <= 2);
        }
    }
}
