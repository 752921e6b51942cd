//! macrame: Docker macvlan topologies from one small file.
//!
//! The pipeline, one module per stage: [`syntax`] reads the text into a
//! tree with spans, [`model`] resolves it into typed objects, [`lint`]
//! judges the model and reports [`diagnostic`]s, and [`report`] prints
//! them for people and machines.

pub mod apply;
pub mod cli;
pub mod cluster;
pub mod commands;
pub mod compose;
pub mod diagnostic;
pub mod docker;
pub mod dotenv;
pub mod engine;
pub mod error;
pub mod explain;
pub mod format;
#[doc(hidden)]
pub mod fuzzing;
pub mod graph;
pub mod host;
pub mod lint;
pub mod lock;
pub mod lsp;
pub mod model;
pub mod object;
pub mod observed;
pub mod persist;
pub mod plan;
pub mod probe;
pub mod report;
pub mod source;
pub mod span;
pub mod suggest;
pub mod syntax;
pub mod terminal;
