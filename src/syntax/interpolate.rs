//! `${VAR}` in values, as Compose reads them: from the environment, else
//! from a `.env` file beside the topology file. Done while the tree is
//! built, value by value, so that an unset variable is reported at its own
//! span and every later stage sees only resolved text. Names of the file's
//! own objects are never interpolated (they are words, not values).

use crate::diagnostic::{Code, Diagnostic};
use crate::dotenv;
use crate::span::Span;
use std::collections::HashMap;
use std::path::Path;

/// The variables a file's values may use.
#[derive(Debug, Clone, Default)]
pub struct Environment {
    vars: HashMap<String, String>,
}

impl Environment {
    /// No variables at all: every `${VAR}` without a default is unset.
    pub fn empty() -> Environment {
        Environment::default()
    }

    /// The process's environment over the `.env` file in `dir` (the
    /// process wins, as in Compose).
    pub fn load(dir: &Path) -> Environment {
        Environment::load_file(&dir.join(".env"))
    }

    /// The process's environment over the variables file `path` (a
    /// missing file gives only the process's).
    pub fn load_file(path: &Path) -> Environment {
        let mut vars: HashMap<String, String> = std::fs::read_to_string(path)
            .map(|text| dotenv::parse(&text).into_iter().collect())
            .unwrap_or_default();
        vars.extend(std::env::vars());
        Environment { vars }
    }

    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Environment {
        Environment {
            vars: pairs
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(String::as_str)
    }
}

/// Resolves every `${...}`, `$VAR` and `$$` of `value`. `at` is where the
/// value's text starts in the file, `raw` that text as written (for the
/// spans of variables inside strings with escapes, found by position).
pub fn interpolate(
    value: &str,
    raw: &str,
    at: usize,
    env: &Environment,
    diagnostics: &mut Vec<Diagnostic>,
) -> String {
    if !value.contains('$') {
        return value.to_string();
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    // The n-th `$` of the value is the n-th of the raw text (escapes never
    // make or hide one), which gives each variable its span.
    let raw_dollars: Vec<usize> = raw.match_indices('$').map(|(i, _)| i).collect();
    let mut dollar = 0;
    while let Some(start) = rest.find('$') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let span_start = at + raw_dollars.get(dollar).copied().unwrap_or(0);
        dollar += 1;
        if let Some(tail) = after.strip_prefix('$') {
            out.push('$');
            dollar += 1;
            rest = tail;
            continue;
        }
        if let Some(body) = after.strip_prefix('{')
            && let Some(end) = closing_brace(body)
        {
            let expression = &body[..end];
            let span = Span::new(span_start, span_start + expression.len() + 3);
            out.push_str(&resolve(expression, span, env, diagnostics));
            // The dollars of a nested default are this one's.
            dollar += expression.matches('$').count();
            rest = &body[end + 1..];
            continue;
        }
        let name_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        if name_len == 0 || after.starts_with(|c: char| c.is_ascii_digit()) {
            out.push('$');
            rest = after;
            continue;
        }
        let span = Span::new(span_start, span_start + name_len + 1);
        out.push_str(&resolve(&after[..name_len], span, env, diagnostics));
        rest = &after[name_len..];
    }
    out.push_str(rest);
    out
}

/// Where the `}` that closes `${` is in `body` (what follows the `{`):
/// braces of nested `${...}` in a default pair up.
pub fn closing_brace(body: &str) -> Option<usize> {
    let mut depth = 0usize;
    let bytes = body.as_bytes();
    for (i, byte) in bytes.iter().enumerate() {
        match byte {
            b'{' if i > 0 && bytes[i - 1] == b'$' => depth += 1,
            b'}' if depth == 0 => return Some(i),
            b'}' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// `VAR`, `VAR:-default`, `VAR-default`, `VAR:?message`, `VAR?message`,
/// `VAR:+alternative`, `VAR+alternative`;
/// a default may itself hold variables (`${A:-${B}}`), as in Compose.
fn resolve(expression: &str, span: Span, env: &Environment, out: &mut Vec<Diagnostic>) -> String {
    let name_len = expression
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(expression.len());
    let (name, operator) = expression.split_at(name_len);
    let value = env.get(name);
    let unset_or_empty = value.is_none_or(str::is_empty);
    let (colon, rest) = match operator.strip_prefix(':') {
        Some(rest) => (true, rest),
        None => (false, operator),
    };
    // With `:` an empty value counts as unset, as in the shell.
    let missing = if colon {
        unset_or_empty
    } else {
        value.is_none()
    };
    if name.is_empty() || (rest.is_empty() && colon) {
        out.push(
            Diagnostic::new(
                Code::UnsetVariable,
                span,
                format!("`${{{expression}}}` is not a variable"),
            )
            .note("not a variable")
            .help(
                "write `${NAME}`, `${NAME:-default}` or `${NAME:?message}`; `$$` is a literal `$`",
            ),
        );
        return String::new();
    }
    match rest.chars().next() {
        None => match value {
            Some(value) => value.to_string(),
            None => {
                out.push(
                    Diagnostic::new(
                        Code::UnsetVariable,
                        span,
                        format!("variable `{name}` is not set"),
                    )
                    .note("unset, and no default")
                    .help(format!(
                        "set it in the environment or in `.env` beside the file (`{name}=...`), or give a default: `${{{name}:-VALUE}}`"
                    )),
                );
                String::new()
            }
        },
        Some('-') if missing => interpolate(
            &rest[1..],
            &rest[1..],
            span.start + 2 + name.len() + usize::from(colon) + 1,
            env,
            out,
        ),
        Some('-') => value.unwrap_or_default().to_string(),
        Some('?') if missing => {
            let message = &rest[1..];
            out.push(
                Diagnostic::new(
                    Code::UnsetVariable,
                    span,
                    if message.is_empty() {
                        format!("variable `{name}` is required")
                    } else {
                        format!("variable `{name}` is required: {message}")
                    },
                )
                .note("required, and not set")
                .help(format!(
                    "set `{name}` in the environment or in `.env` beside the file"
                )),
            );
            String::new()
        }
        Some('?') => value.unwrap_or_default().to_string(),
        // `${VAR:+alternative}`: the alternative when set, else empty.
        Some('+') if missing => String::new(),
        Some('+') => interpolate(
            &rest[1..],
            &rest[1..],
            span.start + 2 + name.len() + usize::from(colon) + 1,
            env,
            out,
        ),
        Some(_) => {
            out.push(
                Diagnostic::new(
                    Code::UnsetVariable,
                    span,
                    format!("`${{{expression}}}` is not a variable expression"),
                )
                .note("unknown operator")
                .help("the forms are `${NAME}`, `${NAME:-default}`, `${NAME-default}`, `${NAME:?message}`, `${NAME?message}`, `${NAME:+alternative}` and `${NAME+alternative}`"),
            );
            String::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(value: &str) -> (String, Vec<(String, Span)>) {
        let env = Environment::from_pairs([("NIC", "eth1"), ("EMPTY", "")]);
        let mut diagnostics = Vec::new();
        let out = interpolate(value, value, 100, &env, &mut diagnostics);
        (
            out,
            diagnostics
                .into_iter()
                .map(|d| (d.message, d.primary.span))
                .collect(),
        )
    }

    #[test]
    fn the_compose_forms() {
        assert_eq!(run("${NIC}.20").0, "eth1.20");
        assert_eq!(run("$NIC").0, "eth1");
        assert_eq!(run("${GONE:-eth0}").0, "eth0");
        assert_eq!(run("${EMPTY:-x}").0, "x");
        assert_eq!(run("${EMPTY-x}").0, "");
        assert_eq!(run("${NIC:?needed}").0, "eth1");
        assert_eq!(run("cost $$5").0, "cost $5");
        assert_eq!(run("no variables").0, "no variables");
        assert_eq!(
            run("${GONE:-${NIC}}.5").0,
            "eth1.5",
            "a default may hold a variable"
        );
        assert_eq!(run("${GONE:-x${ALSO_GONE:-y}z}").0, "xyz");
        assert_eq!(run("${NIC:+set}").0, "set");
        assert_eq!(run("${EMPTY:+set}").0, "");
        assert_eq!(run("${EMPTY+set}").0, "set");
        assert_eq!(run("${GONE+set}").0, "");
    }

    #[test]
    fn unset_variables_are_reported_at_their_span() {
        let (_, diagnostics) = run("a-${GONE}-b");
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].1, Span::new(102, 109));
        assert!(diagnostics[0].0.contains("`GONE` is not set"));
        let (_, diagnostics) = run("${GONE:?set the NIC}");
        assert!(diagnostics[0].0.contains("required: set the NIC"));
        let (_, diagnostics) = run("${EMPTY:?x}");
        assert_eq!(diagnostics.len(), 1, "`:?` treats empty as unset");
        assert!(run("${EMPTY?x}").1.is_empty());
        // After a nested default, a later variable still has its own span.
        let (out, diagnostics) = run("${A:-$NIC} ${GONE}");
        assert_eq!(out, "eth1 ");
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert_eq!(diagnostics[0].1, Span::new(111, 118));
    }
}
