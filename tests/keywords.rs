//! Every keyword is spelled in one table (src/syntax/keywords.rs: the items
//! and each block's statements), which the explainer and completion are
//! driven from; this test proves the grammar and the VS Code grammar agree
//! with it, so a keyword added in one place and missed in another fails
//! here instead of misparsing in silence. (docs.rs checks the docs.)

use macrame::syntax::{Block, ITEM_KEYWORDS, VALUE_KEYWORDS};
use std::collections::BTreeSet;

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// The tables' keywords: items, statements, and the words within statements.
fn table() -> BTreeSet<String> {
    ITEM_KEYWORDS
        .iter()
        .chain(Block::ALL.iter().flat_map(|b| b.keywords()))
        .chain(VALUE_KEYWORDS)
        .map(|k| k.to_string())
        .collect()
}

#[test]
fn the_grammar_has_exactly_the_tables_keywords() {
    let grammar: BTreeSet<String> = read("grammar/macrame.pest")
        .lines()
        .filter(|line| line.starts_with("kw_"))
        .filter_map(|line| line.split('"').nth(1))
        .map(str::to_string)
        .collect();
    let table = table();
    assert_eq!(
        grammar.difference(&table).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "in grammar/macrame.pest but in no table of src/syntax/keywords.rs"
    );
    assert_eq!(
        table.difference(&grammar).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "in src/syntax/keywords.rs but not a kw_ rule of the grammar"
    );
}

#[test]
fn the_vscode_grammar_highlights_every_keyword() {
    let textmate = read("editors/vscode/syntaxes/macrame.tmLanguage.json");
    let missing: Vec<String> = table()
        .into_iter()
        .filter(|keyword| {
            // As an alternative in a match: `(image|name)`, `|gateway)`...
            !["(", "|"].iter().any(|before| {
                [")", "|"]
                    .iter()
                    .any(|after| textmate.contains(&format!("{before}{keyword}{after}")))
            })
        })
        .collect();
    assert!(
        missing.is_empty(),
        "editors/vscode/syntaxes/macrame.tmLanguage.json has no match for {missing:?}"
    );
}
