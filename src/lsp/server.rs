//! `impl LanguageServer for Backend`: each handler decodes, takes a snapshot, runs the pure
//! core (on the blocking pool for requests, so that a panic there is a `JoinError`, not a dead
//! server), converts and replies. Notifications mutate the documents before their first
//! `.await`, so they apply in arrival order; their work is guarded by `catch_unwind`.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::{Map, Value};
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::{
    CodeActionParams, CodeActionResponse, ConfigurationItem, DidChangeConfigurationParams, DidChangeTextDocumentParams,
    DidChangeWatchedFilesParams, DidChangeWatchedFilesRegistrationOptions, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, DocumentSymbolParams, DocumentSymbolResponse,
    FileSystemWatcher, FoldingRange, FoldingRangeParams, GlobPattern, Hover, HoverContents, HoverParams,
    InitializeParams, InitializeResult, InitializedParams, MarkupContent, MarkupKind, MessageType, Registration,
    ServerInfo,
};
use tower_lsp_server::ls_types::{CodeLens, CodeLensParams, Command, Position, Range};
use tower_lsp_server::{Client, LanguageServer};

use super::documents::{lock, Outlet, Shared, Snapshot};
use super::{actions, capabilities, convert, settings};

pub struct Backend {
    shared: Arc<Shared>,
    outlet: Outlet,
    /// Set by `shutdown`: `exit` then ends the process with status 0 (1 without it).
    shutdown: Arc<AtomicBool>,
    client_pulls_configuration: AtomicBool,
    client_watches_files: AtomicBool,
    config: Arc<ConfigState>,
}

/// `initializationOptions` and the last `workspace/configuration` answer (sections), and the
/// settings in effect (their merge). Shared with the tasks that pull the configuration: those
/// run detached, so that a client that never answers cannot hold up `exit`.
struct ConfigState {
    shared: Arc<Shared>,
    outlet: Outlet,
    init_options: Mutex<Map<String, Value>>,
    workspace_settings: Mutex<Map<String, Value>>,
    /// The merged editor settings and the project file generation they were applied with.
    effective: Mutex<Option<(u64, Map<String, Value>)>>,
    project: Mutex<Project>,
    /// Held while the project file is read and parsed (off the protocol thread), so that
    /// loads apply in the order they started.
    loading: Mutex<()>,
    /// Warnings already logged once (a code action runs on every cursor move).
    noted: Mutex<std::collections::HashSet<String>>,
}

/// The project's `lectern.toml`: where it is (or would be created), and the settings of its
/// last valid version (an invalid edit keeps these in force).
#[derive(Default)]
struct Project {
    path: Option<std::path::PathBuf>,
    /// The workspace folder (the first one), when the client gave one.
    root: Option<std::path::PathBuf>,
    good: crate::settings::Settings,
    generation: u64,
    /// Which settings file is in force, in words (for the log and the status line).
    in_force: String,
}

impl ConfigState {
    /// Recomputes the settings in effect; re-analyses open documents when they changed.
    fn apply(&self) {
        let r = catch_unwind(AssertUnwindSafe(|| {
            let merged = settings::merge(&lock(&self.init_options), &lock(&self.workspace_settings));
            let (generation, base) = {
                let p = lock(&self.project);
                (p.generation, settings::from_project(&p.good))
            };
            let mut effective = lock(&self.effective);
            if effective.as_ref().is_some_and(|(g, m)| *g == generation && *m == merged) {
                return;
            }
            let (decoded, warnings) = settings::decode_onto(base, &merged);
            for w in warnings {
                self.outlet.log(MessageType::WARNING, w);
            }
            *effective = Some((generation, merged));
            drop(effective);
            super::stdio::set_max_document_size(decoded.max_document_size);
            self.shared.set_settings(decoded);
        }));
        if r.is_err() {
            self.outlet.log(MessageType::ERROR, "internal error while applying settings; still serving");
        }
    }

    /// (Re)reads the project file. A valid file replaces the project settings; an invalid one
    /// is reported as diagnostics on the file itself and, except at start-up (when its valid
    /// keys apply, as in `lectern check`), the last good settings stay in force. A deleted file
    /// means the defaults; so does one that is not a regular file or is too large (a FIFO, a
    /// symlink to `/dev/stdin` or `/dev/zero`): it is never opened for reading, and the log
    /// says it was ignored. Which file is in force is logged after every load.
    ///
    /// Blocking (file system, parsing): called on the blocking pool, never on the protocol
    /// thread.
    fn load_project(&self, initial: bool) {
        let _serial = lock(&self.loading);
        let Some(path) = lock(&self.project).path.clone() else {
            let none = "none (no workspace folder); defaults";
            lock(&self.project).in_force = none.to_string();
            self.outlet.log(MessageType::INFO, format!("settings file in force: {none}"));
            self.apply();
            return;
        };
        let shown = path.display().to_string();
        let mut diagnostics = Vec::new();
        let text = crate::settings::read_file(&path);
        let in_force;
        {
            let mut p = lock(&self.project);
            match &text {
                Ok(text) => {
                    let mut fresh = crate::settings::Settings::default();
                    let errors = crate::settings::apply_toml(&mut fresh, text, &shown);
                    for e in &errors {
                        self.outlet.log(MessageType::WARNING, e.to_string());
                    }
                    diagnostics =
                        errors.iter().map(|e| convert::config_error(text, e, self.shared.encoding())).collect();
                    if errors.is_empty() || initial {
                        p.good = fresh;
                        p.generation += 1;
                        p.in_force = if errors.is_empty() {
                            shown.clone()
                        } else {
                            format!("{shown} (its valid keys; {} errors)", errors.len())
                        };
                    } else {
                        p.in_force =
                            format!("{} (the last valid version of {shown}, which has errors now)", p.in_force);
                    }
                }
                Err(crate::settings::ReadError::Missing) => {
                    p.good = crate::settings::Settings::default();
                    p.generation += 1;
                    p.in_force = format!("none ({shown} does not exist); defaults");
                }
                Err(e) if e.is_ignored() => {
                    p.good = crate::settings::Settings::default();
                    p.generation += 1;
                    p.in_force = format!("none ({shown} {e}); defaults");
                }
                Err(e) => {
                    self.outlet.log(MessageType::ERROR, format!("{shown}: {e}"));
                    if initial {
                        p.in_force = format!("none ({shown} could not be read: {e}); defaults");
                    }
                }
            }
            in_force = p.in_force.clone();
        }
        let typ = if text.as_ref().is_err_and(crate::settings::ReadError::is_ignored) {
            MessageType::WARNING
        } else {
            MessageType::INFO
        };
        self.outlet.log(typ, format!("settings file in force: {in_force}"));
        if let Some(uri) = tower_lsp_server::ls_types::Uri::from_file_path(&path) {
            let client = self.outlet.client.clone();
            self.outlet.runtime.spawn(async move { client.publish_diagnostics(uri, diagnostics, None).await });
        }
        self.apply();
    }

    /// Loads the project file on the blocking pool; the returned handle ends with the load.
    /// Analyses wait for the load (at most 5 s; a slower load applies when it ends).
    fn spawn_load(self: &Arc<Self>, initial: bool) -> tokio::task::JoinHandle<()> {
        let me = self.clone();
        self.shared.hold_analyses(std::time::Duration::from_secs(5));
        self.outlet.runtime.spawn_blocking(move || {
            let me2 = me.clone();
            if catch_unwind(AssertUnwindSafe(move || me2.load_project(initial))).is_err() {
                me.outlet.log(MessageType::ERROR, "internal error while loading lectern.toml; still serving");
            }
            me.shared.release_analyses();
        })
    }

    /// Asks the client for the `lectern` section, in a detached task.
    fn spawn_pull(self: &Arc<Self>) {
        let me = self.clone();
        self.outlet.runtime.spawn(async move {
            let items = vec![ConfigurationItem { scope_uri: None, section: Some("lectern".to_string()) }];
            match me.outlet.client.configuration(items).await {
                Ok(values) => {
                    let section = values.first().and_then(settings::section).cloned().unwrap_or_default();
                    *lock(&me.workspace_settings) = section;
                    me.apply();
                }
                Err(e) => me.outlet.log(MessageType::WARNING, format!("workspace/configuration failed: {e}")),
            }
        });
    }
}

impl Backend {
    /// Creates the backend and starts the analysis worker thread.
    /// `direct_stdout`: the server owns standard output, so publishes may be written to it
    /// directly.
    pub fn new(client: Client, shutdown: Arc<AtomicBool>, direct_stdout: bool) -> Backend {
        let shared = Shared::new();
        let runtime = tokio::runtime::Handle::current();
        let worker = Outlet { client: client.clone(), runtime: runtime.clone(), direct_stdout };
        let s = shared.clone();
        let spawned = std::thread::Builder::new().name("lectern-analysis".into()).spawn(move || s.run_worker(worker));
        if let Err(e) = spawned {
            eprintln!("lectern: cannot start the analysis thread: {e}");
        }
        let outlet = Outlet { client, runtime, direct_stdout };
        let config = Arc::new(ConfigState {
            shared: shared.clone(),
            outlet: outlet.clone(),
            init_options: Mutex::new(Map::new()),
            workspace_settings: Mutex::new(Map::new()),
            effective: Mutex::new(None),
            project: Mutex::new(Project::default()),
            loading: Mutex::new(()),
            noted: Mutex::new(std::collections::HashSet::new()),
        });
        Backend {
            shared,
            outlet,
            shutdown,
            client_pulls_configuration: AtomicBool::new(false),
            client_watches_files: AtomicBool::new(false),
            config,
        }
    }

    fn log(&self, typ: MessageType, msg: impl Into<String>) {
        self.outlet.log(typ, msg);
    }

    /// Runs `f` on the blocking pool; a panic inside becomes a logged internal error.
    async fn blocking<T: Send + 'static>(
        &self,
        name: &'static str,
        f: impl FnOnce() -> Result<T> + Send + 'static,
    ) -> Result<T> {
        match tokio::task::spawn_blocking(f).await {
            Ok(r) => r,
            Err(e) => {
                self.log(MessageType::ERROR, format!("internal error in {name}: {e}; still serving"));
                Err(Error {
                    code: ErrorCode::InternalError,
                    message: format!("lectern: internal error in {name} (see the server log)").into(),
                    data: None,
                })
            }
        }
    }

    /// Runs a notification's synchronous work, logging a panic instead of dying.
    fn guarded(&self, name: &str, f: impl FnOnce()) {
        if let Err(p) = catch_unwind(AssertUnwindSafe(f)) {
            let what = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            self.log(MessageType::ERROR, format!("internal error in {name} (panic: {what}); still serving"));
        }
    }

    fn snapshot(&self, uri: &tower_lsp_server::ls_types::Uri) -> Option<Snapshot> {
        catch_unwind(AssertUnwindSafe(|| self.shared.snapshot(uri))).ok().flatten()
    }

    /// A message that was not JSON-RPC (replaced by the input guard): logged.
    pub async fn invalid_message(&self, params: Value) {
        self.log(
            MessageType::ERROR,
            format!("ignored a malformed message: {}", params.get("error").unwrap_or(&Value::Null)),
        );
    }

    /// A malformed message that had an id: logged and answered with an error.
    pub async fn invalid_request(&self, params: Value) -> Result<()> {
        self.log(MessageType::ERROR, format!("malformed request: {}", params.get("error").unwrap_or(&Value::Null)));
        Err(Error {
            code: ErrorCode::InvalidRequest,
            message: format!("{}", params.get("error").unwrap_or(&Value::Null)).into(),
            data: None,
        })
    }

    /// A test hook (registered only when `LECTERN_LSP_TEST_HOOKS` is set): panics inside a
    /// request, to show that the server answers with an error and keeps serving.
    #[allow(clippy::panic)] // the panic is the point of this hook
    pub async fn debug_panic(&self) -> Result<()> {
        self.blocking("lectern/debugPanic", || -> Result<()> { panic!("lectern/debugPanic requested") }).await
    }
}

fn out_of_range(line: u32, lines: usize) -> Error {
    Error::invalid_params(format!("position line {line} is past the end of the document ({lines} lines)"))
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        // The rules' tables, patterns and their caches are built now, while the editor is
        // still starting, rather than on the first document the writer opens.
        crate::analysis::warm_up();
        let enc = capabilities::negotiate_encoding(&params.capabilities);
        self.shared.set_encoding(enc);
        let pulls = params.capabilities.workspace.as_ref().and_then(|w| w.configuration).unwrap_or(false);
        self.client_pulls_configuration.store(pulls, Ordering::SeqCst);
        if let Some(opts) = params.initialization_options.as_ref().and_then(settings::section) {
            *lock(&self.config.init_options) = opts.clone();
        }
        // The project file: the workspace folder's lectern.toml (where it would be created
        // when there is none). Nothing above the workspace folder applies.
        #[allow(deprecated)] // root_uri: still what many clients send
        let root = params
            .workspace_folders
            .as_ref()
            .and_then(|f| f.first())
            .map(|f| f.uri.clone())
            .or_else(|| params.root_uri.clone())
            .and_then(|u| actions::local_path(&u));
        if let Some(root) = root {
            let mut p = lock(&self.config.project);
            p.path = Some(root.join(crate::settings::FILE_NAME));
            p.root = Some(root);
        }
        let watch = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false);
        self.client_watches_files.store(watch, Ordering::SeqCst);
        // Read and parsed on the blocking pool: a slow file system or a huge file cannot stall
        // the protocol. Analyses wait for it (see `spawn_load`), so that they use its settings.
        self.config.spawn_load(true);
        Ok(InitializeResult {
            capabilities: capabilities::server_capabilities(enc),
            server_info: Some(ServerInfo {
                name: "lectern".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        self.log(MessageType::INFO, format!("lectern {} ready", env!("CARGO_PKG_VERSION")));
        if self.client_pulls_configuration.load(Ordering::SeqCst) {
            self.config.spawn_pull();
        }
        if self.client_watches_files.load(Ordering::SeqCst) {
            // Detached: a client that never answers must not hold anything up.
            let client = self.outlet.client.clone();
            self.outlet.runtime.spawn(async move {
                let options = DidChangeWatchedFilesRegistrationOptions {
                    watchers: vec![FileSystemWatcher {
                        glob_pattern: GlobPattern::String(format!("**/{}", crate::settings::FILE_NAME)),
                        kind: None,
                    }],
                };
                let registration = Registration {
                    id: "lectern-watch-config".to_string(),
                    method: "workspace/didChangeWatchedFiles".to_string(),
                    register_options: serde_json::to_value(options).ok(),
                };
                let _ = client.register_capability(vec![registration]).await;
            });
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        // Only the project file counts. With no workspace folder, the project file is the
        // lectern.toml in the folder of an open local document (where "ignore in project"
        // creates it): no other file, whatever the event says, becomes the project file.
        let (project, has_root) = {
            let p = lock(&self.config.project);
            (p.path.clone(), p.root.is_some())
        };
        let paths: Vec<std::path::PathBuf> =
            params.changes.iter().filter_map(|c| actions::local_path(&c.uri)).collect();
        let touched = match &project {
            Some(project) => paths.iter().any(|p| p == project),
            None => false,
        };
        let adopted = if project.is_none() && !has_root {
            let folders: Vec<std::path::PathBuf> = self
                .shared
                .open_uris()
                .iter()
                .filter_map(actions::local_path)
                .filter_map(|p| p.parent().map(std::path::Path::to_path_buf))
                .collect();
            paths.into_iter().find(|p| {
                p.file_name().is_some_and(|n| n == crate::settings::FILE_NAME)
                    && p.parent().is_some_and(|d| folders.iter().any(|f| f == d))
            })
        } else {
            None
        };
        if let Some(path) = adopted {
            lock(&self.config.project).path = Some(path);
        } else if !touched {
            return;
        }
        self.config.spawn_load(false);
    }

    async fn shutdown(&self) -> Result<()> {
        self.shutdown.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let mut d = params.text_document;
        super::stdio::take_diverted(&mut d.text);
        self.guarded("textDocument/didOpen", || self.shared.open(d.uri, d.version, &d.text));
    }

    async fn did_change(&self, mut params: DidChangeTextDocumentParams) {
        for c in &mut params.content_changes {
            super::stdio::take_diverted(&mut c.text);
        }
        let uri = params.text_document.uri;
        let version = params.text_document.version;
        let mut warning = None;
        self.guarded("textDocument/didChange", || {
            warning = self.shared.change(&uri, version, &params.content_changes);
        });
        if let Some(w) = warning {
            self.log(MessageType::WARNING, w);
        }
    }

    async fn did_save(&self, _: DidSaveTextDocumentParams) {
        // The text is already in sync; the diagnostics were published on the last change.
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        self.guarded("textDocument/didClose", || self.shared.close(&params.text_document.uri));
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        if self.client_pulls_configuration.load(Ordering::SeqCst) {
            self.config.spawn_pull();
        } else {
            let section = settings::section(&params.settings).cloned().unwrap_or_default();
            *lock(&self.config.workspace_settings) = section;
            self.config.apply();
        }
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let p = params.text_document_position_params;
        let Some(snap) = self.snapshot(&p.text_document.uri) else { return Ok(None) };
        if p.position.line as usize >= snap.doc.len_lines() {
            return Err(out_of_range(p.position.line, snap.doc.len_lines()));
        }
        self.blocking("textDocument/hover", move || {
            let enc = snap.encoding;
            let locale = snap.settings.config.locale;
            let lp = snap.doc.line_pos_of(convert::from_position(p.position), enc);
            let findings = snap.findings();
            let hits: Vec<_> = findings.iter().filter(|f| f.span.start <= lp && lp <= f.span.end).collect();
            let mut parts: Vec<String> = hits.iter().map(|f| convert::finding_hover(f, locale)).collect();
            let mut range = hits.first().map(|f| convert::range(&snap.doc, f.span, enc));
            // On a heading marker: its level and path in the outline (after any finding there).
            if let Some(h) = snap.doc.heading_at(lp.line as usize) {
                if h.marker_start <= lp.col && lp.col <= h.marker_end {
                    let analysis = snap.analysis();
                    if let Some(path) = convert::outline_path(&analysis.outline, lp.line) {
                        let mut text = convert::heading_hover(&path, locale);
                        if h.level == 1 {
                            let stats = snap.doc.stats(&analysis, &snap.settings.config);
                            if let Some(sec) = stats.section_at_line(lp.line) {
                                let count = crate::analysis::stats::format_count(sec.chars, stats.rate, locale);
                                text.push_str(&format!("\n\n{count}"));
                            }
                        }
                        parts.push(text);
                        if range.is_none() {
                            let marker =
                                crate::analysis::Span::in_line(lp.line, h.marker_start as usize, h.marker_end as usize);
                            range = Some(convert::range(&snap.doc, marker, enc));
                        }
                    }
                }
            }
            if parts.is_empty() {
                return Ok(None);
            }
            Ok(Some(Hover {
                contents: HoverContents::Markup(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: parts.join("\n\n---\n\n"),
                }),
                range,
            }))
        })
        .await
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        let Some(snap) = self.snapshot(&params.text_document.uri) else { return Ok(None) };
        self.blocking("textDocument/codeLens", move || {
            let config = &snap.settings.config;
            let stats = snap.doc.stats(&snap.analysis(), config);
            let locale = config.locale;
            let lens = |line: u32, title: String| {
                let at = Position::new(line, 0);
                CodeLens {
                    range: Range::new(at, at),
                    command: Some(Command { title, command: String::new(), arguments: None }),
                    data: None,
                }
            };
            let mut out = vec![lens(stats.lens_line(), stats.summary(locale))];
            for s in stats.sections.iter().filter(|s| s.level == Some(1)) {
                out.push(lens(
                    s.selection.start.line,
                    crate::analysis::stats::format_count(s.chars, stats.rate, locale),
                ));
            }
            Ok(Some(out))
        })
        .await
    }

    async fn document_symbol(&self, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
        let Some(snap) = self.snapshot(&params.text_document.uri) else { return Ok(None) };
        self.blocking("textDocument/documentSymbol", move || {
            let a = snap.analysis();
            Ok(Some(DocumentSymbolResponse::Nested(convert::document_symbols(&snap.doc, &a.outline, snap.encoding))))
        })
        .await
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        let Some(snap) = self.snapshot(&params.text_document.uri) else { return Ok(None) };
        self.blocking("textDocument/foldingRange", move || {
            let a = snap.analysis();
            let mut out = Vec::new();
            convert::folding_ranges(&snap.doc, &a.outline, &mut out);
            Ok(Some(out))
        })
        .await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let Some(snap) = self.snapshot(&uri) else { return Ok(None) };
        let lines = snap.doc.len_lines();
        for p in [params.range.start, params.range.end] {
            if p.line as usize >= lines {
                return Err(out_of_range(p.line, lines));
            }
        }
        let only = params.context.only;
        let range = params.range;
        let (project, root) = {
            let p = lock(&self.config.project);
            (p.path.clone(), p.root.clone())
        };
        let config = self.config.clone();
        self.blocking("textDocument/codeAction", move || {
            let place = actions::ProjectFile { path: project.as_deref(), root: root.as_deref() };
            let mut notes = Vec::new();
            let out = actions::code_actions(&snap, &uri, range, only.as_deref(), place, &mut notes);
            for n in notes {
                if lock(&config.noted).insert(n.clone()) {
                    config.outlet.log(MessageType::WARNING, n);
                }
            }
            Ok(Some(out))
        })
        .await
    }
}
