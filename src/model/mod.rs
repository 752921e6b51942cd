//! The resolved, typed topology: what `lint` judges and `plan` consumes.
//! Names are resolved to indices, addresses are `std::net`/ipnetwork types,
//! and derived names are filled in. Spans stay attached, so that every
//! later stage can point back at the file.

pub mod ip;
mod lower;
mod mac;
pub mod names;
mod nodes;
pub mod options;
pub mod ranges;
mod topology;
pub mod values;

pub use lower::{lower, lower_in, lower_with};
pub use mac::MacAddr;
pub use nodes::NodeRanges;
pub use options::*;
pub use topology::*;
