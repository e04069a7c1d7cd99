//! What the server offers, and the position encoding negotiated from the client's offer.

use tower_lsp_server::ls_types::{
    ClientCapabilities, CodeActionKind, CodeActionOptions, CodeActionProviderCapability,
    FoldingRangeProviderCapability, HoverProviderCapability, OneOf, PositionEncodingKind, SaveOptions,
    ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions,
};

use crate::text::Encoding;

/// `source.fixAll.lectern`: apply every safe fix.
pub const FIX_ALL: &str = "source.fixAll.lectern";
/// Remove every piece of scrape boilerplate (safe and unsafe fixes of that category).
pub const REMOVE_BOILERPLATE: &str = "source.removeBoilerplate.lectern";
/// Apply every heading renumbering fix.
pub const RENUMBER_HEADINGS: &str = "source.renumberHeadings.lectern";

/// UTF-8 when the client offers it (no conversion for the engine's byte columns), else UTF-16
/// when offered or when the client says nothing (the protocol's default), else UTF-32.
pub fn negotiate_encoding(caps: &ClientCapabilities) -> Encoding {
    let offered = caps.general.as_ref().and_then(|g| g.position_encodings.as_ref());
    let Some(offered) = offered else { return Encoding::Utf16 };
    if offered.contains(&PositionEncodingKind::UTF8) {
        Encoding::Utf8
    } else if offered.contains(&PositionEncodingKind::UTF16) || !offered.contains(&PositionEncodingKind::UTF32) {
        Encoding::Utf16
    } else {
        Encoding::Utf32
    }
}

pub fn encoding_kind(enc: Encoding) -> PositionEncodingKind {
    match enc {
        Encoding::Utf8 => PositionEncodingKind::UTF8,
        Encoding::Utf16 => PositionEncodingKind::UTF16,
        Encoding::Utf32 => PositionEncodingKind::UTF32,
    }
}

pub fn server_capabilities(enc: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding_kind(enc)),
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::INCREMENTAL),
            will_save: None,
            will_save_wait_until: None,
            save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions { include_text: Some(false) })),
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_lens_provider: Some(tower_lsp_server::ls_types::CodeLensOptions { resolve_provider: Some(false) }),
        document_symbol_provider: Some(OneOf::Left(true)),
        folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::new(FIX_ALL),
                CodeActionKind::new(REMOVE_BOILERPLATE),
                CodeActionKind::new(RENUMBER_HEADINGS),
            ]),
            work_done_progress_options: Default::default(),
            resolve_provider: Some(false),
        })),
        ..ServerCapabilities::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::GeneralClientCapabilities;

    fn offering(kinds: Option<Vec<PositionEncodingKind>>) -> ClientCapabilities {
        ClientCapabilities {
            general: Some(GeneralClientCapabilities { position_encodings: kinds, ..Default::default() }),
            ..Default::default()
        }
    }

    #[test]
    fn prefers_utf8_then_utf16_then_utf32() {
        use PositionEncodingKind as K;
        assert_eq!(negotiate_encoding(&ClientCapabilities::default()), Encoding::Utf16);
        assert_eq!(negotiate_encoding(&offering(None)), Encoding::Utf16);
        assert_eq!(negotiate_encoding(&offering(Some(vec![K::UTF16, K::UTF8]))), Encoding::Utf8);
        assert_eq!(negotiate_encoding(&offering(Some(vec![K::UTF32, K::UTF16]))), Encoding::Utf16);
        assert_eq!(negotiate_encoding(&offering(Some(vec![K::UTF32]))), Encoding::Utf32);
        assert_eq!(negotiate_encoding(&offering(Some(vec![K::new("utf-7")]))), Encoding::Utf16);
    }
}
