//! Writing values into topology text: each slot of the grammar takes a
//! bare word, a bare value, a path, or a string, and a value that does not
//! fit a bare-only slot cannot be written there at all (the importer then
//! reports it and writes it as a comment).

/// What the grammar accepts at a place in a statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// A name: letters, digits, `_ . @ -`.
    Word,
    /// Address-shaped: a word's characters and `: / %`.
    Value,
    /// A path or mount: a value's characters and `~ + , =`; else a string.
    Path,
    /// Always a string.
    Text,
}

/// `value` as the slot takes it, or `None` when a bare-only slot cannot
/// hold it. `$` in `value` is already the topology's (`$$`, `${VAR}`).
pub fn token(value: &str, slot: Slot) -> Option<String> {
    let extra: &str = match slot {
        Slot::Word => "_.@-",
        Slot::Value => "_.@-:/%",
        Slot::Path => "_.@-:/%~+,=",
        Slot::Text => return Some(quoted(value)),
    };
    if fits(value, extra) {
        Some(value.to_string())
    } else if slot == Slot::Path {
        Some(quoted(value))
    } else {
        None
    }
}

/// A string literal of the topology language.
pub fn quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            // A carriage return would end the string's line, and has no
            // escape: a space keeps it on its line.
            '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Whether `value` is one bare token of alphanumerics, `extra` and
/// variables (`${...}` without quotes or line breaks, `$NAME`, `$$`).
fn fits(value: &str, extra: &str) -> bool {
    if value.is_empty() {
        return false;
    }
    let bytes = value.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'$' {
            match bytes.get(i + 1) {
                Some(b'$') => i += 2,
                Some(b'{') => {
                    let Some(end) = crate::syntax::interpolate::closing_brace(&value[i + 2..])
                    else {
                        return false;
                    };
                    let body = &value[i + 2..i + 2 + end];
                    if body.contains(['"', '\n']) {
                        return false;
                    }
                    i += end + 3;
                }
                Some(c) if c.is_ascii_alphabetic() || *c == b'_' => i += 1,
                _ => return false,
            }
            continue;
        }
        if !(c.is_ascii_alphanumeric() || extra.as_bytes().contains(&c)) {
            return false;
        }
        i += 1;
    }
    true
}

/// `text` split at `separator`, never inside a `${...}` (whose default
/// may hold the separator: `${DIR:-./data}:/data`).
pub fn split_outside_variables(text: &str, separator: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < text.len() {
        if text[i..].starts_with("${")
            && let Some(end) = crate::syntax::interpolate::closing_brace(&text[i + 2..])
        {
            i += end + 3;
            continue;
        }
        if text[i..].starts_with(separator) {
            parts.push(&text[start..i]);
            start = i + separator.len_utf8();
        }
        i += text[i..].chars().next().map_or(1, char::len_utf8);
    }
    parts.push(&text[start..]);
    parts
}

/// A Compose name (service, network, volume) as the topology's name for
/// the same object: itself when it is a word and a Docker name, else made
/// one (`_base` → `base`, `front net` → `front-net`), the same way at the
/// declaration and at every reference.
pub fn local_name(name: &str) -> String {
    if token(name, Slot::Word).is_some() && crate::model::names::is_docker_name(name) {
        name.to_string()
    } else {
        crate::model::names::fixed_name(name)
    }
}

/// A comment line's text, one line, for what could not be written.
pub fn comment(text: &str) -> String {
    let text: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    format!("# {text}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots() {
        assert_eq!(token("eth0.50", Slot::Word).as_deref(), Some("eth0.50"));
        assert_eq!(
            token("${PARENT:-eth0}", Slot::Word).as_deref(),
            Some("${PARENT:-eth0}")
        );
        assert_eq!(token("<parent interface>", Slot::Word), None);
        assert_eq!(
            token("10.0.0.0/24", Slot::Value).as_deref(),
            Some("10.0.0.0/24")
        );
        assert_eq!(
            token("./a b:/c", Slot::Path).as_deref(),
            Some("\"./a b:/c\"")
        );
        assert_eq!(
            token("say \"hi\"", Slot::Text).as_deref(),
            Some("\"say \\\"hi\\\"\"")
        );
        assert_eq!(token("${A:?set \"A\"}", Slot::Value), None);
        assert_eq!(
            split_outside_variables("${D:-./x}:/data:ro", ':'),
            ["${D:-./x}", "/data", "ro"]
        );
        assert_eq!(quoted("a\rb"), "\"a b\"");
    }
}
