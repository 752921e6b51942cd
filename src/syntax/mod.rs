//! Text to syntax tree: the pest grammar, the tree it is lowered into, and
//! the words a parse error is explained with.

pub mod ast;
mod grammar;
pub mod interpolate;
mod keywords;
mod parser;
mod wording;

pub use ast::Ast;
pub use grammar::{Grammar, Rule};
pub use interpolate::Environment;
pub use keywords::{Block, ITEM_KEYWORDS, VALUE_KEYWORDS};
pub use parser::{parse, parse_with};
