//! `macrame graph`: the topology as dot, mermaid or svg.

use super::load;
use crate::cli::{GraphArgs, GraphFormat};
use crate::graph;
use std::process::ExitCode;

pub fn run(args: GraphArgs) -> ExitCode {
    let topology = match load(&args.project) {
        Ok(topology) => topology,
        Err(code) => return code,
    };
    let picture = match args.format {
        GraphFormat::Dot => Ok(graph::dot(&topology)),
        GraphFormat::Mermaid => Ok(graph::mermaid(&topology)),
        GraphFormat::Svg => graph::svg(&topology),
    };
    match picture {
        Ok(text) => {
            crate::out!("{text}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(1)
        }
    }
}
