//! What the fuzz targets check (`fuzz/fuzz_targets/*.rs` call these), in
//! the library so that an input the fuzzer found crashing is replayed by
//! `tests/fuzz_regressions.rs` through the very same code. Each takes
//! any bytes, and panics only on a bug.

use crate::diagnostic::Code;
use crate::report::{Color, FileReport};
use crate::source::Source;

/// The text a file of these bytes reads as: `lint` refuses a file that
/// is not UTF-8 before parsing, so the parser sees only valid text.
fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// Parse and lint, then render every diagnostic as `lint` prints it:
/// every span must lie on the text's character boundaries.
pub fn parse_and_lint(data: &[u8]) {
    let source = Source::new("fuzz.mcr", text(data));
    let checked = crate::lint::check_with(&source, "fuzz", None);
    for diagnostic in &checked.diagnostics {
        for span in std::iter::once(diagnostic.primary.span)
            .chain(diagnostic.related.iter().map(|l| l.span))
        {
            assert!(span.end <= source.text().len(), "{span:?} past the end");
            assert!(source.text().is_char_boundary(span.start), "{span:?}");
            assert!(source.text().is_char_boundary(span.end), "{span:?}");
        }
    }
    crate::report::render_human(
        &[FileReport {
            source: &source,
            diagnostics: &checked.diagnostics,
        }],
        Color::Never,
    );
}

fn codes(text: &str) -> Vec<Code> {
    let source = Source::new("fuzz.mcr", text);
    let mut codes: Vec<Code> = crate::lint::check_with(&source, "fuzz", None)
        .diagnostics
        .iter()
        .map(|d| d.code)
        .collect();
    codes.sort();
    codes
}

fn parses(text: &str) -> bool {
    let (_, diagnostics) = crate::syntax::parse(text);
    !diagnostics.iter().any(|d| d.code == Code::Syntax)
}

/// `fmt` of a file that parses: the result parses, says the same to the
/// linter (the same codes), and is its own `fmt`.
pub fn fmt_round_trip(data: &[u8]) {
    let text = text(data);
    if !parses(&text) {
        return;
    }
    let once = crate::format::format(&text);
    assert!(
        parses(&once),
        "fmt made a file that does not parse:\n{once}"
    );
    assert_eq!(
        codes(&text),
        codes(&once),
        "fmt changed the meaning:\n{once}"
    );
    assert_eq!(crate::format::format(&once), once, "fmt is not idempotent");
}

/// A document opened, then edited as an editor does with incremental
/// sync, and at each step asked what the editor asks: diagnostics,
/// hover, completion, definition and references at a position.
///
/// The bytes: a text up to the first 0xff, then edits of 6 bytes (start
/// line, start column, end line, end column, a position to ask at, and
/// how many of the bytes after it to insert).
pub fn lsp_edits(data: &[u8]) {
    use lsp_types::{Position, Range, TextDocumentContentChangeEvent};
    let (first, mut rest) = match data.iter().position(|&b| b == 0xff) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &[][..]),
    };
    let mut document = text(first);
    loop {
        let analysis = crate::lsp::Analysis::new(Source::new("fuzz.mcr", document.clone()), "fuzz");
        let Some((edit, after)) = rest.split_first_chunk::<6>() else {
            break;
        };
        let [line, column, end_line, end_column, at, length] = edit.map(u32::from);
        let offset = analysis.source.offset_of_utf16(at / 16, at % 16);
        analysis.hover(offset);
        analysis.complete(offset);
        if let Some(symbol) = analysis.symbol_at(offset) {
            analysis.definition(symbol);
            analysis.references(symbol).count();
        }
        let length = (length as usize).min(after.len());
        let change = TextDocumentContentChangeEvent {
            range: Some(Range {
                start: Position::new(line % 32, column),
                end: Position::new(end_line % 32, end_column),
            }),
            range_length: None,
            text: text(&after[..length]),
        };
        document = crate::lsp::edit::apply(document, change);
        rest = &after[length..];
    }
}

/// `import` of a Compose file of these bytes: a clear refusal or a
/// topology, which must at least parse.
pub fn import_yaml(data: &[u8]) {
    // The importer reads files (a Compose file can `extends` others):
    // the input is one, in a folder of this process's own.
    let dir = std::env::temp_dir().join(format!("macrame-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let file = dir.join("compose.yml");
    std::fs::write(&file, data).expect("the input is written");
    let options = crate::compose::ImportOptions::default();
    if let Ok(imported) = crate::compose::import(&[file], &options) {
        assert!(
            parses(&imported.text),
            "import wrote a file that does not parse:\n{}",
            imported.text
        );
    }
}
