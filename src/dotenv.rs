//! `KEY=VALUE` files as Compose reads them (`.env` for interpolation,
//! `env-file` for containers): `#` comments, blank lines, an optional
//! `export `, and values in single or double quotes.

/// The variables of a file, in order; a line without `=` is a variable
/// with an empty value.
pub fn parse(text: &str) -> Vec<(String, String)> {
    let mut vars = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").unwrap_or(line);
        match line.split_once('=') {
            Some((key, value)) => {
                let value = value.trim();
                let unquoted = value
                    .strip_prefix('"')
                    .and_then(|v| v.strip_suffix('"'))
                    .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
                    .unwrap_or(value);
                vars.push((key.trim().to_string(), unquoted.to_string()));
            }
            None => vars.push((line.to_string(), String::new())),
        }
    }
    vars
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
}
