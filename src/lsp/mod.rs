//! The language server: a thin tower-lsp-server shell over the engine.
//!
//! - [`server`]: the `LanguageServer` handlers (decode → snapshot → core → convert → reply).
//! - [`documents`]: open documents (rope + per-line results, monotonic versions) and the
//!   analysis worker that publishes diagnostics.
//! - [`convert`]: every mapping between engine types and protocol types.
//! - [`actions`]: code actions (quick fixes, fix-all, remove boilerplate, renumber headings).
//! - [`capabilities`]: what the server offers; position encoding negotiation.
//! - [`settings`]: editor settings → [`crate::analysis::Config`].
//! - [`framer`]: the sans-I/O decoder of the base protocol's framing (corrupt input is
//!   reported and skipped to the next `Content-Length:`); [`stdio`]: the input guard around
//!   it, and standard output.
//!
//! Nothing but protocol goes to standard output; logs go to standard error and
//! `window/logMessage`.

pub mod actions;
pub mod capabilities;
pub mod convert;
pub mod documents;
pub mod framer;
pub mod server;
pub mod settings;
pub mod stdio;

use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tower_lsp_server::{LspService, Server};

/// Large buffers (a draft's text, a publish of a megabyte) are mapped and unmapped on their
/// own instead of carved from the heap, where glibc's adaptive threshold would otherwise keep
/// freed megabytes resident for the session (about 3 MiB less peak memory on a
/// 1,000,000-character draft).
fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter (it takes the allocator's own lock).
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}

/// Runs the language server on standard input and output until `exit`. One runtime thread
/// reads standard input (non-blocking, on Linux) and runs the protocol; analysis has its own
/// thread (see `documents`). The process ends
/// with status 0 when `shutdown` came before `exit`, 1 otherwise (as the protocol asks).
pub fn run() -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("lectern lsp: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    stdio::enlarge_pipes();
    tune_allocator();
    let code = runtime.block_on(async {
        let shutdown = Arc::new(AtomicBool::new(false));
        let flag = shutdown.clone();
        let mut builder = LspService::build(move |client| server::Backend::new(client, flag, true));
        if std::env::var_os("LECTERN_LSP_TEST_HOOKS").is_some() {
            builder = builder.custom_method("lectern/debugPanic", server::Backend::debug_panic);
        }
        builder = builder
            .custom_method(stdio::INVALID_MESSAGE, server::Backend::invalid_message)
            .custom_method(stdio::INVALID_REQUEST, server::Backend::invalid_request);
        let (service, socket) = builder.finish();
        let (reader, writer) = tokio::io::duplex(16 * 1024 * 1024);
        #[cfg(target_os = "linux")]
        let writer = match stdio::AsyncStdin::new() {
            Some(stdin) => {
                tokio::spawn(stdio::guard_async(stdin, writer));
                None
            }
            None => Some(writer),
        };
        #[cfg(not(target_os = "linux"))]
        let writer = Some(writer);
        if let Some(writer) = writer {
            let handle = tokio::runtime::Handle::current();
            let spawned = std::thread::Builder::new()
                .name("lectern-stdin".into())
                .spawn(move || stdio::guard(std::io::stdin(), writer, handle));
            if let Err(e) = spawned {
                eprintln!("lectern lsp: cannot start the input thread: {e}");
                return 2;
            }
        }
        Server::new(reader, stdio::SyncStdout(std::io::stdout()), socket).serve(service).await;
        if shutdown.load(Ordering::SeqCst) {
            0
        } else {
            1
        }
    });
    // Exit at once: the runtime's blocking stdin reader would otherwise keep the process
    // alive until the client closes our input.
    std::process::exit(code)
}
