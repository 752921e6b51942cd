//! The language server: LSP over stdio (lsp-server, rust-analyzer's own
//! transport). Diagnostics as the user types, with the same codes,
//! messages and spans as `lint`; hover, go-to-definition, references,
//! completion, the outline and formatting.

mod analysis;
pub mod edit;

pub use analysis::{Analysis, Namespace};

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::Source;
use crate::span::Span;
use crate::syntax::ast::Item;
use lsp_server::{Connection, Message, Notification, Request, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionOptions, DiagnosticRelatedInformation,
    DiagnosticSeverity, DocumentSymbol, DocumentSymbolResponse, GotoDefinitionResponse, Hover,
    HoverContents, HoverProviderCapability, Location, MarkupContent, MarkupKind, NumberOrString,
    OneOf, Position, PublishDiagnosticsParams, Range, ServerCapabilities, SymbolKind,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextEdit, Uri,
};
use std::collections::HashMap;
use std::error::Error;

type Result<T> = std::result::Result<T, Box<dyn Error + Send + Sync>>;

/// Open documents by URI (as text: `Uri` caches inside, so it makes a
/// poor map key).
type Documents = HashMap<String, Analysis>;

pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(
            TextDocumentSyncKind::INCREMENTAL,
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![" ".to_string()]),
            ..CompletionOptions::default()
        }),
        ..ServerCapabilities::default()
    }
}

pub fn serve_stdio() -> Result<()> {
    let (connection, threads) = Connection::stdio();
    serve(&connection)?;
    drop(connection);
    threads.join()?;
    Ok(())
}

/// The project a document belongs to, for derived names in hovers: its
/// directory's name, as for `lint`.
fn project_of(uri: &Uri) -> String {
    let path = uri.path().as_str();
    crate::model::names::default_project(std::path::Path::new(path))
}

pub fn serve(connection: &Connection) -> Result<()> {
    let capabilities = serde_json::to_value(capabilities())?;
    connection.initialize(capabilities)?;
    let mut documents: Documents = HashMap::new();
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                if connection.handle_shutdown(&request)? {
                    return Ok(());
                }
                let response = respond(&documents, request);
                connection.sender.send(Message::Response(response))?;
            }
            Message::Notification(notification) => {
                if let Some(uri) = update(&mut documents, notification)? {
                    let params = match documents.get(uri.as_str()) {
                        Some(analysis) => PublishDiagnosticsParams {
                            uri: uri.clone(),
                            diagnostics: analysis
                                .checked
                                .diagnostics
                                .iter()
                                .map(|d| to_lsp(&uri, &analysis.source, d))
                                .collect(),
                            version: None,
                        },
                        None => PublishDiagnosticsParams {
                            uri: uri.clone(),
                            diagnostics: Vec::new(),
                            version: None,
                        },
                    };
                    connection
                        .sender
                        .send(Message::Notification(Notification::new(
                            lsp_types::notification::PublishDiagnostics::METHOD.to_string(),
                            params,
                        )))?;
                }
            }
            Message::Response(_) => {}
        }
    }
    Ok(())
}

/// Applies an open/change/close; returns the document to publish for.
fn update(documents: &mut Documents, notification: Notification) -> Result<Option<Uri>> {
    use lsp_types::notification::{
        DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument,
    };
    let analyse = |uri: &Uri, text: String| {
        Analysis::new(Source::new(uri.path().as_str(), text), &project_of(uri))
    };
    match notification.method.as_str() {
        DidOpenTextDocument::METHOD => {
            let params: lsp_types::DidOpenTextDocumentParams =
                serde_json::from_value(notification.params)?;
            let uri = params.text_document.uri;
            documents.insert(
                uri.as_str().to_string(),
                analyse(&uri, params.text_document.text),
            );
            Ok(Some(uri))
        }
        DidChangeTextDocument::METHOD => {
            let params: lsp_types::DidChangeTextDocumentParams =
                serde_json::from_value(notification.params)?;
            let uri = params.text_document.uri;
            // Incremental sync: each change applies to the text the one
            // before it left (one without a range is the whole text).
            let Some(analysis) = documents.remove(uri.as_str()) else {
                return Ok(None);
            };
            let text = params
                .content_changes
                .into_iter()
                .fold(analysis.source.into_text(), edit::apply);
            documents.insert(uri.as_str().to_string(), analyse(&uri, text));
            Ok(Some(uri))
        }
        DidCloseTextDocument::METHOD => {
            let params: lsp_types::DidCloseTextDocumentParams =
                serde_json::from_value(notification.params)?;
            documents.remove(params.text_document.uri.as_str());
            Ok(Some(params.text_document.uri))
        }
        _ => Ok(None),
    }
}

fn range(source: &Source, span: Span) -> Range {
    let (line, character) = source.utf16_position(span.start);
    let (end_line, end_character) = source.utf16_position(span.end);
    Range {
        start: Position { line, character },
        end: Position {
            line: end_line,
            character: end_character,
        },
    }
}

fn offset(source: &Source, position: Position) -> usize {
    source.offset_of_utf16(position.line, position.character)
}

fn to_lsp(uri: &Uri, source: &Source, diagnostic: &Diagnostic) -> lsp_types::Diagnostic {
    let mut message = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    lsp_types::Diagnostic {
        range: range(source, diagnostic.primary.span),
        severity: Some(match diagnostic.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(diagnostic.code.as_str().to_string())),
        source: Some("macrame".to_string()),
        message,
        related_information: (!diagnostic.related.is_empty()).then(|| {
            diagnostic
                .related
                .iter()
                .map(|label| DiagnosticRelatedInformation {
                    location: Location {
                        uri: uri.clone(),
                        range: range(source, label.span),
                    },
                    message: label.note.clone(),
                })
                .collect()
        }),
        ..lsp_types::Diagnostic::default()
    }
}

fn respond(documents: &Documents, request: Request) -> Response {
    let id = request.id.clone();
    match answer(documents, request) {
        Ok(value) => Response::new_ok(id, value),
        Err(error) => Response::new_err(
            id,
            lsp_server::ErrorCode::InvalidParams as i32,
            error.to_string(),
        ),
    }
}

fn answer(documents: &Documents, request: Request) -> Result<serde_json::Value> {
    use lsp_types::request::{
        Completion, DocumentSymbolRequest, Formatting, GotoDefinition, HoverRequest, References,
    };
    let document = |uri: &Uri| {
        documents
            .get(uri.as_str())
            .ok_or_else(|| format!("{} is not open", uri.as_str()))
    };
    let value = match request.method.as_str() {
        HoverRequest::METHOD => {
            let params: lsp_types::HoverParams = serde_json::from_value(request.params)?;
            let at = params.text_document_position_params;
            let analysis = document(&at.text_document.uri)?;
            let hover =
                analysis
                    .hover(offset(&analysis.source, at.position))
                    .map(|(text, span)| Hover {
                        contents: HoverContents::Markup(MarkupContent {
                            kind: MarkupKind::Markdown,
                            value: text,
                        }),
                        range: Some(range(&analysis.source, span)),
                    });
            serde_json::to_value(hover)?
        }
        GotoDefinition::METHOD => {
            let params: lsp_types::GotoDefinitionParams = serde_json::from_value(request.params)?;
            let at = params.text_document_position_params;
            let analysis = document(&at.text_document.uri)?;
            let found = analysis
                .symbol_at(offset(&analysis.source, at.position))
                .and_then(|symbol| analysis.definition(symbol))
                .map(|definition| {
                    GotoDefinitionResponse::Scalar(Location {
                        uri: at.text_document.uri.clone(),
                        range: range(&analysis.source, definition.span),
                    })
                });
            serde_json::to_value(found)?
        }
        References::METHOD => {
            let params: lsp_types::ReferenceParams = serde_json::from_value(request.params)?;
            let at = params.text_document_position;
            let analysis = document(&at.text_document.uri)?;
            let locations: Option<Vec<Location>> = analysis
                .symbol_at(offset(&analysis.source, at.position))
                .map(|symbol| {
                    analysis
                        .references(symbol)
                        .filter(|s| params.context.include_declaration || !s.definition)
                        .map(|s| Location {
                            uri: at.text_document.uri.clone(),
                            range: range(&analysis.source, s.span),
                        })
                        .collect()
                });
            serde_json::to_value(locations)?
        }
        Completion::METHOD => {
            let params: lsp_types::CompletionParams = serde_json::from_value(request.params)?;
            let at = params.text_document_position;
            let analysis = document(&at.text_document.uri)?;
            let items: Vec<CompletionItem> = analysis
                .complete(offset(&analysis.source, at.position))
                .into_iter()
                .map(|(label, detail)| CompletionItem {
                    kind: Some(match detail {
                        "keyword" => CompletionItemKind::KEYWORD,
                        "network" | "container" | "interface" => CompletionItemKind::REFERENCE,
                        _ => CompletionItemKind::ENUM_MEMBER,
                    }),
                    detail: Some(detail.to_string()),
                    label,
                    ..CompletionItem::default()
                })
                .collect();
            serde_json::to_value(items)?
        }
        DocumentSymbolRequest::METHOD => {
            let params: lsp_types::DocumentSymbolParams = serde_json::from_value(request.params)?;
            let analysis = document(&params.text_document.uri)?;
            serde_json::to_value(DocumentSymbolResponse::Nested(outline(analysis)))?
        }
        Formatting::METHOD => {
            let params: lsp_types::DocumentFormattingParams =
                serde_json::from_value(request.params)?;
            let analysis = document(&params.text_document.uri)?;
            let text = analysis.source.text();
            let (_, syntax) = crate::syntax::parse(text);
            // A file that does not parse is left as it is (an unset
            // variable is no reason not to format).
            let parses = !syntax
                .iter()
                .any(|d| d.code == crate::diagnostic::Code::Syntax);
            let edits: Option<Vec<TextEdit>> = parses.then(|| {
                let formatted = crate::format::format(text);
                if formatted == text {
                    Vec::new()
                } else {
                    vec![TextEdit {
                        range: range(&analysis.source, Span::new(0, text.len())),
                        new_text: formatted,
                    }]
                }
            });
            serde_json::to_value(edits)?
        }
        other => return Err(format!("unsupported request {other}").into()),
    };
    Ok(value)
}

#[allow(deprecated)] // DocumentSymbol::deprecated has no replacement to leave out
fn outline(analysis: &Analysis) -> Vec<DocumentSymbol> {
    let source = &analysis.source;
    analysis
        .checked
        .ast
        .items
        .iter()
        .map(|item| {
            let (detail, name) = item.name();
            let kind = match item {
                Item::Project(_) => SymbolKind::PACKAGE,
                Item::Network(_) => SymbolKind::MODULE,
                Item::Container(_) => SymbolKind::CLASS,
                Item::Volume(_) => SymbolKind::FILE,
                Item::Node(_) => SymbolKind::NAMESPACE,
                Item::Service(_) => SymbolKind::CLASS,
                Item::Parent(_) | Item::Vlan(_) | Item::Shim(_) => SymbolKind::INTERFACE,
            };
            let (span, name_span, name) = (item.span(), name.span, name.value);
            DocumentSymbol {
                name,
                detail: Some(detail.to_string()),
                kind,
                tags: None,
                deprecated: None,
                range: range(source, span),
                selection_range: range(source, name_span),
                children: None,
            }
        })
        .collect()
}
