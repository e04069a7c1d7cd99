//! The open documents and the analysis worker.
//!
//! Notifications mutate a document synchronously, before their handler's first `.await`, so
//! that they take effect in the order they arrived: `didChange` applies its ranges to the rope
//! and re-runs the local rules on the touched lines only (work proportional to the edit), then
//! queues the document for the worker. The worker, one thread, runs the document passes on the
//! newest text, converts the findings and publishes them with the version they belong to.
//! Several changes that arrive while it is busy are analysed once, as the newest text; a
//! version is published at most once; publishes leave in order because one thread sends them;
//! closing goes through the same queue, so a late analysis can never repaint a closed document.

use std::collections::{HashMap, VecDeque};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, RwLock};
use std::time::{Duration, Instant};

use ropey::Rope;
use tower_lsp_server::ls_types::{self as lsp, MessageType, TextDocumentContentChangeEvent, Uri};
use tower_lsp_server::Client;

use super::convert;
use super::settings::Settings;
use crate::analysis::Finding;
use crate::document::{Document, DocumentAnalysis};
use crate::text::{Encoding, Position};

/// Locks a mutex, recovering from poisoning: a handler that panicked must not take the whole
/// server with it, and every state behind these locks stays usable after a panic.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The text of an open document: analysed, or held as a plain rope when it is larger than
/// the configured maximum.
#[derive(Clone, Debug)]
pub enum Text {
    Analysed(Document),
    TooLarge(Rope),
}

impl Text {
    fn new(text: &str, settings: &Settings) -> Text {
        if text.len() > settings.max_document_size {
            Text::TooLarge(Rope::from_str(text))
        } else {
            Text::Analysed(Document::new(text, &settings.config))
        }
    }
    pub fn rope(&self) -> &Rope {
        match self {
            Text::Analysed(d) => d.rope(),
            Text::TooLarge(r) => r,
        }
    }
}

/// One open document.
#[derive(Debug)]
pub struct DocState {
    pub version: i32,
    pub text: Text,
    /// The settings generation the per-line results were computed with.
    generation: u64,
    /// The (version, generation) last published.
    published: Option<(i32, u64)>,
    /// The last findings, for requests: (version, generation, findings).
    last: Option<(i32, u64, Arc<Vec<Finding>>)>,
    /// Columns converted for the last publish, reused for unchanged lines.
    columns: convert::PublishCache,
    changed_at: Instant,
}

/// What the worker does next.
#[derive(Debug, PartialEq)]
enum Job {
    Analyse(Uri),
    Clear(Uri),
}

/// A consistent view of one document for a request.
#[derive(Clone)]
pub struct Snapshot {
    pub doc: Document,
    pub version: i32,
    pub settings: Arc<Settings>,
    pub encoding: Encoding,
    findings: Option<Arc<Vec<Finding>>>,
}

impl Snapshot {
    /// The findings of this snapshot's text (the published ones when they are current).
    pub fn findings(&self) -> Arc<Vec<Finding>> {
        match &self.findings {
            Some(a) => a.clone(),
            None => Arc::new(self.doc.findings(&self.settings.config)),
        }
    }
    /// Findings and outline (the outline is built on request only).
    pub fn analysis(&self) -> DocumentAnalysis {
        self.doc.analysis(&self.settings.config)
    }
}

/// Shared by the handlers and the worker.
pub struct Shared {
    docs: Mutex<HashMap<Uri, Arc<Mutex<DocState>>>>,
    settings: RwLock<(u64, Arc<Settings>)>,
    encoding: RwLock<Encoding>,
    queue: Mutex<VecDeque<Job>>,
    wake: Condvar,
    /// Settings loads under way, and until when analyses wait for them (see
    /// [`Shared::hold_analyses`]).
    held: Mutex<(usize, Option<Instant>)>,
}

/// Where the worker sends its results and its log lines.
#[derive(Clone)]
pub struct Outlet {
    pub client: Client,
    pub runtime: tokio::runtime::Handle,
    /// Publish by writing to standard output directly (the server runs on stdio).
    pub direct_stdout: bool,
}

impl Outlet {
    /// Logs to standard error and, as `window/logMessage`, to the client.
    pub fn log(&self, typ: MessageType, msg: impl Into<String>) {
        let msg = msg.into();
        eprintln!("lectern: {msg}");
        let client = self.client.clone();
        self.runtime.spawn(async move { client.log_message(typ, msg).await });
    }
    fn publish(&self, uri: Uri, diagnostics: Vec<lsp::Diagnostic>, version: Option<i32>) {
        // Sent from the worker thread, one at a time: publishes leave in the order made. They
        // go straight to standard output (see `stdio::write_notification`), or through the
        // framework's client when the server does not own standard output (in-process use).
        let params = lsp::PublishDiagnosticsParams::new(uri, diagnostics, version);
        if self.direct_stdout {
            if let Err(e) = super::stdio::write_notification("textDocument/publishDiagnostics", &params) {
                eprintln!("lectern: cannot write to standard output: {e}");
            }
        } else {
            self.runtime.block_on(self.client.publish_diagnostics(params.uri, params.diagnostics, params.version));
        }
    }
    /// Publishes parameters already serialised by [`convert::publish_params_json`].
    fn publish_json(&self, params: &str) {
        if self.direct_stdout {
            if let Err(e) = super::stdio::write_raw_notification("textDocument/publishDiagnostics", params) {
                eprintln!("lectern: cannot write to standard output: {e}");
            }
            return;
        }
        match serde_json::from_str::<lsp::PublishDiagnosticsParams>(params) {
            Ok(p) => self.runtime.block_on(self.client.publish_diagnostics(p.uri, p.diagnostics, p.version)),
            Err(e) => eprintln!("lectern: internal error, unreadable publish: {e}"),
        }
    }
}

impl Shared {
    pub fn new() -> Arc<Shared> {
        Arc::new(Shared {
            docs: Mutex::new(HashMap::new()),
            settings: RwLock::new((0, Arc::new(Settings::default()))),
            encoding: RwLock::new(Encoding::Utf16),
            queue: Mutex::new(VecDeque::new()),
            wake: Condvar::new(),
            held: Mutex::new((0, None)),
        })
    }

    pub fn encoding(&self) -> Encoding {
        *self.encoding.read().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
    pub fn set_encoding(&self, enc: Encoding) {
        *self.encoding.write().unwrap_or_else(std::sync::PoisonError::into_inner) = enc;
    }
    pub fn settings(&self) -> (u64, Arc<Settings>) {
        let g = self.settings.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        (g.0, g.1.clone())
    }

    /// Installs new settings and re-analyses every open document with them.
    pub fn set_settings(&self, settings: Settings) {
        {
            let mut g = self.settings.write().unwrap_or_else(std::sync::PoisonError::into_inner);
            g.0 += 1;
            g.1 = Arc::new(settings);
        }
        let uris: Vec<Uri> = lock(&self.docs).keys().cloned().collect();
        for uri in uris {
            self.enqueue(Job::Analyse(uri));
        }
    }

    fn enqueue(&self, job: Job) {
        let mut q = lock(&self.queue);
        if !q.contains(&job) {
            q.push_back(job);
        }
        drop(q);
        self.wake.notify_one();
    }

    fn get(&self, uri: &Uri) -> Option<Arc<Mutex<DocState>>> {
        lock(&self.docs).get(uri).cloned()
    }

    pub fn open(&self, uri: Uri, version: i32, text: &str) {
        let (generation, settings) = self.settings();
        let state = DocState {
            version,
            text: Text::new(text, &settings),
            generation,
            published: None,
            last: None,
            columns: convert::PublishCache::default(),
            changed_at: Instant::now(),
        };
        lock(&self.docs).insert(uri.clone(), Arc::new(Mutex::new(state)));
        self.enqueue(Job::Analyse(uri));
    }

    /// Applies a `didChange`. Returns a warning when the change was ignored.
    pub fn change(&self, uri: &Uri, version: i32, changes: &[TextDocumentContentChangeEvent]) -> Option<String> {
        let Some(doc) = self.get(uri) else {
            return Some(format!("didChange for a document that is not open: {}", uri.as_str()));
        };
        let (generation, settings) = self.settings();
        let enc = self.encoding();
        let mut st = lock(&doc);
        if version <= st.version {
            return Some(format!(
                "ignored a stale didChange for {} (version {version}, have {})",
                uri.as_str(),
                st.version
            ));
        }
        for ch in changes {
            let range = ch.range.map(|r| (convert::from_position(r.start), convert::from_position(r.end)));
            match &mut st.text {
                Text::Analysed(d) => d.apply_change(range, &ch.text, enc, &settings.config),
                Text::TooLarge(rope) => rope_apply(rope, range, &ch.text, enc),
            }
        }
        // Cross the size limit in either direction.
        let len = st.text.rope().len_bytes();
        match &st.text {
            Text::Analysed(d) if len > settings.max_document_size => st.text = Text::TooLarge(d.rope().clone()),
            Text::TooLarge(r) if len <= settings.max_document_size => {
                st.text = Text::Analysed(Document::new(&r.to_string(), &settings.config));
                st.generation = generation;
            }
            _ => {}
        }
        st.version = version;
        st.changed_at = Instant::now();
        drop(st);
        self.enqueue(Job::Analyse(uri.clone()));
        None
    }

    /// Holds analyses back while a settings file loads (off the protocol thread), at most
    /// `max`: a change that arrives after an edit of `lectern.toml` is analysed with the new
    /// settings, as if the file had been read at once. Each call is ended by
    /// [`Shared::release_analyses`].
    pub fn hold_analyses(&self, max: Duration) {
        let mut h = lock(&self.held);
        h.0 += 1;
        h.1 = Some(Instant::now() + max);
    }

    pub fn release_analyses(&self) {
        {
            let mut h = lock(&self.held);
            h.0 = h.0.saturating_sub(1);
            if h.0 == 0 {
                h.1 = None;
            }
        }
        let _q = lock(&self.queue);
        self.wake.notify_all();
    }

    /// The URIs of the open documents.
    pub fn open_uris(&self) -> Vec<Uri> {
        lock(&self.docs).keys().cloned().collect()
    }

    pub fn close(&self, uri: &Uri) {
        lock(&self.docs).remove(uri);
        self.enqueue(Job::Clear(uri.clone()));
    }

    /// A snapshot for a request, or `None` when the document is not open or too large.
    pub fn snapshot(&self, uri: &Uri) -> Option<Snapshot> {
        let doc = self.get(uri)?;
        let (generation, settings) = self.settings();
        let encoding = self.encoding();
        let st = lock(&doc);
        let Text::Analysed(d) = &st.text else { return None };
        if st.generation != generation {
            // The worker has not caught up with new settings yet: analyse a fresh copy.
            let fresh = Document::new(&d.text(), &settings.config);
            return Some(Snapshot { doc: fresh, version: st.version, settings, encoding, findings: None });
        }
        let findings = match &st.last {
            Some((v, g, a)) if *v == st.version && *g == generation => Some(a.clone()),
            _ => None,
        };
        Some(Snapshot { doc: d.clone(), version: st.version, settings, encoding, findings })
    }

    /// The worker loop: runs forever on its own thread.
    pub fn run_worker(self: Arc<Self>, outlet: Outlet) {
        loop {
            let job = {
                let mut q = lock(&self.queue);
                loop {
                    let until = lock(&self.held).1;
                    if let Some(wait) = until.and_then(|u| u.checked_duration_since(Instant::now())) {
                        q = self.wake.wait_timeout(q, wait).map_or_else(|e| e.into_inner().0, |r| r.0);
                        continue;
                    }
                    if let Some(j) = q.pop_front() {
                        break j;
                    }
                    q = self.wake.wait(q).unwrap_or_else(std::sync::PoisonError::into_inner);
                }
            };
            let r = catch_unwind(AssertUnwindSafe(|| self.run_job(job, &outlet)));
            if let Err(p) = r {
                let what = p
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| p.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                outlet
                    .log(MessageType::ERROR, format!("internal error while analysing (panic: {what}); still serving"));
            }
        }
    }

    fn run_job(&self, job: Job, outlet: &Outlet) {
        match job {
            Job::Clear(uri) => {
                if self.get(&uri).is_none() {
                    outlet.publish(uri, Vec::new(), None);
                }
            }
            Job::Analyse(uri) => {
                thread_local! {
                    // Reused from publish to publish: a large draft's publish is a megabyte,
                    // which would otherwise be mapped and unmapped on every keystroke.
                    static PARAMS: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
                }
                PARAMS.with(|p| {
                    let mut params = p.borrow_mut();
                    params.clear();
                    if self.analyse(&uri, &mut params) {
                        outlet.publish_json(&params);
                    }
                });
            }
        }
    }

    /// Analyses the newest text of `uri` unless that was already published; writes the
    /// serialised `publishDiagnostics` parameters into `params` and says whether it did.
    fn analyse(&self, uri: &Uri, params: &mut String) -> bool {
        let Some(doc) = self.get(uri) else { return false };
        let mut st = lock(&doc);
        let (mut generation, mut settings) = self.settings();
        // Debounce: wait until the document has been quiet for `debounce_ms`.
        while settings.debounce_ms > 0 {
            let due = st.changed_at + Duration::from_millis(settings.debounce_ms);
            let now = Instant::now();
            if now >= due {
                break;
            }
            drop(st);
            std::thread::sleep(due - now);
            st = lock(&doc);
            (generation, settings) = self.settings();
        }
        if st.published == Some((st.version, generation)) {
            return false;
        }
        if st.generation != generation {
            st.text = match &st.text {
                Text::Analysed(d) if d.rope().len_bytes() <= settings.max_document_size => {
                    let mut d = d.clone();
                    d.reanalyze_all(&settings.config);
                    Text::Analysed(d)
                }
                t => Text::new(&t.rope().to_string(), &settings),
            };
            st.generation = generation;
        }
        let enc = self.encoding();
        let st = &mut *st;
        let version = st.version;
        match &st.text {
            Text::Analysed(d) => {
                let columns = &mut st.columns;
                d.with_placed(&settings.config, |placed| {
                    convert::publish_params_json(params, d, placed, enc, uri, Some(version), columns);
                });
                // Requests compute their findings when they need them (see `Snapshot::findings`).
                st.last = None;
            }
            Text::TooLarge(r) => {
                let d =
                    convert::too_large_diagnostic(r.len_bytes(), settings.max_document_size, settings.config.locale);
                st.last = None;
                let p = lsp::PublishDiagnosticsParams::new(uri.clone(), vec![d], Some(version));
                params.push_str(&serde_json::to_string(&p).unwrap_or_default());
            }
        }
        st.published = Some((version, generation));
        true
    }
}

/// Applies an edit to a bare rope (documents too large to analyse), clamping like
/// [`Document::char_of`].
fn rope_apply(rope: &mut Rope, range: Option<(Position, Position)>, text: &str, enc: Encoding) {
    let Some((a, b)) = range else {
        *rope = Rope::from_str(text);
        return;
    };
    let (mut s, mut e) = (rope_char_of(rope, a, enc), rope_char_of(rope, b, enc));
    if s > e {
        std::mem::swap(&mut s, &mut e);
    }
    rope.remove(s..e);
    rope.insert(s, text);
}

fn rope_char_of(rope: &Rope, pos: Position, enc: Encoding) -> usize {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return rope.len_chars();
    }
    let start = rope.line_to_char(line);
    let l = rope.line(line);
    let mut n = l.len_chars();
    while n > 0 && matches!(l.char(n - 1), '\n' | '\r') {
        n -= 1;
    }
    let c = l.slice(..n);
    let col = pos.col as usize;
    start
        + match enc {
            Encoding::Utf32 => col.min(c.len_chars()),
            Encoding::Utf16 => c.utf16_cu_to_char(col.min(c.len_utf16_cu())),
            Encoding::Utf8 => c.byte_to_char(col.min(c.len_bytes())),
        }
}
