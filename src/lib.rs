//! macrame: Docker macvlan topologies from one small file.
//!
//! The pipeline, one module per stage: [`syntax`] reads the text into a
//! tree with spans, [`model`] resolves it into typed objects, [`lint`]
//! judges the model and reports [`diagnostic`]s, and [`report`] prints
//! them for people and machines.

pub mod cli;
pub mod diagnostic;
pub mod lint;
pub mod model;
pub mod report;
pub mod source;
pub mod span;
pub mod suggest;
pub mod syntax;
