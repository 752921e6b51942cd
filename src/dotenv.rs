//! `KEY=VALUE` files as Compose reads them (`.env` for interpolation,
//! `env-file` for containers): `#` comments, blank lines, an optional
//! `export `, and values in single or double quotes.

/// The variables of a file, in order; a line without `=` is a variable
/// with an empty value. As compose-go reads them: an unquoted value ends
/// at ` #` (an inline comment); a double-quoted one takes `\n`, `\t`,
/// `\"` and `\\`; a single-quoted one is taken as written.
pub fn parse(text: &str) -> Vec<(String, String)> {
    let mut vars = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").unwrap_or(line);
        match line.split_once('=') {
            Some((key, value)) => vars.push((key.trim().to_string(), value_of(value.trim()))),
            None => vars.push((line.to_string(), String::new())),
        }
    }
    vars
}

fn value_of(value: &str) -> String {
    if let Some(body) = value.strip_prefix('\'')
        && let Some(end) = body.find('\'')
    {
        return body[..end].to_string();
    }
    if let Some(body) = value.strip_prefix('"') {
        let mut out = String::new();
        let mut chars = body.chars();
        while let Some(c) = chars.next() {
            match c {
                '"' => return out,
                '\\' => match chars.next() {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some(c @ ('"' | '\\')) => out.push(c),
                    Some(c) => {
                        out.push('\\');
                        out.push(c);
                    }
                    None => out.push('\\'),
                },
                c => out.push(c),
            }
        }
        // No closing quote: the line as written.
        return value.to_string();
    }
    match value.find(" #").or_else(|| value.find("\t#")) {
        Some(at) => value[..at].trim_end().to_string(),
        None => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn compose_style_lines() {
        let vars = super::parse("# c\n\nA=1\nexport B=\"two words\"\nC='x=y'\nD\n");
        let pairs: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(
            pairs,
            [("A", "1"), ("B", "two words"), ("C", "x=y"), ("D", "")]
        );
    }

    #[test]
    fn comments_and_escapes_as_compose_reads_them() {
        let vars =
            super::parse("TAG=1.27 # pinned\nQ=\"say \\\"hi\\\"\\n\" # c\nS='a \\n # b'\nH=a#b\n");
        let pairs: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(
            pairs,
            [
                ("TAG", "1.27"),
                ("Q", "say \"hi\"\n"),
                ("S", "a \\n # b"),
                ("H", "a#b")
            ]
        );
    }
}
