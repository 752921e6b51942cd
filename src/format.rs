//! `macrame fmt`: one canonical layout. The formatter works on tokens, not
//! on the syntax tree, so that every comment stays where it stands: two
//! spaces of indentation per block, one statement per line (a one-line
//! block is opened up), single spaces between words, at most one blank
//! line, and a blank line after every top-level block.

/// A token as written: strings and comments keep their exact text.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token<'t> {
    Word(&'t str),
    Open,
    Close,
    /// `;` or a newline: the end of a statement.
    End {
        newline: bool,
    },
    Comment(&'t str),
}

fn lex(text: &str) -> Vec<Token<'_>> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let start = at;
        match bytes[at] {
            b' ' | b'\t' => at += 1,
            // A lone carriage return ends a line, as the grammar reads it.
            b'\r' => {
                if bytes.get(at + 1) != Some(&b'\n') {
                    tokens.push(Token::End { newline: true });
                }
                at += 1;
            }
            b'\n' => {
                tokens.push(Token::End { newline: true });
                at += 1;
            }
            b';' => {
                tokens.push(Token::End { newline: false });
                at += 1;
            }
            b'{' => {
                tokens.push(Token::Open);
                at += 1;
            }
            b'}' => {
                tokens.push(Token::Close);
                at += 1;
            }
            b'#' => {
                at = text[at..]
                    .find(['\n', '\r'])
                    .map_or(bytes.len(), |i| at + i);
                tokens.push(Token::Comment(text[start..at].trim_end()));
            }
            b'"' => {
                at += 1;
                while at < bytes.len() && bytes[at] != b'"' && bytes[at] != b'\n' {
                    at += if bytes[at] == b'\\' && at + 1 < bytes.len() && bytes[at + 1] != b'\n' {
                        2
                    } else {
                        1
                    };
                }
                if at < bytes.len() && bytes[at] == b'"' {
                    at += 1;
                }
                tokens.push(Token::Word(&text[start..at]));
            }
            // `=` is a token of its own (`env A=1` prints as `env A = 1`),
            // except inside a path (`volume a=b:/c`), where it is text.
            b'=' if !in_path(&tokens) => {
                tokens.push(Token::Word("="));
                at += 1;
            }
            _ => {
                let path = in_path(&tokens);
                while at < bytes.len() {
                    // `${VAR:-x}` is part of the word, braces and all.
                    if bytes[at] == b'$'
                        && bytes.get(at + 1) == Some(&b'{')
                        && let Some(end) =
                            crate::syntax::interpolate::closing_brace(&text[at + 2..])
                        && !text[at + 2..at + 2 + end].contains('\n')
                    {
                        at += 2 + end + 1;
                        continue;
                    }
                    if b" \t\r\n;{}#\"".contains(&bytes[at]) || (bytes[at] == b'=' && !path) {
                        break;
                    }
                    at += 1;
                }
                if at == start {
                    // A byte no token starts with: keep it as a word.
                    at += text[at..].chars().next().map_or(1, char::len_utf8);
                }
                tokens.push(Token::Word(&text[start..at]));
            }
        }
    }
    tokens
}

/// Whether the statement being lexed takes a path, where `=` is text:
/// its first word is one of the keywords whose value is a path.
fn in_path(tokens: &[Token<'_>]) -> bool {
    const PATHS: &[&str] = &[
        "volume",
        "tmpfs",
        "device",
        "env-file",
        "workdir",
        "build",
        "dockerfile",
        "stop-signal",
        "security-opt",
    ];
    let statement = tokens
        .iter()
        .rev()
        .take_while(|t| !matches!(t, Token::End { .. } | Token::Open | Token::Close))
        .last();
    matches!(statement, Some(Token::Word(word)) if PATHS.contains(word))
        && tokens.len() > 1
        && !matches!(
            tokens.last(),
            Some(Token::End { .. } | Token::Open | Token::Close)
        )
}

struct Printer {
    out: Vec<String>,
    /// The trailing comment of each line of `out`, if it has one.
    comments: Vec<Option<String>>,
    depth: usize,
    words: Vec<String>,
    /// The source had a blank line before what comes next.
    blank: bool,
    /// Something was printed since the source's last newline: a comment
    /// now trails that line.
    same_line: bool,
    /// The last line printed opened a block that is still empty.
    just_opened: bool,
    /// The last top-level item ended with a block.
    after_block: bool,
}

impl Printer {
    fn indent(&self) -> String {
        "  ".repeat(self.depth)
    }

    /// Starts a new output line, with a blank line before it where the
    /// layout wants one.
    fn line(&mut self, text: String) {
        let wants_blank = !self.out.is_empty()
            && !self.just_opened
            && (self.blank || (self.depth == 0 && self.after_block));
        if wants_blank && self.out.last().is_some_and(|l| !l.is_empty()) {
            self.out.push(String::new());
        }
        if self.depth == 0 {
            self.after_block = false;
        }
        self.blank = false;
        self.just_opened = false;
        self.same_line = true;
        self.out.push(text);
        while self.comments.len() < self.out.len() {
            self.comments.push(None);
        }
    }

    fn trail(&mut self, comment: &str) {
        let last = self.out.len() - 1;
        while self.comments.len() < self.out.len() {
            self.comments.push(None);
        }
        self.comments[last] = Some(comment.to_string());
    }

    fn flush(&mut self, suffix: &str) {
        if self.words.is_empty() {
            return;
        }
        let text = format!("{}{}{suffix}", self.indent(), self.words.join(" "));
        self.words.clear();
        self.line(text);
    }
}

/// The file in canonical layout. Only for text that parses: the caller
/// checks for syntax errors first.
pub fn format(text: &str) -> String {
    let mut p = Printer {
        out: Vec::new(),
        comments: Vec::new(),
        depth: 0,
        words: Vec::new(),
        blank: false,
        same_line: false,
        just_opened: false,
        after_block: false,
    };
    let mut newlines = 0;
    for token in lex(text) {
        if !matches!(token, Token::End { newline: true }) {
            if newlines >= 2 {
                p.blank = true;
            }
            newlines = 0;
        }
        match token {
            Token::Word(word) => p.words.push(word.to_string()),
            Token::End { newline } => {
                p.flush("");
                if newline {
                    newlines += 1;
                    p.same_line = false;
                }
            }
            Token::Open => {
                if p.words.is_empty() {
                    // Cannot happen in a file that parses; keep the brace.
                    p.words.push(String::new());
                }
                p.flush(" {");
                p.depth += 1;
                p.just_opened = true;
            }
            Token::Close => {
                p.flush("");
                // No blank line before a closing brace.
                p.blank = false;
                p.depth = p.depth.saturating_sub(1);
                if p.just_opened {
                    // An empty block stays on its opening line: `{}`.
                    let last = p.out.last_mut().expect("the block's opening line");
                    if let Some(open) = last.rfind(" {") {
                        last.replace_range(open.., &format!(" {{}}{}", &last[open + 2..]));
                    }
                    p.just_opened = false;
                    // A comment after the `}` stays on this line.
                    p.same_line = true;
                } else {
                    let text = format!("{}}}", p.indent());
                    p.line(text);
                    // An item that spans lines stands apart from the next.
                    if p.depth == 0 {
                        p.after_block = true;
                    }
                }
                p.blank = false;
            }
            Token::Comment(comment) => {
                if !p.words.is_empty() {
                    p.flush("");
                    p.trail(comment);
                } else if p.same_line && !p.out.is_empty() {
                    p.trail(comment);
                } else {
                    let text = format!("{}{comment}", p.indent());
                    p.line(text);
                }
            }
        }
    }
    p.flush("");
    let mut text = join_aligned(&p.out, &p.comments);
    while text.ends_with('\n') {
        text.pop();
    }
    if !text.is_empty() {
        text.push('\n');
    }
    text
}

/// The lines, with trailing comments on consecutive lines aligned in one
/// column (two spaces past the longest of those lines).
fn join_aligned(lines: &[String], comments: &[Option<String>]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < lines.len() {
        let run_end = (i..lines.len())
            .find(|&j| comments.get(j).is_none_or(Option::is_none))
            .unwrap_or(lines.len());
        if run_end == i {
            out.push_str(&lines[i]);
            out.push('\n');
            i += 1;
            continue;
        }
        let width = lines[i..run_end]
            .iter()
            .map(|l| l.chars().count())
            .max()
            .unwrap_or(0);
        for j in i..run_end {
            let comment = comments[j].as_deref().unwrap_or_default();
            let pad = width - lines[j].chars().count() + 2;
            out.push_str(&lines[j]);
            out.push_str(&" ".repeat(pad));
            out.push_str(comment);
            out.push('\n');
        }
        i = run_end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::format;

    #[test]
    fn table() {
        for (input, expected) in [
            (
                "network lan { parent eth0; subnet 10.1.0.0/24 gateway 10.1.0.1 }\n",
                "network lan {\n  parent eth0\n  subnet 10.1.0.0/24 gateway 10.1.0.1\n}\n",
            ),
            (
                "vlan 8 on eth0 {}\nvlan 9 on eth0 { }\n",
                "vlan 8 on eth0 {}\nvlan 9 on eth0 {}\n",
            ),
            (
                "parent eth0\nparent eth1\n\n\n\nproject p\n",
                "parent eth0\nparent eth1\n\nproject p\n",
            ),
            (
                "container a {\n\n   image   \"x y\"   # the image\n\n\n  env A=\"1\"\n\n}\n",
                "container a {\n  image \"x y\"  # the image\n\n  env A = \"1\"\n}\n",
            ),
            (
                "# top\nnetwork a {   # opens\n# inside\n}\nnetwork b {}\n",
                "# top\nnetwork a {  # opens\n  # inside\n}\n\nnetwork b {}\n",
            ),
            (
                "network a { subnet 10.0.0.0/24 { gateway 10.0.0.1 } }\ncontainer c { image x }\n",
                "network a {\n  subnet 10.0.0.0/24 {\n    gateway 10.0.0.1\n  }\n}\n\ncontainer c {\n  image x\n}\n",
            ),
            ("", ""),
            (
                "network a {\n}  # about a\nnetwork b {}\n",
                "network a {}  # about a\nnetwork b {}\n",
            ),
            ("parent eth0\rparent eth1\n", "parent eth0\nparent eth1\n"),
            (
                "parent eth0  # c\r\nparent eth1\r\n",
                "parent eth0  # c\nparent eth1\n",
            ),
            ("\n\n# only\n\n", "# only\n"),
        ] {
            assert_eq!(format(input), expected, "input: {input:?}");
            assert_eq!(
                format(expected),
                expected,
                "not idempotent on: {expected:?}"
            );
        }
    }
}
