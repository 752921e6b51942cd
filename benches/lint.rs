//! How fast `lint` is on a huge file: 10,000 containers on 500 networks
//! (with vlans, shims, second networks and dependencies), generated here.
//!
//!     cargo bench --bench lint                  # time the library
//!     cargo bench --bench lint -- --write F     # write the file, for the CLI
//!
//! The bar: under 0.2 s with a release build. `scripts/bench-lint`
//! runs both.

use macrame::lint::check;
use macrame::source::Source;
use std::time::{Duration, Instant};

#[path = "generate.rs"]
mod generate;
use generate::generate;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let text = generate(500, 20);
    if let Some(at) = args.iter().position(|a| a == "--write") {
        let path = args.get(at + 1).expect("--write FILE");
        std::fs::write(path, &text).expect("write the generated file");
        println!(
            "wrote {path}: {} bytes, {} lines",
            text.len(),
            text.lines().count()
        );
        return;
    }
    let source = Source::new("bench.mcr", text.clone());
    let checked = check(&source, "bench");
    assert!(
        checked.diagnostics.is_empty(),
        "the generated file should lint clean: {:?}",
        checked.diagnostics.iter().take(5).collect::<Vec<_>>()
    );
    assert_eq!(checked.topology.containers.len(), 10_000);
    assert_eq!(checked.topology.networks.len(), 500);

    if args.iter().any(|a| a == "--stages") {
        for _ in 0..3 {
            stages(&text);
            whole(&text);
        }
    }
    let runs = 10;
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            let checked = check(&source, "bench");
            let elapsed = start.elapsed();
            std::hint::black_box(checked);
            elapsed
        })
        .collect();
    times.sort();
    println!(
        "lint 10,000 containers on 500 networks ({} KiB, {} lines): median {:.1} ms, min {:.1} ms, max {:.1} ms over {runs} runs",
        text.len() / 1024,
        text.lines().count(),
        times[runs / 2].as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times[runs - 1].as_secs_f64() * 1e3,
    );
}

#[allow(dead_code)]
fn stages(text: &str) {
    let t = Instant::now();
    let (ast, _) = macrame::syntax::parse(text);
    let parse = t.elapsed();
    let t = Instant::now();
    let (topology, _) = macrame::model::lower(&ast, "bench");
    let lower = t.elapsed();
    let t = Instant::now();
    let _ = macrame::lint::lint_topology(&topology);
    let lint = t.elapsed();
    println!("parse {parse:?} lower {lower:?} lint {lint:?}");
}

#[allow(dead_code)]
fn whole(text: &str) {
    use pest::Parser;
    let t = Instant::now();
    let pairs = macrame::syntax::Grammar::parse(macrame::syntax::Rule::file, text).unwrap();
    let n = pairs.flatten().count();
    println!("whole-file pest parse {:?} ({n} pairs)", t.elapsed());
}
