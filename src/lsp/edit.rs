//! A document's text after an editor's change: the whole text, or with
//! incremental sync (what editors prefer on a big file: a keystroke sends
//! one character, not the file) a range replaced. Positions count UTF-16
//! units, as LSP does; one past its line or the text is clamped there,
//! and an end before its start is taken as the start.

use crate::source::Source;
use lsp_types::TextDocumentContentChangeEvent;

pub fn apply(text: String, change: TextDocumentContentChangeEvent) -> String {
    let Some(range) = change.range else {
        return change.text;
    };
    let source = Source::new("", text);
    let start = source.offset_of_utf16(range.start.line, range.start.character);
    let end = source
        .offset_of_utf16(range.end.line, range.end.character)
        .max(start);
    let mut text = source.into_text();
    text.replace_range(start..end, &change.text);
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::{Position, Range};

    fn change(from: (u32, u32), to: (u32, u32), text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range {
                start: Position::new(from.0, from.1),
                end: Position::new(to.0, to.1),
            }),
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn a_range_is_replaced_counting_utf16_units() {
        // `é` is one unit, `𝄞` two.
        let text = "project é𝄞x\nnetwork lan {}\n".to_string();
        assert_eq!(
            apply(text.clone(), change((0, 11), (0, 12), "y")),
            "project é𝄞y\nnetwork lan {}\n"
        );
        assert_eq!(
            apply(text, change((1, 8), (1, 11), "wan")),
            "project é𝄞x\nnetwork wan {}\n"
        );
    }

    #[test]
    fn positions_past_the_end_are_clamped_and_a_reversed_range_inserts() {
        let text = "a\r\nb".to_string();
        assert_eq!(apply(text.clone(), change((0, 9), (0, 9), "!")), "a!\r\nb");
        assert_eq!(apply(text.clone(), change((7, 0), (9, 9), "!")), "a\r\nb!");
        assert_eq!(apply(text, change((1, 1), (0, 0), "!")), "a\r\nb!");
    }
}
