//! Parse errors in words: what was expected where, never pest's rule names.

use super::keywords::{Block, ITEM_KEYWORDS, describe_rule, keyword_of, usage};
use super::{Grammar, Rule};
use crate::diagnostic::{Code, Diagnostic};
use crate::span::Span;
use crate::suggest;
use pest::Parser as _;
use pest::error::{Error, ErrorVariant, InputLocation};
use pest::iterators::Pair;

/// A parse that failed outright (an unbalanced brace, or an item that
/// starts with something no item starts with).
pub struct Failure {
    pub diagnostic: Diagnostic,
    /// Where parsing picks up again; `None` to stop.
    pub resume: Option<usize>,
    /// The name of the item lost to the failure, if it had one.
    pub item_name: Option<String>,
}

pub fn parse_failure(text: &str, offset: usize, error: &Error<Rule>) -> Failure {
    let start = skip_trivia(text, offset);
    let item_name = item_name(text, start);
    let failure = |diagnostic, resume| Failure {
        diagnostic,
        resume,
        item_name: item_name.clone(),
    };
    let bytes = text.as_bytes();
    match bytes.get(start) {
        Some(b'}') => return failure(stray_close(start), Some(start + 1)),
        Some(b'{') | Some(b'"') => {
            let span = token_at(text, start);
            let diagnostic = Diagnostic::new(
                Code::Syntax,
                span,
                format!(
                    "unexpected `{}`: expected an item ({})",
                    &text[span.range()],
                    ITEM_KEYWORDS.join(", ")
                ),
            )
            .note("an item starts here")
            .help("a block opens on the line of its item: `network NAME {`");
            return failure(diagnostic, next_item_line(text, start));
        }
        _ => {}
    }

    let mut open: Vec<usize> = Vec::new();
    // An unterminated string swallows the braces after it on its line:
    // name it rather than the brace it hid.
    let mut unterminated = None;
    for (at, token) in Scanner::new(text, start) {
        match token {
            Token::Unterminated => {
                unterminated.get_or_insert(at);
            }
            Token::Open => open.push(at),
            Token::Close if open.pop().is_none() => {
                return failure(stray_close(at), Some(at + 1));
            }
            Token::End if open.is_empty() => break,
            Token::LineStart if !open.is_empty() && starts_item(text, at) => {
                let diagnostic = match unterminated {
                    Some(quote) => unterminated_string(text, quote),
                    None => unclosed(text, *open.last().unwrap(), at),
                };
                return failure(diagnostic, Some(at));
            }
            _ => {}
        }
    }
    if let Some(&brace) = open.last() {
        let diagnostic = match unterminated {
            Some(quote) => unterminated_string(text, quote),
            None => unclosed(text, brace, text.len()),
        };
        return failure(diagnostic, None);
    }

    // Balanced, yet the grammar failed: fall back to what pest expected.
    let at = offset + error_offset(error);
    let span = token_at(text, at);
    let expected = expected_list(error);
    let found = describe_found(text, span);
    let keyword = text[start..]
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .next()
        .filter(|word| ITEM_KEYWORDS.contains(word));
    let mut message = format!("unexpected {found}");
    if let Some(keyword) = keyword {
        message.push_str(&format!(" in `{keyword}` statement"));
    }
    if !expected.is_empty() {
        message.push_str(&format!("; expected {expected}"));
    }
    let mut diagnostic = Diagnostic::new(Code::Syntax, span, message).note("not expected here");
    if let Some(usage) = keyword.and_then(|keyword| usage(keyword, None)) {
        diagnostic = diagnostic.help(format!("write it as `{usage}`"));
    }
    failure(diagnostic, next_item_line(text, at))
}

fn stray_close(at: usize) -> Diagnostic {
    Diagnostic::new(
        Code::Syntax,
        Span::new(at, at + 1),
        "unexpected `}`: no block is open here",
    )
    .note("nothing to close")
    .help("remove this `}`, or check the braces of the block above")
}

fn unterminated_string(text: &str, quote: usize) -> Diagnostic {
    let end = text[quote..].find('\n').map_or(text.len(), |i| quote + i);
    Diagnostic::new(Code::Syntax, Span::new(quote, end), "unterminated string")
        .note("this string has no closing `\"`, so it runs to the end of the line")
        .help("add a `\"` at the end of the string; strings do not span lines")
}

fn unclosed(text: &str, brace: usize, before: usize) -> Diagnostic {
    let line = text[..brace].matches('\n').count() + 1;
    let what = statement_keyword(text, brace);
    // The `}` belongs after the block's last statement.
    let end = content_len(&text[..before]).max(brace + 1);
    Diagnostic::new(
        Code::Syntax,
        Span::at(end),
        format!("expected `}}` to close the {what} block opened on line {line}"),
    )
    .note("`}` expected here")
    .related(Span::new(brace, brace + 1), "block opened here")
    .help(format!(
        "add `}}` after the last statement of the {what} block"
    ))
}

/// The first word of the statement a `{` belongs to: `network`, `subnet`.
fn statement_keyword(text: &str, brace: usize) -> &str {
    let head = &text[..brace];
    let start = head.rfind(['\n', ';', '{']).map_or(0, |i| i + 1);
    head[start..].split_whitespace().next().unwrap_or("item")
}

/// Why a loose top-level item is not an item.
pub struct Explainer<'t> {
    pub text: &'t str,
}

impl Explainer<'_> {
    pub fn loose_item(&self, pair: &Pair<'_, Rule>, shift: usize) -> Diagnostic {
        let start = pair.as_span().start() + shift;
        let first = pair
            .clone()
            .into_inner()
            .next()
            .expect("a loose item has a token");
        let span = Span::from(first.as_span()).shifted(shift);
        let word = first.as_str();
        if first.as_rule() == Rule::loose_token && ITEM_KEYWORDS.contains(&word) {
            return self.check(Rule::item_check, pair.as_str(), start, word, None);
        }
        if let Some(block) = Block::home_of(word) {
            return Diagnostic::new(
                Code::Syntax,
                span,
                format!("`{word}` is a setting of {}, not an item", block.describe()),
            )
            .note("not an item")
            .help("settings go inside an item's `{ ... }` block");
        }
        Diagnostic::new(
            Code::Syntax,
            span,
            format!(
                "unknown item `{word}`{}",
                suggest::did_you_mean(word, ITEM_KEYWORDS.iter().copied())
            ),
        )
        .note("unknown item")
        .help(format!(
            "an item starts with one of: {}",
            ITEM_KEYWORDS.join(", ")
        ))
    }

    pub fn loose_statement(
        &self,
        pair: &Pair<'_, Rule>,
        shift: usize,
        block: Block,
        open: usize,
    ) -> Diagnostic {
        let start = pair.as_span().start() + shift;
        let first = pair
            .clone()
            .into_inner()
            .next()
            .expect("a statement has a token");
        let span = Span::from(first.as_span()).shifted(shift);
        let word = first.as_str();
        let keywords = block.keywords();
        if first.as_rule() != Rule::loose_token {
            return Diagnostic::new(
                Code::Syntax,
                token_at(self.text, span.start),
                format!(
                    "unexpected {}: expected a setting",
                    describe_found(self.text, span)
                ),
            )
            .note("a statement starts with a setting's name")
            .help(format!(
                "{} takes: {}",
                block.describe(),
                keywords.join(", ")
            ));
        }
        if keywords.contains(&word) {
            return self.check(block.check_rule(), pair.as_str(), start, word, Some(block));
        }
        if ITEM_KEYWORDS.contains(&word) {
            let line = self.text[..open].matches('\n').count() + 1;
            return Diagnostic::new(
                Code::Syntax,
                span,
                format!("`{word}` cannot stand inside {}", block.describe()),
            )
            .note("an item inside a block")
            .related(Span::new(open, open + 1), "block opened here")
            .help(format!(
                "is the `}}` that closes the block opened on line {line} missing?"
            ));
        }
        if let Some(home) = Block::home_of(word) {
            return Diagnostic::new(
                Code::Syntax,
                span,
                format!(
                    "`{word}` is not a setting of {}; it belongs in {}",
                    block.describe(),
                    home.describe()
                ),
            )
            .note("misplaced setting")
            .help(format!(
                "{} takes: {}",
                block.describe(),
                keywords.join(", ")
            ));
        }
        Diagnostic::new(
            Code::Syntax,
            span,
            format!(
                "unknown setting `{word}` in {}{}",
                block.describe(),
                suggest::did_you_mean(word, keywords.iter().copied())
            ),
        )
        .note("unknown setting")
        .help(format!(
            "{} takes: {}",
            block.describe(),
            keywords.join(", ")
        ))
    }

    /// Parses a statement that the forgiving grammar set aside with its
    /// strict rule, and says where and why the strict rule fails.
    fn check(
        &self,
        rule: Rule,
        statement: &str,
        start: usize,
        keyword: &str,
        block: Option<Block>,
    ) -> Diagnostic {
        let end = start + content_len(statement);
        let how = usage(keyword, block)
            .map(|usage| format!("write it as `{usage}`"))
            .unwrap_or_default();
        let Err(error) = Grammar::parse(rule, statement) else {
            return Diagnostic::new(
                Code::Syntax,
                Span::new(start, end),
                format!("cannot read this `{keyword}` statement"),
            )
            .help(how);
        };
        let at = start + error_offset(&error);
        let expected = expected_list(&error);
        let (span, message) = if at >= end {
            (
                Span::at(end),
                format!("incomplete `{keyword}` statement: expected {expected}"),
            )
        } else {
            let span = token_at(self.text, at);
            let found = &self.text[span.range()];
            let hint = suggest::did_you_mean(found, expected_keywords(&error));
            let mut message = format!(
                "unexpected {} in `{keyword}` statement",
                describe_found(self.text, span)
            );
            if !expected.is_empty() {
                message.push_str(&format!("; expected {expected}"));
            }
            message.push_str(&hint);
            (span, message)
        };
        Diagnostic::new(Code::Syntax, span, message)
            .note("here")
            .help(how)
    }
}

fn error_offset(error: &Error<Rule>) -> usize {
    match error.location {
        InputLocation::Pos(at) => at,
        InputLocation::Span((at, _)) => at,
    }
}

fn positives(error: &Error<Rule>) -> &[Rule] {
    match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => positives,
        ErrorVariant::CustomError { .. } => &[],
    }
}

/// "`gateway`, `range` or `{`".
fn expected_list(error: &Error<Rule>) -> String {
    let mut words: Vec<String> = Vec::new();
    for rule in positives(error) {
        if let Some(word) = describe_rule(*rule)
            && !words.contains(&word)
        {
            words.push(word);
        }
    }
    match words.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

fn expected_keywords(error: &Error<Rule>) -> Vec<&'static str> {
    positives(error)
        .iter()
        .filter_map(|rule| keyword_of(*rule))
        .collect()
}

/// "`gatway`", "a string", "`{`" or "the end of the file".
fn describe_found(text: &str, span: Span) -> String {
    match text.get(span.range()) {
        None | Some("") => "the end of the file".to_string(),
        Some(token) if token.starts_with('"') => format!("the string {token}"),
        Some(token) if token.starts_with(['\n', '\r']) => "the end of the line".to_string(),
        // Shown between backquotes, these would look like nothing.
        Some(token) if token.chars().any(invisible) => {
            let c = token.chars().find(|&c| invisible(c)).expect("found above");
            match c {
                '\0' => "a NUL byte".to_string(),
                '\u{feff}' => "a byte order mark (U+FEFF)".to_string(),
                c => format!("the invisible character U+{:04X}", u32::from(c)),
            }
        }
        Some(token) => format!("`{token}`"),
    }
}

fn invisible(c: char) -> bool {
    (c.is_control() && !c.is_whitespace()) || matches!(c, '\u{feff}' | '\u{200b}')
}

/// The token starting at `at`: a string, a brace, a newline or a run of
/// other characters.
fn token_at(text: &str, at: usize) -> Span {
    let rest = &text[at.min(text.len())..];
    let len = match rest.chars().next() {
        None => 0,
        Some('"') => rest[1..].find(['"', '\n']).map_or(rest.len(), |i| i + 2),
        Some(c @ ('{' | '}' | ';' | '=' | '\n')) => c.len_utf8(),
        Some('\r') => 1,
        Some(_) => rest
            .find(|c: char| c.is_whitespace() || "{};\"#=".contains(c))
            .unwrap_or(rest.len()),
    };
    Span::new(at, (at + len).min(text.len()))
}

/// The length of `text` without trailing blanks and a trailing comment:
/// where a missing token belongs.
fn content_len(text: &str) -> usize {
    let mut end = text.trim_end().len();
    loop {
        let line_start = text[..end].rfind('\n').map_or(0, |i| i + 1);
        let line = &text[line_start..end];
        // A `#` outside a string starts a comment.
        let mut in_string = false;
        let mut comment = None;
        let mut chars = line.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' if in_string => {
                    chars.next();
                }
                '"' => in_string = !in_string,
                '#' if !in_string => {
                    comment = Some(i);
                    break;
                }
                _ => {}
            }
        }
        match comment {
            Some(i) => end = text[..line_start + i].trim_end().len(),
            None => return end,
        }
    }
}

/// Past blank lines, `;` and comments.
fn skip_trivia(text: &str, mut at: usize) -> usize {
    let bytes = text.as_bytes();
    while at < bytes.len() {
        match bytes[at] {
            b' ' | b'\t' | b'\r' | b'\n' | b';' => at += 1,
            b'#' => at = text[at..].find('\n').map_or(text.len(), |i| at + i),
            _ => break,
        }
    }
    at
}

fn item_name(text: &str, start: usize) -> Option<String> {
    let line = text[start..].lines().next()?;
    let mut words = line.split(|c: char| c.is_whitespace() || "{};#".contains(c));
    let keyword = words.next()?;
    if !ITEM_KEYWORDS.contains(&keyword) {
        return None;
    }
    words.find(|w| !w.is_empty()).map(str::to_string)
}

/// Whether the line starting at `at` starts, unindented, with an item
/// keyword: where a lost parse resumes.
fn starts_item(text: &str, at: usize) -> bool {
    let rest = &text[at..];
    ITEM_KEYWORDS.iter().any(|keyword| {
        rest.strip_prefix(keyword)
            .is_some_and(|after| after.is_empty() || after.starts_with([' ', '\t', '\n', '\r']))
    })
}

/// The first line after the one holding `at` that starts an item.
fn next_item_line(text: &str, at: usize) -> Option<usize> {
    let mut line = text[at..].find('\n').map(|i| at + i + 1)?;
    while line < text.len() {
        if starts_item(text, line) {
            return Some(line);
        }
        line = text[line..].find('\n').map(|i| line + i + 1)?;
    }
    None
}

#[derive(Debug, PartialEq, Eq)]
enum Token {
    Open,
    Close,
    /// A newline or `;`: the end of a statement.
    End,
    /// The first byte of a line.
    LineStart,
    /// A string with no closing quote on its line, at its opening quote.
    Unterminated,
}

/// Braces, statement ends and line starts, outside strings and comments.
struct Scanner<'t> {
    bytes: &'t [u8],
    at: usize,
    line_start: bool,
}

impl<'t> Scanner<'t> {
    fn new(text: &'t str, at: usize) -> Self {
        Self {
            bytes: text.as_bytes(),
            at,
            line_start: false,
        }
    }
}

impl Iterator for Scanner<'_> {
    type Item = (usize, Token);

    fn next(&mut self) -> Option<(usize, Token)> {
        while self.at < self.bytes.len() {
            let at = self.at;
            if self.line_start {
                self.line_start = false;
                return Some((at, Token::LineStart));
            }
            self.at += 1;
            match self.bytes[at] {
                b'{' => return Some((at, Token::Open)),
                b'}' => return Some((at, Token::Close)),
                b';' => return Some((at, Token::End)),
                b'\n' => {
                    self.line_start = true;
                    return Some((at, Token::End));
                }
                b'#' => {
                    while self.at < self.bytes.len() && self.bytes[self.at] != b'\n' {
                        self.at += 1;
                    }
                }
                b'"' => {
                    let mut closed = false;
                    while self.at < self.bytes.len() && !closed {
                        match self.bytes[self.at] {
                            b'\n' => break,
                            // An escape takes the next byte, but never a
                            // newline: strings end at the end of the line.
                            b'\\' if self.bytes.get(self.at + 1) != Some(&b'\n') => self.at += 1,
                            b'"' => closed = true,
                            _ => {}
                        }
                        self.at += 1;
                    }
                    self.at = self.at.min(self.bytes.len());
                    if !closed {
                        // Leave the newline for the next call.
                        if self.bytes.get(self.at.wrapping_sub(1)) == Some(&b'\n') {
                            self.at -= 1;
                        }
                        return Some((at, Token::Unterminated));
                    }
                }
                _ => {}
            }
        }
        None
    }
}
