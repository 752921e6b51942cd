//! docs/language.md stays in step with the grammar and the codes.

use macrame::diagnostic::Code;

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[test]
fn every_keyword_of_the_grammar_is_documented() {
    let grammar = read("grammar/macrame.pest");
    let docs = read("docs/language.md");
    let keywords: Vec<&str> = grammar
        .lines()
        .filter(|line| line.starts_with("kw_"))
        .filter_map(|line| line.split('"').nth(1))
        .collect();
    assert!(keywords.len() > 25, "found only {keywords:?}");
    for keyword in keywords {
        assert!(
            docs.contains(&format!("`{keyword}")),
            "docs/language.md never shows `{keyword}`"
        );
    }
}

#[test]
fn every_code_is_documented() {
    let docs = read("docs/language.md");
    for code in Code::ALL {
        assert!(
            docs.contains(&format!("| {} |", code.as_str()))
                || docs.contains(&format!("| `{}` |", code.as_str())),
            "docs/language.md has no table row for {code}"
        );
    }
}
