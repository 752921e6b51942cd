//! The pest grammar, `grammar/macrame.pest`, compiled into a parser.

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/macrame.pest"]
pub struct Grammar;
