//! A topology file's text, its name, and line/column lookup.

use crate::span::Span;

/// One topology file as read from disk (or from an editor's buffer).
#[derive(Debug, Clone)]
pub struct Source {
    name: String,
    text: String,
    /// Byte offset of the start of every line.
    line_starts: Vec<usize>,
}

/// The largest topology file macrame reads: far past any real one (the
/// benchmark's 10,000 containers on 500 networks take 1.3 MiB), and
/// small enough that `lint` stays within its bounds (benches/odd_input.rs).
pub const MAX_FILE_BYTES: u64 = 16 << 20;

/// Why a topology file could not be read.
#[derive(Debug)]
pub enum ReadError {
    Io(std::io::Error),
    TooLarge(u64),
    /// The first byte that is not UTF-8, 1-based line and column (in
    /// characters) of where it is.
    NotUtf8 {
        byte: u8,
        line: usize,
        column: usize,
    },
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(error) => write!(f, "{error}"),
            ReadError::TooLarge(bytes) => write!(
                f,
                "it is {:.1} MiB, and a topology file is at most {} MiB (real ones are well under 1 MiB): is it the right file?",
                *bytes as f64 / f64::from(1u32 << 20),
                MAX_FILE_BYTES >> 20
            ),
            ReadError::NotUtf8 { byte, line, column } => write!(
                f,
                "it is not UTF-8 text: byte 0x{byte:02x} at line {line}, column {column}; save it as UTF-8"
            ),
        }
    }
}

/// A 1-based line and column; the column counts characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        // A line ends at `\n`, `\r\n` or a lone `\r`, as editors (and LSP)
        // count lines.
        let bytes = text.as_bytes();
        let line_starts = std::iter::once(0)
            .chain(bytes.iter().enumerate().filter_map(|(i, &b)| {
                let ends = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
                ends.then_some(i + 1)
            }))
            .collect();
        Self {
            name: name.into(),
            text,
            line_starts,
        }
    }

    /// Reads the file at `path`: at most `MAX_FILE_BYTES`, UTF-8.
    pub fn read(path: &std::path::Path) -> Result<Source, ReadError> {
        use std::io::Read;
        let file = std::fs::File::open(path).map_err(ReadError::Io)?;
        // A file that says it is too large is refused unread; one past
        // the bound is read to one byte past it, so that one which does
        // not say its size (a pipe) is bounded too.
        if let Ok(metadata) = file.metadata()
            && metadata.is_file()
            && metadata.len() > MAX_FILE_BYTES
        {
            return Err(ReadError::TooLarge(metadata.len()));
        }
        let mut bytes = Vec::new();
        file.take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(ReadError::Io)?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            let size = std::fs::metadata(path).map_or(bytes.len() as u64, |m| m.len());
            return Err(ReadError::TooLarge(size.max(bytes.len() as u64)));
        }
        let text = String::from_utf8(bytes).map_err(|error| {
            let valid = error.utf8_error().valid_up_to();
            let bytes = error.as_bytes();
            let before = std::str::from_utf8(&bytes[..valid]).expect("valid up to there");
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            ReadError::NotUtf8 {
                byte: bytes[valid],
                line,
                column,
            }
        })?;
        Ok(Source::new(path.display().to_string(), text))
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The byte offset where each line starts.
    pub fn line_starts(&self) -> &[usize] {
        &self.line_starts
    }

    pub fn into_text(self) -> String {
        self.text
    }

    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.range()]
    }

    /// 0-based index of the line holding `offset`.
    pub fn line_index(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1)
    }

    pub fn position(&self, offset: usize) -> Position {
        let offset = self.floor_char_boundary(offset.min(self.text.len()));
        let line = self.line_index(offset);
        let start = self.line_starts[line];
        Position {
            line: line + 1,
            column: self.text[start..offset].chars().count() + 1,
        }
    }

    /// 1-based line number of `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_index(offset) + 1
    }

    /// LSP's position: 0-based line, column in UTF-16 code units.
    pub fn utf16_position(&self, offset: usize) -> (u32, u32) {
        let offset = self.floor_char_boundary(offset.min(self.text.len()));
        let line = self.line_index(offset);
        let start = self.line_starts[line];
        let column: usize = self.text[start..offset].chars().map(char::len_utf16).sum();
        (line as u32, column as u32)
    }

    /// The byte offset of an LSP position, clamped to its line.
    pub fn offset_of_utf16(&self, line: u32, column: u32) -> usize {
        let Some(&start) = self.line_starts.get(line as usize) else {
            return self.text.len();
        };
        let end = self
            .line_starts
            .get(line as usize + 1)
            .map_or(self.text.len(), |&next| {
                start + self.text[start..next].trim_end_matches(['\r', '\n']).len()
            });
        let mut units = 0usize;
        for (i, c) in self.text[start..end].char_indices() {
            if units >= column as usize {
                return start + i;
            }
            units += c.len_utf16();
        }
        end
    }

    fn floor_char_boundary(&self, mut offset: usize) -> usize {
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_from_one_and_characters_not_bytes() {
        let source = Source::new("t.mcr", "ab\nçd\n");
        assert_eq!(source.position(0), Position { line: 1, column: 1 });
        assert_eq!(source.position(3), Position { line: 2, column: 1 });
        // `d` follows a two-byte `ç`.
        assert_eq!(source.position(5), Position { line: 2, column: 2 });
        assert_eq!(source.position(7), Position { line: 3, column: 1 });
    }

    #[test]
    fn utf16_positions_round_trip() {
        let source = Source::new("t.mcr", "a😀b\nc");
        // 😀 is 4 bytes and 2 UTF-16 units.
        assert_eq!(source.utf16_position(5), (0, 3));
        assert_eq!(source.offset_of_utf16(0, 3), 5);
        assert_eq!(source.offset_of_utf16(1, 0), 7);
        assert_eq!(source.offset_of_utf16(0, 99), 6);
        assert_eq!(source.offset_of_utf16(9, 0), 8);
    }

    #[test]
    fn lines_end_at_lf_crlf_and_a_lone_cr() {
        let source = Source::new("t.mcr", "a\r\nb\rc\nd");
        let lines: Vec<usize> = [0, 3, 5, 7].map(|o| source.line_of(o)).to_vec();
        assert_eq!(lines, [1, 2, 3, 4]);
        assert_eq!(source.utf16_position(5), (2, 0));
        // A line's end stops before its terminator, whichever it is.
        assert_eq!(source.offset_of_utf16(0, 9), 1);
        assert_eq!(source.offset_of_utf16(1, 9), 4);
        assert_eq!(source.offset_of_utf16(2, 9), 6);
        assert_eq!(source.offset_of_utf16(3, 9), 8);
    }
}
